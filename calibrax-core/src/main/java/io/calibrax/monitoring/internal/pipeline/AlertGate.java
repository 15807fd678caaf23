package io.calibrax.monitoring.internal.pipeline;

/**
 * Whether a persisting condition (a slow, failing or missing pipeline) should alert now: on its
 * first occurrence, then at most once per repeat interval until it clears; and whether its
 * clearing should raise a resolved alert (once, if it had alerted). Not thread-safe: guarded by its
 * pipeline's lock, so that the decision and the alert follow the order of executions.
 */
final class AlertGate {
    private boolean active;
    private long lastAlertNanos;

    /** True if the condition should alert at {@code nowNanos}; marks it active. */
    boolean open(long nowNanos, long repeatNanos) {
        if (active && nowNanos - lastAlertNanos < repeatNanos) {
            return false;
        }
        active = true;
        lastAlertNanos = nowNanos;
        return true;
    }

    /**
     * The condition cleared: its next occurrence alerts at once.
     *
     * @return true if it was active, so that a resolved alert is due
     */
    boolean clear() {
        boolean was = active;
        active = false;
        return was;
    }

    /** True while the condition has alerted and not cleared. */
    boolean active() {
        return active;
    }
}
