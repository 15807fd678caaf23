package io.calibrax.monitoring;

import io.calibrax.api.HealthStatus;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The health of every pipeline a {@link ProductionMonitor} has seen, and of all of them together.
 *
 * <p>Immutable and thread-safe: the maps are copied (in their order) and cannot be changed.
 *
 * @param overallHealth   the worst pipeline's health; {@code HEALTHY} without executions
 * @param pipelines       statistics by pipeline name
 * @param baselines       performance baselines in seconds, by pipeline name
 * @param totalExecutions executions of all pipelines together
 * @since 0.1.0
 */
public record PipelineHealthReport(
        HealthStatus overallHealth,
        Map<String, PipelineStats> pipelines,
        Map<String, Double> baselines,
        long totalExecutions) {

    /**
     * @throws NullPointerException     if an argument, a key or a value is null
     * @throws IllegalArgumentException if totalExecutions is negative
     */
    public PipelineHealthReport {
        Objects.requireNonNull(overallHealth, "overallHealth");
        pipelines = copy(pipelines, "pipelines");
        baselines = copy(baselines, "baselines");
        if (totalExecutions < 0) {
            throw new IllegalArgumentException("totalExecutions must not be negative, got " + totalExecutions);
        }
    }

    private static <V> Map<String, V> copy(Map<String, V> map, String name) {
        Objects.requireNonNull(map, name);
        Map<String, V> copy = new LinkedHashMap<>(Math.max(4, map.size() * 2));
        for (Map.Entry<String, V> entry : map.entrySet()) {
            if (entry.getKey() == null || entry.getValue() == null) {
                throw new NullPointerException(name + " must not hold a null key or value");
            }
            copy.put(entry.getKey(), entry.getValue());
        }
        return Collections.unmodifiableMap(copy);
    }

    /**
     * A JSON-ready map with the Python library's keys: {@code overall_health} (its value string),
     * {@code pipelines} (name to {@link PipelineStats#toMap()}), {@code baselines} and
     * {@code total_executions}.
     */
    public Map<String, Object> toMap() {
        Map<String, Object> stats = new LinkedHashMap<>();
        pipelines.forEach((name, pipeline) -> stats.put(name, pipeline.toMap()));
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("overall_health", overallHealth.value());
        map.put("pipelines", Collections.unmodifiableMap(stats));
        map.put("baselines", baselines);
        map.put("total_executions", totalExecutions);
        return Collections.unmodifiableMap(map);
    }
}
