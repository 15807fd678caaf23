package io.calibrax.api;

import java.util.Map;
import java.util.Objects;

/**
 * A snapshot of a monitor: its thresholds, how many alerts it has raised, each metric's
 * statistics, and whether its loop runs.
 *
 * <p>Immutable and thread-safe: the maps are copied on construction.
 *
 * @param thresholds    threshold per metric name
 * @param alertCount    alerts raised so far
 * @param metricHistory statistics per metric name
 * @param isMonitoring  whether the background loop was running
 * @since 0.1.0
 */
public record MonitoringSummary(
        Map<String, Double> thresholds,
        int alertCount,
        Map<String, MetricStats> metricHistory,
        boolean isMonitoring) {

    /**
     * @throws NullPointerException     if a map is null
     * @throws IllegalArgumentException if alertCount is negative
     */
    public MonitoringSummary {
        thresholds = Map.copyOf(Objects.requireNonNull(thresholds, "thresholds"));
        metricHistory = Map.copyOf(Objects.requireNonNull(metricHistory, "metricHistory"));
        if (alertCount < 0) {
            throw new IllegalArgumentException("alertCount must not be negative, got " + alertCount);
        }
    }
}
