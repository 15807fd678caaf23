package io.calibrax.monitoring;

import io.calibrax.api.Alert;
import io.calibrax.api.AlertHandler;
import io.calibrax.monitoring.internal.RateLimit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * One handler's daemon thread: it follows the {@link AlertLog} with its own cursor and hands the
 * handler one alert at a time, in order.
 *
 * <p>Waiting is cheap for both sides: when the log is empty the thread spins briefly, then parks
 * for growing intervals, and only after a while of silence parks until a producer wakes it. So a
 * burst of alerts costs producers no wake-ups, and an idle handler costs no CPU.
 *
 * <p>Counters written only by the worker thread are plain volatile fields; the accounting
 * invariant {@code delivered + failed + dropped + queued == alerts published since the handler was
 * added} holds in {@link #stats}.
 */
final class HandlerDispatcher {
    private static final Logger log = LoggerFactory.getLogger(AlertManager.class);
    private static final Duration WARN_INTERVAL = Duration.ofSeconds(10);
    private static final int SPINS = 0;
    private static final int YIELDS = 0;
    private static final int TIMED_PARKS = 40;
    private static final long MAX_TIMED_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final AlertHandler handler;
    private final String name;
    private final AlertLog alertLog;
    private final long start;
    private final Thread thread;

    private volatile long cursor;
    private volatile long delivered;
    private volatile long failed;
    private volatile long skipped;
    private volatile long stopAt = Long.MAX_VALUE;
    private volatile boolean abandoned;
    private volatile boolean finished;
    private final AtomicBoolean sleeping = new AtomicBoolean();

    private final RateLimit skipWarnings = new RateLimit(WARN_INTERVAL);
    private long skippedSinceWarning;
    private final RateLimit failureWarnings = new RateLimit(WARN_INTERVAL);
    private long failedSinceWarning;
    private final RateLimit lagWarnings = new RateLimit(WARN_INTERVAL);

    private final Object progress = new Object();
    private volatile int waiters;

    HandlerDispatcher(AlertHandler handler, String name, AlertLog alertLog, long start, int ordinal) {
        this.handler = handler;
        this.name = name;
        this.alertLog = alertLog;
        this.start = start;
        this.cursor = start;
        this.thread = new Thread(this::run, "calibrax-alert-" + name + "-" + ordinal);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    String name() {
        return name;
    }

    AlertHandler handler() {
        return handler;
    }

    /** Wakes the worker if it parked until the next publish. */
    void wake() {
        if (sleeping.compareAndSet(true, false)) {
            LockSupport.unpark(thread);
        }
    }

    /** Called by a producer now and then: warns (rate-limited) when this handler fell a whole ring behind. */
    void warnIfLagging(long head) {
        long behind = head - cursor;
        if (behind > alertLog.capacity() && lagWarnings.tryAcquire()) {
            log.warn("Alert handler '{}' is {} alerts behind; its oldest alerts are being dropped "
                    + "(its queue holds {}): it is slower than the alert rate or hung", name, behind,
                    alertLog.capacity());
        }
    }

    private void run() {
        int idle = 0;
        try {
            while (!abandoned) {
                long next = cursor;
                Alert alert = alertLog.read(next);
                if (alert == null) {
                    if (next >= stopAt) {
                        return;
                    }
                    idle = await(idle);
                    continue;
                }
                idle = 0;
                if (alert == AlertLog.OVERWRITTEN) {
                    skipTo(Math.max(next + 1, alertLog.head() - alertLog.capacity()), next);
                    continue;
                }
                if (next >= stopAt) {
                    return;
                }
                deliver(alert);
                cursor = next + 1;
                signalProgress();
            }
        } finally {
            finished = true;
            signalProgress();
        }
    }

    private int await(int idle) {
        if (idle < SPINS) {
            Thread.onSpinWait();
        } else if (idle < SPINS + YIELDS) {
            Thread.yield();
        } else if (idle < SPINS + YIELDS + TIMED_PARKS) {
            long nanos = Math.min(MAX_TIMED_PARK_NANOS, 100_000L << Math.min(10, idle - SPINS - YIELDS));
            LockSupport.parkNanos(this, nanos);
        } else {
            // Park until a producer wakes us. The producer publishes then reads sleepers; we raise
            // sleepers then read the log: one of the two always sees the other.
            sleeping.set(true);
            alertLog.sleepers.incrementAndGet();
            try {
                if (alertLog.read(cursor) == null && cursor < stopAt && !abandoned) {
                    LockSupport.park(this);
                }
            } finally {
                alertLog.sleepers.decrementAndGet();
                sleeping.set(false);
            }
            return SPINS; // after a wake-up, yield and park briefly before sleeping again
        }
        return idle + 1;
    }

    private void skipTo(long target, long from) {
        long lost = target - from;
        skipped += lost;
        cursor = target;
        skippedSinceWarning += lost;
        if (skipWarnings.tryAcquire()) {
            log.warn("Alert handler '{}' dropped {} alert(s) since the last warning: its queue of {} was full "
                    + "(total dropped: {})", name, skippedSinceWarning, alertLog.capacity(), skipped);
            skippedSinceWarning = 0;
        }
        signalProgress();
    }

    private void deliver(Alert alert) {
        try {
            handler.handle(alert);
            delivered++;
        } catch (Throwable t) {
            failed++;
            reportFailure(t);
        }
    }

    private void reportFailure(Throwable t) {
        failedSinceWarning++;
        if (failureWarnings.tryAcquire()) {
            log.warn("Alert handler '{}' failed on {} alert(s) since the last warning (total failed: {})",
                    name, failedSinceWarning, failed, t);
            failedSinceWarning = 0;
        } else if (log.isDebugEnabled()) {
            log.debug("Alert handler '{}' failed", name, t);
        }
    }

    private void signalProgress() {
        if (waiters > 0) {
            synchronized (progress) {
                progress.notifyAll();
            }
        }
    }

    /** Waits until the cursor reaches {@code target} (every earlier alert handled or dropped). */
    boolean awaitCursor(long target, long deadlineNanos) throws InterruptedException {
        if (cursor >= target) {
            return true;
        }
        synchronized (progress) {
            waiters++;
            try {
                while (cursor < target) {
                    if (finished) {
                        return false;
                    }
                    long remaining = deadlineNanos - System.nanoTime();
                    if (remaining <= 0) {
                        return false;
                    }
                    wake();
                    TimeUnit.NANOSECONDS.timedWait(progress, Math.min(remaining, TimeUnit.MILLISECONDS.toNanos(50)));
                }
                return true;
            } finally {
                waiters--;
            }
        }
    }

    /** Stops intake at {@code head}: the worker delivers everything before it, then ends. */
    void beginStop(long head) {
        stopAt = head;
        sleeping.set(false);
        LockSupport.unpark(thread);
    }

    /** Waits for the worker to end; at the deadline gives up on it, counting what is left as dropped. */
    void finishStop(long deadlineNanos) {
        try {
            long remaining = deadlineNanos - System.nanoTime();
            if (remaining > 0) {
                thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(remaining)));
            }
            if (thread.isAlive()) {
                abandoned = true;
                thread.interrupt();
                thread.join(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long left = Math.min(stopAt, alertLog.head()) - cursor;
        if (left > 0) {
            log.warn("Alert handler '{}' did not receive {} queued alert(s) before the close deadline", name, left);
        }
    }

    /** Closes the handler on a short-lived thread of its own, so handlers close in parallel. */
    Thread closeHandler() {
        Thread closer = new Thread(() -> {
            try {
                handler.close();
            } catch (Throwable t) {
                log.warn("Alert handler '{}' failed to close", name, t);
            }
        }, "calibrax-close-" + name);
        closer.setDaemon(true);
        closer.start();
        return closer;
    }

    /**
     * The handler's statistics; {@code droppedAfterClose} are alerts triggered after close, which
     * never entered the log.
     */
    HandlerStats stats(long droppedAfterClose) {
        // The worker counts an alert (delivered, failed or skipped) before it moves the cursor past
        // it, so reading the cursor first never misses one: the sum can only run ahead, by the
        // alerts handled since, which the in-flight correction below takes back out of "queued".
        long at = cursor;
        long done = delivered;
        long bad = failed;
        long lost = skipped;
        long head = alertLog.head(); // read last: it covers every alert counted above
        long end = Math.min(head, stopAt);
        long pending = Math.max(0, end - at);
        if (finished || abandoned) {
            lost += pending; // nobody will deliver them any more
            pending = 0;
        } else if (pending > alertLog.capacity()) {
            lost += pending - alertLog.capacity(); // already overwritten by later alerts
            pending = alertLog.capacity();
        }
        // alerts past stopAt were published by triggers racing close(): never delivered
        lost += Math.max(0, head - end);
        // in-flight alert: handled but cursor not yet advanced, counted once
        long accounted = done + bad + lost + pending;
        long expected = head - start;
        if (accounted > expected) {
            pending = Math.max(0, pending - (accounted - expected));
        }
        return new HandlerStats(name, done, bad, lost + droppedAfterClose, pending);
    }
}
