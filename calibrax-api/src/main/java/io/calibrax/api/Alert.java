package io.calibrax.api;

import io.calibrax.api.internal.Args;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One alert: a metric crossed its threshold (or a breach cleared, or an application raised it).
 *
 * <p>Immutable and thread-safe: the metadata is copied on construction and cannot be changed.
 * Metadata keys must not be null; values may be any JSON-friendly object (strings, numbers,
 * booleans, lists, maps) or null.
 *
 * @param message     what happened, for people; never null
 * @param severity    how urgent; never null
 * @param metricName  the metric that triggered it; never null or blank
 * @param metricValue the value observed; finite
 * @param threshold   the threshold it was compared with; finite
 * @param timestamp   when it was raised; never null
 * @param metadata    extra context, such as {@code trend} or {@code state}; null means empty
 */
public record Alert(
        String message,
        AlertSeverity severity,
        String metricName,
        double metricValue,
        double threshold,
        Instant timestamp,
        Map<String, Object> metadata) {

    /**
     * Validates and copies.
     *
     * @throws NullPointerException     if message, severity, metricName or timestamp is null, or a
     *                                  metadata key is null
     * @throws IllegalArgumentException if metricName is blank, or metricValue or threshold is NaN
     *                                  or infinite
     */
    public Alert {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(severity, "severity");
        Args.nonBlank(metricName, "metricName");
        Args.finite(metricValue, "metricValue");
        Args.finite(threshold, "threshold");
        Objects.requireNonNull(timestamp, "timestamp");
        metadata = copyMetadata(metadata);
    }

    /** An alert raised now, without metadata. */
    public Alert(String message, AlertSeverity severity, String metricName, double metricValue, double threshold) {
        this(message, severity, metricName, metricValue, threshold, Instant.now(), Map.of());
    }

    /**
     * Copies metadata into an unmodifiable map that keeps insertion order.
     *
     * @throws NullPointerException if a key is null
     */
    public static Map<String, Object> copyMetadata(Map<String, ?> metadata) {
        if (metadata == null || metadata.isEmpty()) {
            return Map.of();
        }
        Map<String, Object> copy = new LinkedHashMap<>(Math.max(4, metadata.size() * 2));
        for (Map.Entry<String, ?> entry : metadata.entrySet()) {
            copy.put(Objects.requireNonNull(entry.getKey(), "metadata key"), entry.getValue());
        }
        return Collections.unmodifiableMap(copy);
    }

    /** The timestamp as epoch seconds with a fraction, as the Python library writes it. */
    public double epochSeconds() {
        return timestamp.getEpochSecond() + timestamp.getNano() / 1_000_000_000.0;
    }

    /**
     * A JSON-ready map with the Python library's keys: {@code message}, {@code severity} (its
     * value string), {@code metric_name}, {@code metric_value}, {@code threshold},
     * {@code timestamp} (epoch seconds, a double) and {@code metadata} (a map).
     */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("message", message);
        map.put("severity", severity.value());
        map.put("metric_name", metricName);
        map.put("metric_value", metricValue);
        map.put("threshold", threshold);
        map.put("timestamp", epochSeconds());
        map.put("metadata", metadata);
        return Collections.unmodifiableMap(map);
    }
}
