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
 * @param labels      the alert's identity for routing, silences, inhibition and export: names match
 *                    {@code [a-zA-Z_][a-zA-Z0-9_]*}, values are never null; always holds
 *                    {@code metric} (the metric name unless given); null means just that
 * @since 0.1.0
 */
public record Alert(
        String message,
        AlertSeverity severity,
        String metricName,
        double metricValue,
        double threshold,
        Instant timestamp,
        Map<String, Object> metadata,
        Map<String, String> labels) {

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
        labels = Labels.withMetric(labels, metricName);
    }

    /**
     * An alert whose only label is {@code metric}, the metric name: the form the first version
     * had, kept so that code written for it compiles unchanged.
     */
    public Alert(String message, AlertSeverity severity, String metricName, double metricValue, double threshold,
            Instant timestamp, Map<String, Object> metadata) {
        this(message, severity, metricName, metricValue, threshold, timestamp, metadata, null);
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

    /**
     * This alert with {@code extra} labels added where it has no label of that name yet: the
     * alert's own labels are more specific, so they win (how core applies {@code calibrax.labels}).
     *
     * @throws IllegalArgumentException if a name in {@code extra} is not a valid label name
     */
    public Alert withDefaultLabels(Map<String, String> extra) {
        if (extra == null || extra.isEmpty() || labels.keySet().containsAll(extra.keySet())) {
            return this;
        }
        Map<String, String> merged = new LinkedHashMap<>(extra);
        merged.putAll(labels);
        return new Alert(message, severity, metricName, metricValue, threshold, timestamp, metadata, merged);
    }

    /**
     * This alert with one label set (replacing a label of that name).
     *
     * @throws IllegalArgumentException if {@code name} is not a valid label name
     */
    public Alert withLabel(String name, String value) {
        Objects.requireNonNull(value, "label value");
        if (value.equals(labels.get(name))) {
            return this;
        }
        Map<String, String> merged = new LinkedHashMap<>(labels);
        merged.put(name, value);
        return new Alert(message, severity, metricName, metricValue, threshold, timestamp, metadata, merged);
    }

    /** The timestamp as epoch seconds with a fraction, as the Python library writes it. */
    public double epochSeconds() {
        return timestamp.getEpochSecond() + timestamp.getNano() / 1_000_000_000.0;
    }

    /**
     * A JSON-ready map with the Python library's keys: {@code message}, {@code severity} (its
     * value string), {@code metric_name}, {@code metric_value}, {@code threshold},
     * {@code timestamp} (epoch seconds, a double), {@code metadata} (a map) and {@code labels}
     * (a map of strings).
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
        map.put("labels", labels);
        return Collections.unmodifiableMap(map);
    }
}
