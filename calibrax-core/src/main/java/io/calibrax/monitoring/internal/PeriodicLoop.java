package io.calibrax.monitoring.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs a task at a fixed rate on one named daemon thread until {@link #stop stopped}. Not public
 * API: shared by the monitors and the resource sampler, and free to change.
 *
 * <p>A cycle that throws is logged and the loop goes on; a cycle that overruns the interval is
 * followed by the next one a full interval later (missed ticks are skipped, never run in a burst).
 * {@link #stop} returns once the thread has ended, so nothing runs after it.
 *
 * <p>Thread-safe.
 *
 * @since 0.1.0
 */
public final class PeriodicLoop {
    private static final Logger log = LoggerFactory.getLogger(PeriodicLoop.class);

    private final Thread thread;
    private final CountDownLatch stopSignal = new CountDownLatch(1);
    private final long intervalNanos;
    private final Runnable cycle;
    private final boolean finalCycle;

    private PeriodicLoop(String threadName, long intervalNanos, Runnable cycle, boolean finalCycle) {
        this.intervalNanos = intervalNanos;
        this.cycle = cycle;
        this.finalCycle = finalCycle;
        this.thread = new Thread(this::run, threadName);
        this.thread.setDaemon(true);
    }

    /**
     * Starts a loop that runs {@code cycle} at once and then every {@code interval}.
     *
     * @param threadName the thread's name; must start with {@code calibrax-}
     * @param finalCycle whether to run {@code cycle} once more after the stop signal, so that a
     *                   sampler's last reading covers the whole session
     * @throws IllegalArgumentException if interval is zero or negative or the name is not a
     *                                  {@code calibrax-} name
     */
    public static PeriodicLoop start(String threadName, Duration interval, Runnable cycle, boolean finalCycle) {
        Objects.requireNonNull(threadName, "threadName");
        Objects.requireNonNull(cycle, "cycle");
        if (!threadName.startsWith("calibrax-")) {
            throw new IllegalArgumentException("threadName must start with 'calibrax-', got " + threadName);
        }
        PeriodicLoop loop = new PeriodicLoop(threadName, positiveNanos(interval, "interval"), cycle, finalCycle);
        loop.thread.start();
        return loop;
    }

    /**
     * The interval in nanoseconds, saturated for very long durations.
     *
     * @throws NullPointerException     if interval is null
     * @throws IllegalArgumentException naming {@code argument} if interval is zero or negative
     */
    public static long positiveNanos(Duration interval, String argument) {
        Objects.requireNonNull(interval, argument);
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException(argument + " must be positive, got " + interval);
        }
        return saturatedNanos(interval);
    }

    /** The duration in nanoseconds, saturated (never overflowing) for very long durations. */
    public static long saturatedNanos(Duration duration) {
        try {
            return duration.toNanos();
        } catch (ArithmeticException e) {
            return duration.isNegative() ? Long.MIN_VALUE / 4 : Long.MAX_VALUE / 4;
        }
    }

    /**
     * A duration given in seconds, as the Python library takes it.
     *
     * @throws IllegalArgumentException naming {@code argument} if seconds is NaN, infinite, zero or negative
     */
    public static Duration positiveSeconds(double seconds, String argument) {
        if (!Double.isFinite(seconds) || seconds <= 0) {
            throw new IllegalArgumentException(argument + " must be a positive number of seconds, got " + seconds);
        }
        double nanos = seconds * 1e9;
        if (nanos >= Long.MAX_VALUE / 4.0) {
            return Duration.ofNanos(Long.MAX_VALUE / 4);
        }
        return Duration.ofNanos(Math.max(1, Math.round(nanos)));
    }

    private void run() {
        try {
            long next = System.nanoTime();
            while (true) {
                runCycle();
                long now = System.nanoTime();
                next += intervalNanos;
                if (next - now <= 0) {
                    next = now + intervalNanos;
                }
                if (stopSignal.await(next - now, TimeUnit.NANOSECONDS)) {
                    break;
                }
            }
            if (finalCycle) {
                runCycle();
            }
        } catch (InterruptedException e) {
            log.debug("{} interrupted while stopping", thread.getName());
        }
    }

    private void runCycle() {
        try {
            cycle.run();
        } catch (Throwable t) {
            // the loop must outlive any one cycle: report and carry on
            log.error("{}: monitoring cycle failed", thread.getName(), t);
        }
    }

    /** True while the loop runs and has not been asked to stop. */
    public boolean isRunning() {
        return stopSignal.getCount() > 0 && thread.isAlive();
    }

    /** True when called from the loop's own thread. */
    public boolean isLoopThread() {
        return Thread.currentThread() == thread;
    }

    /** The loop thread's name. */
    public String threadName() {
        return thread.getName();
    }

    /**
     * Asks the loop to stop and waits until its thread has ended. Called from the loop's own thread
     * (a cycle stopping its monitor) it only signals, since waiting would never end. If the thread is
     * still busy after {@code grace} (a cycle stuck in a source), it is interrupted and given
     * {@code grace} once more; a thread that ignores that too is reported and left to end on its own.
     * An interrupt of the caller does not cut the wait short; it is restored on return.
     *
     * @return true once the thread has ended (false only in the stuck case, or from the loop thread)
     */
    public boolean stop(Duration grace) {
        stopSignal.countDown();
        if (isLoopThread()) {
            return false;
        }
        long graceNanos = Math.max(0, saturatedNanos(grace));
        boolean interrupted = false;
        try {
            interrupted = join(graceNanos);
            if (thread.isAlive()) {
                log.warn("{} did not finish its cycle within {}; interrupting it", thread.getName(), grace);
                thread.interrupt();
                interrupted |= join(graceNanos);
                if (thread.isAlive()) {
                    log.error("{} ignored the interrupt; it will end after its current cycle", thread.getName());
                    return false;
                }
            }
            return true;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private boolean join(long nanos) {
        boolean interrupted = false;
        long deadline = System.nanoTime() + nanos;
        while (thread.isAlive()) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                break;
            }
            try {
                TimeUnit.NANOSECONDS.timedJoin(thread, remaining);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        return interrupted;
    }
}
