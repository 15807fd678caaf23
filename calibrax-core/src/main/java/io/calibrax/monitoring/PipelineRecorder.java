package io.calibrax.monitoring;

import io.calibrax.monitoring.internal.pipeline.PipelineState;
import io.calibrax.monitoring.internal.pipeline.PipelineTracker;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A handle bound to one pipeline of a {@link ProductionMonitor}, from
 * {@link ProductionMonitor#pipeline(String)}: it records executions without looking the pipeline up
 * by name, so it is cheap to keep in a field and use on a hot path.
 *
 * <pre>{@code
 * private final PipelineRecorder inference = monitor.pipeline("inference");
 * ...
 * Prediction p = inference.record(() -> model.predict(input));   // timed; a throw is a failure
 * inference.record(0.048, true);                                  // or a time measured elsewhere
 * }</pre>
 *
 * <p>The timed forms ({@link #record(Runnable)}, {@link #record(Supplier)},
 * {@link #recordCallable(Callable)}) time the call by the monitor's clock and record it as a
 * success when it returns, as a failure when it throws; what it threw is rethrown unchanged. Each
 * execution is judged as {@link ProductionMonitor#recordPipelineExecution} judges it.
 *
 * <p>Thread-safe: one handle may be shared by any number of threads. If the monitor already tracks
 * {@code maxPipelines} other pipelines, executions are dropped and counted until a place is free
 * (pipelines are never removed, so in practice: always).
 *
 * @since 0.1.0
 */
public final class PipelineRecorder {
    private final String name;
    private final PipelineTracker tracker;
    private final LongSupplier ticker;
    /** The pipeline's state once it is tracked; null while the cap keeps it out. */
    private volatile PipelineState state;

    PipelineRecorder(String name, PipelineTracker tracker, LongSupplier ticker) {
        this.name = name;
        this.tracker = tracker;
        this.ticker = ticker;
        this.state = tracker.resolveQuietly(name);
    }

    /** The pipeline's name. */
    public String name() {
        return name;
    }

    /**
     * Records one execution that took {@code seconds}.
     *
     * @throws IllegalArgumentException if seconds is negative, NaN or infinite; nothing is recorded then
     */
    public void record(double seconds, boolean success) {
        checkSeconds(seconds, "seconds", name);
        PipelineState current = current();
        if (current != null) {
            tracker.record(current, seconds, success, Map.of());
        }
    }

    /** The pipeline's state, or null (a drop counted) while the cap keeps it out. */
    private PipelineState current() {
        PipelineState current = state;
        if (current == null) {
            current = tracker.resolve(name); // counts a drop when the cap still keeps it out
            if (current != null) {
                state = current;
            }
        }
        return current;
    }

    /**
     * Records one execution that took {@code executionTime}.
     *
     * @throws NullPointerException     if executionTime is null
     * @throws IllegalArgumentException if executionTime is negative
     */
    public void record(Duration executionTime, boolean success) {
        record(seconds(executionTime, "executionTime"), success);
    }

    /**
     * Runs {@code work}, timed: a success when it returns, a failure when it throws (rethrown).
     *
     * @throws NullPointerException if work is null
     */
    public void record(Runnable work) {
        Objects.requireNonNull(work, "work");
        record(() -> {
            work.run();
            return null;
        });
    }

    /**
     * Calls {@code work}, timed, and returns its result: a success when it returns, a failure when
     * it throws (rethrown).
     *
     * @throws NullPointerException if work is null
     */
    public <T> T record(Supplier<T> work) {
        Objects.requireNonNull(work, "work");
        long start = ticker.getAsLong();
        boolean success = false;
        try {
            T result = work.get();
            success = true;
            return result;
        } finally {
            recordSince(start, success);
        }
    }

    /**
     * Calls {@code work}, timed, and returns its result: a success when it returns, a failure when
     * it throws; the exception, checked or not, is rethrown unchanged.
     *
     * @throws NullPointerException if work is null
     * @throws Exception            what {@code work} threw
     */
    public <T> T recordCallable(Callable<T> work) throws Exception {
        Objects.requireNonNull(work, "work");
        long start = ticker.getAsLong();
        boolean success = false;
        try {
            T result = work.call();
            success = true;
            return result;
        } finally {
            recordSince(start, success);
        }
    }

    /** Records a call timed from {@code startNanos} to now: the clock read once more, for both. */
    private void recordSince(long startNanos, boolean success) {
        long end = ticker.getAsLong();
        PipelineState current = current();
        if (current != null) {
            // a clock that stepped back gives 0, not a refused negative time
            tracker.record(current, Math.max(0, end - startNanos) / 1e9, success, end);
        }
    }

    @Override
    public String toString() {
        return "PipelineRecorder[" + name + "]";
    }

    /** Refuses a time that is negative, NaN or infinite, naming the argument and the pipeline. */
    static void checkSeconds(double seconds, String argument, String pipelineName) {
        if (!Double.isFinite(seconds) || seconds < 0) {
            throw new IllegalArgumentException(argument + " must be a finite number of seconds, not negative, got "
                    + seconds + " (pipeline '" + pipelineName + "')");
        }
    }

    /** A duration in seconds, refusing null and negative ones by {@code argument}. */
    static double seconds(Duration duration, String argument) {
        Objects.requireNonNull(duration, argument);
        if (duration.isNegative()) {
            throw new IllegalArgumentException(argument + " must not be negative, got " + duration);
        }
        return seconds(duration);
    }

    static double seconds(Duration duration) {
        return duration.getSeconds() + duration.getNano() / 1e9;
    }
}
