package io.calibrax.monitoring;

import io.calibrax.api.Alert;
import io.calibrax.api.HealthStatus;
import org.jspecify.annotations.Nullable;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Statistics of one pipeline's executions, as a {@link ProductionMonitor} reports them.
 *
 * <p>Totals (count, rates, mean, min, max) are lifetime figures: they cover every execution since
 * the monitor was made. The recent figures ({@code recentErrorRate}, {@code recentMeanExecutionTime},
 * over the last {@code recentExecutions}, 100 at most by default) are what {@link #health()} judges:
 * how the pipeline is doing now. Percentiles cover the most recent executions (1024 by default).
 * A pipeline expected with {@link ProductionMonitor#expectEvery} that has not recorded within its
 * gap is {@code CRITICAL} and {@link #missingSince()} says since when; one that never recorded is
 * reported with no executions (its {@code lastExecutedAt} is then null). A snapshot is taken under its pipeline's lock,
 * so its figures are consistent with each other and reading one never fails while others record. Times are in seconds. 
 * Everything is exact but the percentiles: they estimate what numpy's default (linear
 * interpolation between the nearest ranks) gives over the recent times, to within 1/32 (3.2%) of it
 * for times from 2<sup>-24</sup> s (60 ns) to 2<sup>20</sup> s (12 days); below that range to
 * within 2<sup>-29</sup> s (2 ns); above it (an overflow bucket without resolution) they are the
 * largest time held there. They never fall outside the minimum and maximum.
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
 * @param recentErrorRate     failed / executions within the recent (health) window
 * @param lastExecutionTime   the most recent execution's time
 * @param lastExecutedAt      when the most recent execution was recorded; null without executions
 * @param health              health now: CRITICAL if missing, else from the recent error rate
 *                            (above 0.5 CRITICAL, above 0.2 DEGRADED) and the recent mean against
 *                            the baseline (more than 20% over: DEGRADED)
 * @param lastFailureMetadata the metadata recorded with the most recent failure that had some
 * @param recentExecutions    executions the recent figures cover
 * @param recentMeanExecutionTime mean time of the recent executions (0 without any)
 * @param missingSince        when the pipeline last recorded (or was first expected) if it is
 *                            missing now; null when it is not
 * @since 0.1.0
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
        @Nullable Instant lastExecutedAt,
        HealthStatus health,
        Map<String, Object> lastFailureMetadata,
        int recentExecutions,
        double recentMeanExecutionTime,
        Instant missingSince) {

    /**
     * Validates and copies.
     *
     * @throws NullPointerException     if health is null, or lastExecutedAt is null while there are executions
     * @throws IllegalArgumentException if a count is negative, failures exceed the total, the recent
     *                                  executions exceed the total, a rate is outside 0..1, or a time is NaN
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
                || Double.isNaN(lastExecutionTime) || Double.isNaN(recentMeanExecutionTime)) {
            throw new IllegalArgumentException("execution times must not be NaN");
        }
        if (recentExecutions < 0 || recentExecutions > totalExecutions) {
            throw new IllegalArgumentException("need 0 <= recentExecutions <= totalExecutions, got "
                    + recentExecutions + " of " + totalExecutions);
        }
        if (totalExecutions > 0) {
            Objects.requireNonNull(lastExecutedAt, "lastExecutedAt");
        }
        Objects.requireNonNull(health, "health");
        lastFailureMetadata = Alert.copyMetadata(lastFailureMetadata);
    }

    private static void rate(double value, String name) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(name + " must be between 0 and 1, got " + value);
        }
    }

    /** True when the pipeline is expected and has not recorded within its gap. */
    public boolean missing() {
        return missingSince != null;
    }

    /** When the most recent execution was recorded; empty without executions. */
    public Optional<Instant> lastExecuted() {
        return Optional.ofNullable(lastExecutedAt);
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
     * {@code last_executed_at} (epoch seconds, a double; null without executions),
     * {@code last_failure_metadata}, {@code recent_executions}, {@code recent_mean_execution_time},
     * {@code missing} and {@code missing_since} (epoch seconds, a double; null when not missing).
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
        map.put("last_executed_at", epochSeconds(lastExecutedAt));
        map.put("last_failure_metadata", lastFailureMetadata);
        map.put("recent_executions", recentExecutions);
        map.put("recent_mean_execution_time", recentMeanExecutionTime);
        map.put("missing", missing());
        map.put("missing_since", epochSeconds(missingSince));
        return Collections.unmodifiableMap(map);
    }

    private static Double epochSeconds(Instant instant) {
        return instant == null ? null : instant.getEpochSecond() + instant.getNano() / 1e9;
    }
}
