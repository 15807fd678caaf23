package io.calibrax.monitoring.internal.pipeline;

/**
 * A pipeline's latest executions, exactly, in the order recorded: one ring of words, each holding
 * an execution's time with its outcome in the sign bit (a time is never negative), and the count
 * of failures over each of two spans of it: the error-rate alert's (the latest 20 by default) and
 * the health's (the latest 100). An execution leaving a span is read from the ring as the new one
 * is written, so each span's count stays exact. Not thread-safe: its owner ({@link PipelineState})
 * guards it with its lock, so that every execution is judged against the true spans right after
 * it joined. Not public API.
 */
final class RecentExecutions {
    /** The sign bit of a time's representation: set for a failure. */
    private static final long FAILED = Long.MIN_VALUE;

    private final long[] ring;
    private final int alertSpan;
    private final int healthSpan;
    private int next;
    private long added;
    private int alertFailures;
    private int healthFailures;

    /** The latest {@code alertSpan} executions for the error-rate alert, {@code healthSpan} for health. */
    RecentExecutions(int alertSpan, int healthSpan) {
        if (alertSpan <= 0 || healthSpan <= 0) {
            throw new IllegalArgumentException("spans must be positive, got " + alertSpan + " and " + healthSpan);
        }
        this.alertSpan = alertSpan;
        this.healthSpan = healthSpan;
        this.ring = new long[Math.max(alertSpan, healthSpan)];
    }

    /** Adds an execution (a time not negative), letting the oldest of each full span go. */
    void add(double seconds, boolean success) {
        long[] words = ring;
        int slot = next;
        if (added >= alertSpan && words[leaving(slot, alertSpan)] < 0) {
            alertFailures--;
        }
        if (added >= healthSpan && words[leaving(slot, healthSpan)] < 0) {
            healthFailures--;
        }
        long word = Double.doubleToRawLongBits(seconds) & ~FAILED; // -0.0 is a time of 0, not a failure
        if (!success) {
            word |= FAILED;
            alertFailures++;
            healthFailures++;
        }
        words[slot] = word;
        added++;
        next = slot + 1 == words.length ? 0 : slot + 1;
    }

    /** The slot of the execution that leaves a full span of {@code span} as one joins at {@code slot}. */
    private int leaving(int slot, int span) {
        int index = slot - span;
        return index < 0 ? index + ring.length : index;
    }

    /** Executions the alert's span holds: its length once it has filled. */
    int alertSize() {
        return (int) Math.min(added, alertSpan);
    }

    /** Failures among them. */
    int alertFailures() {
        return alertFailures;
    }

    /** Executions the health's span holds: its length once it has filled. */
    int healthSize() {
        return (int) Math.min(added, healthSpan);
    }

    /** Failures / executions in the health's span; 0 while empty. */
    double healthRate() {
        int size = healthSize();
        return size == 0 ? 0.0 : (double) healthFailures / size;
    }

    /**
     * The mean time of the executions in the health's span (summed afresh, so no rounding
     * accumulates over a long run); 0 while empty.
     */
    double healthMeanTime() {
        int size = healthSize();
        double sum = 0;
        int slot = next;
        for (int i = 0; i < size; i++) {
            slot = slot == 0 ? ring.length - 1 : slot - 1;
            sum += Double.longBitsToDouble(ring[slot] & ~FAILED);
        }
        return size == 0 ? 0.0 : sum / size;
    }
}
