package io.calibrax.monitoring.internal.pipeline;

import io.calibrax.api.HealthStatus;
import io.calibrax.monitoring.PipelineStats;
import io.calibrax.monitoring.internal.PeriodicLoop;
import org.jspecify.annotations.Nullable;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * One pipeline's executions in bounded memory, under one lock: exact running totals (count,
 * failures, sum, min, max), a {@link SlidingHistogram} of the latest times for percentiles, the
 * {@link RecentExecutions} (the latest outcomes, over the error-rate alert's span and the health's), the
 * gates of its alerts, and when it is expected to record ({@link #expectEvery}). Each execution
 * joins them and is judged under the lock, so every failure is judged against the true latest
 * outcomes, in the order recorded, and the alerts (firing and resolved) follow that order. A reader
 * takes the same lock for a moment: it sees a consistent state and never fails. Not public API;
 * thread-safe.
 *
 * @since 0.1.0
 */
public final class PipelineState {
    private static final double[] QUANTILES = {0.50, 0.95, 0.99};

    private final String name;
    private final PipelineSettings settings;
    private final PipelineAlerts alerts;
    private final long originNanos;
    private final long originEpochMillis;
    private final SlidingHistogram times;
    private final RecentExecutions recent;
    private final AlertGate degradation = new AlertGate();
    private final AlertGate errorRate = new AlertGate();
    private final AlertGate missing = new AlertGate();

    private long count;
    private long failures;
    private double sum;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    private long lastNanos;
    private double lastTime;
    private Map<String, Object> lastFailureMetadata = Map.of();
    /** The longest gap allowed between executions; null: none expected. */
    private @Nullable Duration maxGap;
    private long maxGapNanos;
    /** When the expectation was set: a pipeline that never recorded is missing from there. */
    private long expectedSinceNanos;

    /** The baseline in seconds (NaN: none), kept current by the tracker. */
    private volatile double baseline = Double.NaN;

    PipelineState(String name, PipelineSettings settings, PipelineAlerts alerts, long originNanos,
                  long originEpochMillis) {
        this.name = name;
        this.settings = settings;
        this.alerts = alerts;
        this.originNanos = originNanos;
        this.originEpochMillis = originEpochMillis;
        this.times = new SlidingHistogram(settings.percentileWindow());
        this.recent = new RecentExecutions(settings.errorRateWindow(), settings.healthWindow());
    }

    /** The pipeline's name. */
    public String name() {
        return name;
    }

    void baseline(double seconds) {
        this.baseline = seconds;
    }

    /**
     * Expects an execution at least every {@code gap} (a pipeline that never recorded counts from
     * {@code nowNanos}); null stops expecting, resolving a missing alert it raised.
     */
    synchronized void expectEvery(Duration gap, long nowNanos) {
        if (gap == null && missing.clear()) {
            alerts.missingResolved(name, instant(lastSeenNanos()), (nowNanos - lastSeenNanos()) / 1e9, maxGap, false);
        }
        this.maxGap = gap;
        this.maxGapNanos = gap == null ? 0 : PeriodicLoop.saturatedNanos(gap);
        this.expectedSinceNanos = nowNanos;
    }

    /**
     * Records an execution (a finite time, not negative) at {@code nowNanos} by the monitor's clock,
     * and raises what it calls for: a degradation alert when it is slower than the baseline allows,
     * an error-rate alert when it is a failure that brings the recent error rate over the limit, and
     * the resolved alerts of those, and of a missing pipeline, when they clear.
     */
    public synchronized void record(double seconds, boolean success, long nowNanos, Map<String, Object> metadata) {
        if (missing.active()) {
            long gap = nowNanos - lastSeenNanos();
            missing.clear();
            alerts.missingResolved(name, instant(lastSeenNanos()), gap / 1e9, maxGap, true);
        }
        count++;
        if (!success) {
            failures++;
            if (!metadata.isEmpty()) {
                lastFailureMetadata = metadata;
            }
        }
        sum += seconds;
        min = Math.min(min, seconds);
        max = Math.max(max, seconds);
        lastNanos = nowNanos;
        lastTime = seconds;
        times.add(seconds);
        recent.add(seconds, success);
        judgeTime(seconds, nowNanos, metadata);
        judgeErrorRate(success, nowNanos, metadata);
    }

    private void judgeTime(double seconds, long nowNanos, Map<String, Object> metadata) {
        double expected = baseline;
        if (Double.isNaN(expected)) {
            return;
        }
        if (seconds <= expected * (1 + settings.degradationThreshold())) { // no division on the common path
            if (degradation.clear()) {
                alerts.degradationResolved(name, seconds, expected, metadata);
            }
        } else if (degradation.open(nowNanos, settings.repeatNanos())) {
            alerts.degraded(name, seconds, expected, (seconds - expected) / expected, metadata);
        }
    }

    /** A failure never lowers the rate, so only a success within the limit clears the alert. */
    private void judgeErrorRate(boolean success, long nowNanos, Map<String, Object> metadata) {
        int failed = recent.alertFailures();
        int size = recent.alertSize();
        boolean over = failed > settings.errorRateThreshold() * size; // rate > threshold
        if (success) {
            if (!over && errorRate.clear()) {
                alerts.errorRate(name, failed, size, false, metadata);
            }
        } else if (over && size >= settings.errorRateMinSamples()
                && errorRate.open(nowNanos, settings.repeatNanos())) {
            alerts.errorRate(name, failed, size, true, metadata);
        }
    }

    /**
     * Raises the missing alert when an execution is expected and none came within the gap by
     * {@code nowNanos} (again at most once per repeat interval while it stays missing).
     */
    synchronized void checkMissing(long nowNanos) {
        if (isMissing(nowNanos) && missing.open(nowNanos, settings.repeatNanos())) {
            alerts.missing(name, instant(lastSeenNanos()), (nowNanos - lastSeenNanos()) / 1e9, maxGap, count == 0);
        }
    }

    private boolean isMissing(long nowNanos) {
        return maxGap != null && nowNanos - lastSeenNanos() > maxGapNanos;
    }

    /** The last execution, or when the expectation was set if there was none since. */
    private long lastSeenNanos() {
        return count == 0 ? expectedSinceNanos : lastNanos;
    }

    private Instant instant(long nanos) {
        return Instant.ofEpochMilli(originEpochMillis).plusNanos(nanos - originNanos);
    }

    /**
     * The statistics at {@code nowNanos}, or null before the first execution (unless an execution is
     * expected: then a pipeline without any is reported, missing once the gap has passed).
     */
    public synchronized @Nullable PipelineStats snapshot(long nowNanos) {
        boolean isMissing = isMissing(nowNanos);
        Instant missingSince = isMissing ? instant(lastSeenNanos()) : null;
        if (count == 0) {
            if (maxGap == null) {
                return null;
            }
            return new PipelineStats(0, 0, 1.0, 0.0, 0, 0, 0, 0, 0, 0, 0.0, 0, null,
                    isMissing ? HealthStatus.CRITICAL : HealthStatus.HEALTHY, Map.of(), 0, 0, missingSince);
        }
        double[] quantiles = SlidingHistogram.quantiles(new SlidingHistogram[] {times}, QUANTILES, min, max);
        double errorRate = (double) failures / count;
        double recentMean = recent.healthMeanTime();
        double recentRate = recent.healthRate();
        HealthStatus status = isMissing ? HealthStatus.CRITICAL : classify(recentRate, recentMean);
        return new PipelineStats(count, failures, 1.0 - errorRate, errorRate, sum / count, min, max,
                quantiles[0], quantiles[1], quantiles[2], recentRate, lastTime, instant(lastNanos),
                status, lastFailureMetadata, recent.healthSize(), recentMean, missingSince);
    }

    private HealthStatus classify(double rate, double recentMean) {
        if (rate > settings.criticalErrorRate()) {
            return HealthStatus.CRITICAL;
        }
        double expected = baseline;
        if (rate > settings.degradedErrorRate()
                || !Double.isNaN(expected) && recentMean > expected * (1 + settings.degradationThreshold())) {
            return HealthStatus.DEGRADED;
        }
        return HealthStatus.HEALTHY;
    }
}
