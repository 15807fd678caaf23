package io.calibrax.monitoring;

import io.calibrax.api.Alert;
import io.calibrax.api.AlertHandler;
import io.calibrax.api.AlertSeverity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * One handler's bounded queue and the daemon thread that drains it, in order. Producers never
 * block: a full queue drops the alert, counts it and warns at most once per
 * {@link #WARN_INTERVAL_NANOS}.
 */
final class HandlerDispatcher {
    private static final Logger log = LoggerFactory.getLogger(AlertManager.class);
    private static final long WARN_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);
    /** Wakes a worker blocked on an empty queue when the manager closes; never handed to a handler. */
    private static final Alert STOP = new Alert("stop", AlertSeverity.INFO, "calibrax_stop", 0, 0,
            Instant.EPOCH, null);

    private final AlertHandler handler;
    private final String name;
    private final ArrayBlockingQueue<Alert> queue;
    private final int capacity;
    private final Thread thread;

    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong completed = new AtomicLong();
    private final LongAdder delivered = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder dropped = new LongAdder();

    private final AtomicLong droppedSinceWarning = new AtomicLong();
    private final AtomicLong lastDropWarning = new AtomicLong(System.nanoTime() - WARN_INTERVAL_NANOS);
    private final AtomicLong failedSinceWarning = new AtomicLong();
    private volatile long lastFailureWarning = System.nanoTime() - WARN_INTERVAL_NANOS;

    private final Object progress = new Object();
    private volatile int waiters;
    private volatile boolean stopping;
    private volatile boolean abandoned;

    HandlerDispatcher(AlertHandler handler, String name, int capacity, int ordinal) {
        this.handler = handler;
        this.name = name;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.capacity = capacity;
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

    /** Hands the alert over without blocking; a full queue counts it as dropped. */
    void offer(Alert alert) {
        if (queue.offer(alert)) {
            accepted.incrementAndGet();
        } else {
            drop(1, "its queue of " + capacity + " is full (the handler is slower than the alert rate)");
        }
    }

    /** Counts an alert that arrived after close as dropped. */
    void dropAfterClose() {
        drop(1, "the alert manager is closed");
    }

    private void drop(long count, String why) {
        dropped.add(count);
        droppedSinceWarning.addAndGet(count);
        long now = System.nanoTime();
        long last = lastDropWarning.get();
        if (now - last >= WARN_INTERVAL_NANOS && lastDropWarning.compareAndSet(last, now)) {
            long since = droppedSinceWarning.getAndSet(0);
            log.warn("Alert handler '{}' dropped {} alert(s) since the last warning: {} (total dropped: {})",
                    name, since, why, dropped.sum());
        }
    }

    private void run() {
        try {
            while (!abandoned) {
                Alert alert = queue.take();
                if (alert == STOP) {
                    if (queue.isEmpty()) {
                        return;
                    }
                    continue;
                }
                if (abandoned) {
                    queue.offer(alert); // counted as dropped by finishStop
                    return;
                }
                deliver(alert);
                if (stopping && queue.isEmpty()) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void deliver(Alert alert) {
        try {
            handler.handle(alert);
            delivered.increment();
        } catch (Throwable t) {
            failed.increment();
            reportFailure(t);
            if (t instanceof Error && !(t instanceof AssertionError) && !(t instanceof StackOverflowError)) {
                // out of memory and the like: do not pretend the process is fine, but keep delivering
                log.error("Alert handler '{}' raised {}", name, t.toString());
            }
        } finally {
            completed.incrementAndGet();
            if (waiters > 0) {
                synchronized (progress) {
                    progress.notifyAll();
                }
            }
        }
    }

    private void reportFailure(Throwable t) {
        long since = failedSinceWarning.incrementAndGet();
        long now = System.nanoTime();
        if (now - lastFailureWarning >= WARN_INTERVAL_NANOS) {
            lastFailureWarning = now;
            failedSinceWarning.set(0);
            log.warn("Alert handler '{}' failed on {} alert(s) since the last warning (total failed: {})",
                    name, since, failed.sum(), t);
        } else if (log.isDebugEnabled()) {
            log.debug("Alert handler '{}' failed", name, t);
        }
    }

    /** Waits until every alert accepted before the call has been handled; false at the deadline. */
    boolean awaitHandled(long deadlineNanos) throws InterruptedException {
        long target = accepted.get();
        if (completed.get() >= target) {
            return true;
        }
        synchronized (progress) {
            waiters++;
            try {
                while (completed.get() < target) {
                    if (!thread.isAlive() && queue.isEmpty()) {
                        return completed.get() >= target;
                    }
                    long remaining = deadlineNanos - System.nanoTime();
                    if (remaining <= 0) {
                        return false;
                    }
                    TimeUnit.NANOSECONDS.timedWait(progress, Math.min(remaining, TimeUnit.MILLISECONDS.toNanos(100)));
                }
                return true;
            } finally {
                waiters--;
            }
        }
    }

    /** Stops intake; the worker drains what is queued, then ends. */
    void beginStop() {
        stopping = true;
        queue.offer(STOP);
    }

    /** Waits for the worker to end; at the deadline interrupts it and counts what is left as dropped. */
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
        long left = 0;
        Alert alert;
        while ((alert = queue.poll()) != null) {
            if (alert != STOP) {
                left++;
            }
        }
        if (left > 0) {
            accepted.addAndGet(-left);
            dropped.add(left);
            log.warn("Alert handler '{}' did not receive {} queued alert(s) before the close deadline", name, left);
        }
        try {
            handler.close();
        } catch (Throwable t) {
            log.warn("Alert handler '{}' failed to close", name, t);
        }
    }

    HandlerStats stats() {
        long done = delivered.sum();
        long bad = failed.sum();
        long queuedNow = Math.max(0, accepted.get() - done - bad);
        return new HandlerStats(name, done, bad, dropped.sum(), queuedNow);
    }
}
