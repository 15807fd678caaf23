package io.calibrax.monitoring;

import io.calibrax.api.Alert;
import io.calibrax.api.HealthStatus;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Statistics of one pipeline's executions, as a {@link ProductionMonitor} reports them.
 *
 * <p>Totals (count, rates, mean, min, max) are lifetime figures: they cover every execution since
 * the monitor was made. Percentiles cover the most recent executions (1024 by default) and the
 * recent error rate the last 20 (both configurable). A snapshot is taken under its pipeline's lock,
 * so its figures are consistent with each other and reading one never fails while others record. Times are in seconds. Percentiles are
 * estimates, within 1/32 (3.2%) of the exact value (see {@link ProductionMonitor}'s precision);
 * everything else is exact.
 *
 * <p>Immutable and thread-safe.
 *
 * @param totalExecutions     executions recorded
 * @param failedExecutions    of which failed
 * @param successRate         succeeded / total
 * @param errorRate           failed / total
 * @param meanExecutionTime   mean execution time
 * @param minExecutionTime    shortest execution time
 * @param maxExecutionTime    longest execution time
 * @param p50ExecutionTime    median of the recent execution times
 * @param p95ExecutionTime    95th percentile of the recent execution times
 * @param p99ExecutionTime    99th percentile of the recent execution times
 * @param recentErrorRate     failed / executions within the recent error-rate window
 * @param lastExecutionTime   the most recent execution's time
 * @param lastExecutedAt      when the most recent execution was recorded
 * @param health              health from the error rate
 * @param lastFailureMetadata the metadata recorded with the most recent failure that had some
 */
public record PipelineStats(
        long totalExecutions,
        long failedExecutions,
        double successRate,
        double errorRate,
        double meanExecutionTime,
        double minExecutionTime,
        double maxExecutionTime,
        double p50ExecutionTime,
        double p95ExecutionTime,
        double p99ExecutionTime,
        double recentErrorRate,
        double lastExecutionTime,
        Instant lastExecutedAt,
        HealthStatus health,
        Map<String, Object> lastFailureMetadata) {

    /**
     * Validates and copies.
     *
     * @throws NullPointerException     if lastExecutedAt or health is null
     * @throws IllegalArgumentException if a count is negative, failures exceed the total, a rate is
     *                                  outside 0..1, or a time is NaN
     */
    public PipelineStats {
        if (totalExecutions < 0 || failedExecutions < 0 || failedExecutions > totalExecutions) {
            throw new IllegalArgumentException("need 0 <= failedExecutions <= totalExecutions, got "
                    + failedExecutions + " of " + totalExecutions);
        }
        rate(successRate, "successRate");
        rate(errorRate, "errorRate");
        rate(recentErrorRate, "recentErrorRate");
        if (Double.isNaN(meanExecutionTime) || Double.isNaN(minExecutionTime) || Double.isNaN(maxExecutionTime)
                || Double.isNaN(p50ExecutionTime) || Double.isNaN(p95ExecutionTime) || Double.isNaN(p99ExecutionTime)
                || Double.isNaN(lastExecutionTime)) {
            throw new IllegalArgumentException("execution times must not be NaN");
        }
        Objects.requireNonNull(lastExecutedAt, "lastExecutedAt");
        Objects.requireNonNull(health, "health");
        lastFailureMetadata = Alert.copyMetadata(lastFailureMetadata);
    }

    private static void rate(double value, String name) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(name + " must be between 0 and 1, got " + value);
        }
    }

    /** Executions that succeeded. */
    public long successfulExecutions() {
        return totalExecutions - failedExecutions;
    }

    /**
     * A JSON-ready map with the Python library's keys first: {@code total_executions},
     * {@code success_rate}, {@code error_rate}, {@code mean_execution_time},
     * {@code min_execution_time}, {@code max_execution_time}, {@code health} (its value string);
     * then {@code failed_executions}, {@code p50_execution_time}, {@code p95_execution_time},
     * {@code p99_execution_time}, {@code recent_error_rate}, {@code last_execution_time},
     * {@code last_executed_at} (epoch seconds, a double) and {@code last_failure_metadata}.
     */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("total_executions", totalExecutions);
        map.put("success_rate", successRate);
        map.put("error_rate", errorRate);
        map.put("mean_execution_time", meanExecutionTime);
        map.put("min_execution_time", minExecutionTime);
        map.put("max_execution_time", maxExecutionTime);
        map.put("health", health.value());
        map.put("failed_executions", failedExecutions);
        map.put("p50_execution_time", p50ExecutionTime);
        map.put("p95_execution_time", p95ExecutionTime);
        map.put("p99_execution_time", p99ExecutionTime);
        map.put("recent_error_rate", recentErrorRate);
        map.put("last_execution_time", lastExecutionTime);
        map.put("last_executed_at", lastExecutedAt.getEpochSecond() + lastExecutedAt.getNano() / 1e9);
        map.put("last_failure_metadata", lastFailureMetadata);
        return Collections.unmodifiableMap(map);
    }
}
