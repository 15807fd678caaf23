package io.calibrax.monitoring.internal.pipeline;

/**
 * The outcomes of a pipeline's latest executions, exactly, in the order recorded: a ring of
 * failure flags and the count of failures it holds. Not thread-safe: its owner ({@link
 * PipelineState}) guards it with its lock, so that every execution is judged against the true
 * window right after it joined. Not public API.
 */
final class OutcomeWindow {
    private final boolean[] failed;
    private int next;
    private int size;
    private int failures;

    /** A window of the latest {@code executions} outcomes. */
    OutcomeWindow(int executions) {
        if (executions <= 0) {
            throw new IllegalArgumentException("executions must be positive, got " + executions);
        }
        this.failed = new boolean[executions];
    }

    /** Adds an outcome, evicting the oldest once the window is full. */
    void add(boolean success) {
        if (size == failed.length) {
            if (failed[next]) {
                failures--;
            }
        } else {
            size++;
        }
        failed[next] = !success;
        if (!success) {
            failures++;
        }
        next = next + 1 == failed.length ? 0 : next + 1;
    }

    /** Outcomes held: the window's length once it has filled. */
    int size() {
        return size;
    }

    /** Failures among the outcomes held. */
    int failures() {
        return failures;
    }

    /** Failures / outcomes held; 0 while empty. */
    double rate() {
        return size == 0 ? 0.0 : (double) failures / size;
    }
}
