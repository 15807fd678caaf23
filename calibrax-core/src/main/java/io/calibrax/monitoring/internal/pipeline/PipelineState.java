package io.calibrax.monitoring.internal.pipeline;

import io.calibrax.api.HealthStatus;
import io.calibrax.monitoring.PipelineStats;

import java.time.Instant;
import java.util.Map;

/**
 * One pipeline's executions in bounded memory, under one lock: exact running totals (count,
 * failures, sum, min, max), a {@link SlidingHistogram} of the latest times for percentiles, an
 * {@link OutcomeWindow} of the latest outcomes for the recent error rate, and the gates of its
 * alerts. Each execution joins them and is judged under the lock, so every failure is judged
 * against the true latest outcomes, in the order recorded, and the alerts follow that order. A
 * reader takes the same lock for a moment: it sees a consistent state and never fails. Not public
 * API; thread-safe.
 */
public final class PipelineState {
    private static final double[] QUANTILES = {0.50, 0.95, 0.99};

    private final String name;
    private final PipelineSettings settings;
    private final PipelineAlerts alerts;
    private final long originNanos;
    private final long originEpochMillis;
    private final SlidingHistogram times;
    private final OutcomeWindow recent;
    private final AlertGate degradation = new AlertGate();
    private final AlertGate errorRate = new AlertGate();

    private long count;
    private long failures;
    private double sum;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    private long lastNanos;
    private double lastTime;
    private Map<String, Object> lastFailureMetadata = Map.of();

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
        this.recent = new OutcomeWindow(settings.errorRateWindow());
    }

    /** The pipeline's name. */
    public String name() {
        return name;
    }

    void baseline(double seconds) {
        this.baseline = seconds;
    }

    /**
     * Records an execution (a finite time, not negative) at {@code nowNanos} by the monitor's clock,
     * and raises what it calls for: a degradation alert when it is slower than the baseline allows,
     * an error-rate alert when it is a failure that brings the recent error rate over the limit.
     */
    public synchronized void record(double seconds, boolean success, long nowNanos, Map<String, Object> metadata) {
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
        recent.add(success);
        judgeTime(seconds, nowNanos, metadata);
        judgeErrorRate(success, nowNanos, metadata);
    }

    private void judgeTime(double seconds, long nowNanos, Map<String, Object> metadata) {
        double expected = baseline;
        if (Double.isNaN(expected)) {
            return;
        }
        if (seconds <= expected * (1 + settings.degradationThreshold())) { // no division on the common path
            degradation.clear();
        } else if (degradation.open(nowNanos, settings.repeatNanos())) {
            alerts.degraded(name, seconds, expected, (seconds - expected) / expected, metadata);
        }
    }

    /** A failure never lowers the rate, so only a success within the limit re-arms the alert. */
    private void judgeErrorRate(boolean success, long nowNanos, Map<String, Object> metadata) {
        boolean over = recent.failures() > settings.errorRateThreshold() * recent.size(); // rate > threshold
        if (success) {
            if (!over) {
                errorRate.clear();
            }
        } else if (over && recent.size() >= settings.errorRateMinSamples()
                && errorRate.open(nowNanos, settings.repeatNanos())) {
            alerts.errorRate(name, recent.failures(), recent.size(), metadata);
        }
    }

    /** The statistics now, or null before the first execution. */
    public synchronized PipelineStats snapshot() {
        if (count == 0) {
            return null;
        }
        double[] quantiles = SlidingHistogram.quantiles(new SlidingHistogram[] {times}, QUANTILES, min, max);
        double errorRate = (double) failures / count;
        Instant lastExecutedAt = Instant.ofEpochMilli(originEpochMillis).plusNanos(lastNanos - originNanos);
        return new PipelineStats(count, failures, 1.0 - errorRate, errorRate, sum / count, min, max,
                quantiles[0], quantiles[1], quantiles[2], recent.rate(), lastTime, lastExecutedAt,
                classify(errorRate), lastFailureMetadata);
    }

    private HealthStatus classify(double rate) {
        if (rate > settings.criticalErrorRate()) {
            return HealthStatus.CRITICAL;
        }
        if (rate > settings.degradedErrorRate()) {
            return HealthStatus.DEGRADED;
        }
        return HealthStatus.HEALTHY;
    }
}
