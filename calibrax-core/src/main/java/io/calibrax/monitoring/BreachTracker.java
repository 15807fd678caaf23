package io.calibrax.monitoring;

import io.calibrax.api.AlertSeverity;
import io.calibrax.monitoring.internal.PeriodicLoop;

import java.util.List;

/**
 * One metric's {@link Threshold} over time: the streak of breaching readings and when it began
 * (for {@link Threshold#forDuration}), whether it fires and when it last alerted (for the repeat
 * interval), when the value recovered (for {@link Threshold#keepFiringFor}), and when the last
 * reading came (for {@link Threshold#alertOnMissing}). It decides; {@link MetricTable} words and
 * raises. Not thread-safe: its {@link MetricHistory}'s lock guards it. Times are the monitor's clock,
 * in nanoseconds.
 */
final class BreachTracker {
    /** What a reading or a tick asks the monitor to raise. */
    enum Kind { FIRING, RESOLVED, NO_DATA, DATA_RETURNED }

    /** An alert to raise, for {@code value} (for the no-data kinds: seconds without a reading). */
    record Outcome(Kind kind, double value, AlertSeverity severity) {
    }

    private final Threshold threshold;
    private final long forNanos;
    private final long keepNanos;
    private final long missingNanos; // Long.MAX_VALUE: never
    private final long setNanos;

    private boolean seen;
    private long lastReadingNanos;
    private double lastValue;
    private int streak;
    private long breachSinceNanos;
    private boolean firing;
    private long lastAlertNanos;
    private boolean recovering;
    private long recoveredSinceNanos;
    private boolean noData;

    BreachTracker(Threshold threshold, long nowNanos) {
        this.threshold = threshold;
        this.forNanos = PeriodicLoop.saturatedNanos(threshold.forDuration());
        this.keepNanos = PeriodicLoop.saturatedNanos(threshold.keepFiringFor());
        this.missingNanos = threshold.missingAfter().map(PeriodicLoop::saturatedNanos).orElse(Long.MAX_VALUE);
        this.setNanos = nowNanos;
    }

    Threshold threshold() {
        return threshold;
    }

    /** Judges a reading at {@code nowNanos}; adds what it raises to {@code out}, in order. */
    void onReading(double value, long nowNanos, long repeatNanos, List<Outcome> out) {
        if (noData) {
            noData = false;
            out.add(new Outcome(Kind.DATA_RETURNED, (nowNanos - lastSeenNanos()) / 1e9, AlertSeverity.INFO));
        }
        seen = true;
        lastReadingNanos = nowNanos;
        lastValue = value;
        boolean breach = threshold.isBreachedBy(value);
        if (!firing) {
            if (!breach) {
                streak = 0;
                return;
            }
            if (streak == 0) {
                breachSinceNanos = nowNanos;
            }
            if (streak < Integer.MAX_VALUE) {
                streak++;
            }
            fireIfDue(nowNanos, out);
            return;
        }
        if (threshold.isClearedBy(value)) {
            if (!recovering) {
                recovering = true;
                recoveredSinceNanos = nowNanos;
            }
            resolveIfDue(nowNanos, out);
            return;
        }
        recovering = false; // back in breach (or within the hysteresis band): keepFiringFor starts over
        if (breach && nowNanos - lastAlertNanos >= repeatNanos) {
            lastAlertNanos = nowNanos;
            out.add(new Outcome(Kind.FIRING, value, threshold.severityFor(value)));
        }
    }

    /**
     * Judges the time alone at {@code nowNanos} (the monitoring cycle): missing data alerts, a
     * pending breach whose duration is up fires, a recovery past {@code keepFiringFor} resolves.
     */
    void onTick(long nowNanos, List<Outcome> out) {
        if (!noData && nowNanos - lastSeenNanos() >= missingNanos) {
            noData = true;
            streak = 0; // a breach seen before the data stopped does not go on pending
            out.add(new Outcome(Kind.NO_DATA, (nowNanos - lastSeenNanos()) / 1e9,
                    threshold.severity().orElse(AlertSeverity.WARNING)));
        }
        if (!firing && streak > 0) {
            fireIfDue(nowNanos, out);
        } else if (firing && recovering) {
            resolveIfDue(nowNanos, out);
        }
    }

    Threshold.State state() {
        if (noData || !seen) {
            return Threshold.State.NO_DATA;
        }
        if (firing) {
            return Threshold.State.FIRING;
        }
        return streak > 0 ? Threshold.State.PENDING : Threshold.State.INACTIVE;
    }

    /** The threshold's level, or for missing data the gap allowed, in seconds: the alert's threshold. */
    double level(Kind kind) {
        return kind == Kind.FIRING || kind == Kind.RESOLVED ? threshold.value() : missingNanos / 1e9;
    }

    private void fireIfDue(long nowNanos, List<Outcome> out) {
        if (streak >= threshold.consecutiveSamples() && nowNanos - breachSinceNanos >= forNanos) {
            firing = true;
            recovering = false;
            lastAlertNanos = nowNanos;
            out.add(new Outcome(Kind.FIRING, lastValue, threshold.severityFor(lastValue)));
        }
    }

    private void resolveIfDue(long nowNanos, List<Outcome> out) {
        if (nowNanos - recoveredSinceNanos >= keepNanos) {
            firing = false;
            recovering = false;
            streak = 0;
            out.add(new Outcome(Kind.RESOLVED, lastValue, AlertSeverity.INFO));
        }
    }

    private long lastSeenNanos() {
        return seen ? lastReadingNanos : setNanos;
    }
}
