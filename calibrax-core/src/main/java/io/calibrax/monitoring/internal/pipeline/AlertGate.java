package io.calibrax.monitoring.internal.pipeline;

/**
 * Whether a persisting condition (a slow or failing pipeline) should alert now: on its first
 * occurrence, then at most once per repeat interval until it clears. Not thread-safe: guarded by
 * its pipeline's lock, so that the decision and the alert follow the order of executions.
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

    /** The condition cleared: its next occurrence alerts at once. */
    void clear() {
        active = false;
    }
}
