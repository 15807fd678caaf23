package io.calibrax.monitoring.internal;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Lets something happen at most once per interval (a warning that would otherwise flood the log):
 * the first {@link #tryAcquire} succeeds, then one per interval, whatever the number of callers.
 * Lock-free: a refused call costs a read and a subtraction. Not public API.
 *
 * <p>Thread-safe.
 *
 * @since 0.1.0
 */
public final class RateLimit {
    private static final long NEVER = Long.MIN_VALUE;

    private final long intervalNanos;
    private final AtomicLong lastNanos = new AtomicLong(NEVER);

    /**
     * @throws IllegalArgumentException if interval is negative
     */
    public RateLimit(Duration interval) {
        Objects.requireNonNull(interval, "interval");
        if (interval.isNegative()) {
            throw new IllegalArgumentException("interval must not be negative, got " + interval);
        }
        this.intervalNanos = interval.toNanos();
    }

    /** True when the caller may act now (by {@link System#nanoTime()}); at most once per interval. */
    public boolean tryAcquire() {
        return tryAcquire(System.nanoTime());
    }

    /** True when the caller may act at {@code nowNanos} (any monotonic clock, used consistently). */
    public boolean tryAcquire(long nowNanos) {
        long last = lastNanos.get();
        return (last == NEVER || nowNanos - last >= intervalNanos) && lastNanos.compareAndSet(last, nowNanos);
    }
}
