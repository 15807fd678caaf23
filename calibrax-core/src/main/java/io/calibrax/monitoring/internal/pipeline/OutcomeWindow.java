package io.calibrax.monitoring.internal.pipeline;

/**
 * A pipeline's latest executions, exactly, in the order recorded: a ring of their outcomes and
 * times, with the count of failures it holds. Not thread-safe: its owner ({@link PipelineState})
 * guards it with its lock, so that every execution is judged against the true window right after
 * it joined. Not public API.
 */
final class OutcomeWindow {
    private final boolean[] failed;
    private final double[] seconds;
    private int next;
    private int size;
    private int failures;

    /** A window of the latest {@code executions}. */
    OutcomeWindow(int executions) {
        if (executions <= 0) {
            throw new IllegalArgumentException("executions must be positive, got " + executions);
        }
        this.failed = new boolean[executions];
        this.seconds = new double[executions];
    }

    /** Adds an execution, evicting the oldest once the window is full. */
    void add(double time, boolean success) {
        if (size == failed.length) {
            if (failed[next]) {
                failures--;
            }
        } else {
            size++;
        }
        failed[next] = !success;
        seconds[next] = time;
        if (!success) {
            failures++;
        }
        next = next + 1 == failed.length ? 0 : next + 1;
    }

    /** Executions held: the window's length once it has filled. */
    int size() {
        return size;
    }

    /** Failures among the executions held. */
    int failures() {
        return failures;
    }

    /** Failures / executions held; 0 while empty. */
    double rate() {
        return size == 0 ? 0.0 : (double) failures / size;
    }

    /**
     * The mean time of the executions held (summed afresh, so no rounding accumulates over a long
     * run); 0 while empty.
     */
    double meanTime() {
        double sum = 0;
        for (int i = 0; i < size; i++) {
            sum += seconds[i];
        }
        return size == 0 ? 0.0 : sum / size;
    }
}
