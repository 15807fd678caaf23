package io.calibrax.monitoring.internal.pipeline;

/**
 * The most recent values of a series (a fixed number of them, the window) as counts in log-linear
 * buckets, so that a quantile costs one short walk over the counts instead of a pass over the
 * values.
 *
 * <p>Every power of two from 2<sup>-24</sup> (about 60 ns, in seconds) up to 2<sup>20</sup> (about
 * 12 days) is split into {@value #SUB_BUCKETS} buckets of equal width; values below 2<sup>-24</sup>
 * fall into {@value #SUB_BUCKETS} equal buckets from zero, values from 2<sup>20</sup> on into an
 * overflow bucket of their own (with the largest of them added since it last emptied). Adding a value
 * evicts the oldest once the window is full: a ring remembers the bucket of each value held. Per
 * bucket and per power of two a count is kept, and a bit per power of two that holds values, so that
 * a quantile walks the counts of the groups that hold values, then at most {@value #SUB_BUCKETS}
 * bucket counts.
 *
 * <p><b>Precision.</b> A quantile is estimated as numpy's default (linear interpolation between the
 * two nearest ranks) would compute it over the exact values held, with each rank's value placed
 * within its bucket by its position among the bucket's values, then clamped to known bounds of the
 * values. The error is below {@link #RELATIVE_ERROR} (1/32, 3.2%) of the exact quantile for values
 * from 2<sup>-24</sup> to 2<sup>20</sup>, below {@link #ABSOLUTE_ERROR_BELOW_RANGE} (2<sup>-29</sup>)
 * under that range. A rank that falls among values above it is reported as the largest value of the
 * overflow bucket (the largest added since that bucket last held none), never more than the maximum
 * given: exact when those values are equal, and never outside the minimum and maximum.
 *
 * <p>Not thread-safe: its owner guards it (a {@link PipelineState}'s lock). Not public API.
 *
 * @since 0.1.0
 */
public final class SlidingHistogram {
    /** Buckets per power of two (and below the lowest). */
    static final int SUB_BUCKETS = 32;
    private static final int SUB_BITS = Integer.numberOfTrailingZeros(SUB_BUCKETS);
    private static final int LOWEST_EXPONENT = -24;
    private static final int HIGHEST_EXPONENT = 20;
    /** The linear group below 2^-24, one group per power of two up to 2^20, then the overflow group. */
    static final int GROUPS = 2 + HIGHEST_EXPONENT - LOWEST_EXPONENT;
    /** The bucket of every value from 2^20 on: the first (and only used) bucket of the last group. */
    static final int OVERFLOW = (GROUPS - 1) * SUB_BUCKETS;
    static final int BUCKETS = OVERFLOW + 1;    // GROUPS fits a long's bits (the mask of groups held), BUCKETS a short (the ring)
    /** Where the log-linear buckets start: 2^-24. */
    static final double LOWEST = 0x1p-24;
    /** Where they end: values from here on share the overflow bucket. */
    static final double HIGHEST = 0x1p20;
    /** The bound on a quantile's error, relative to it, for values within LOWEST..HIGHEST. */
    static final double RELATIVE_ERROR = 1.0 / SUB_BUCKETS;
    /** The bound on a quantile's error for values below LOWEST. */
    static final double ABSOLUTE_ERROR_BELOW_RANGE = LOWEST / SUB_BUCKETS;

    private static final int MANTISSA_SHIFT = 52 - SUB_BITS;
    private static final double LINEAR_SCALE = SUB_BUCKETS / LOWEST;
    /** The top bits of LOWEST's representation, less the linear group before it. */
    private static final int BASE = (int) (Double.doubleToRawLongBits(LOWEST) >>> MANTISSA_SHIFT) - SUB_BUCKETS;

    private final short[] ring;
    private final int[] bucketCounts = new int[BUCKETS];
    private final int[] groupCounts = new int[GROUPS];
    /** Bit g set: group g holds values; lets a walk skip the empty ones. */
    private long groupsHeld;
    /** The largest value added to the overflow bucket since it last held none (0 while it holds none). */
    private double overflowMax;
    private int next;
    private int size;

    /** A histogram of the latest {@code window} values. */
    SlidingHistogram(int window) {
        if (window <= 0) {
            throw new IllegalArgumentException("window must be positive, got " + window);
        }
        this.ring = new short[window];
    }

    /** Values held: the window, once it has filled. */
    int size() {
        return size;
    }

    /** Adds a finite value, not negative, evicting the oldest if the window is full. */
    void add(double value) {
        int bucket = bucket(value);
        short[] slots = ring;
        int slot = next;
        if (size == slots.length) {
            int evicted = slots[slot];
            if (--bucketCounts[evicted] == 0 && evicted == OVERFLOW) {
                overflowMax = 0;
            }
            if (--groupCounts[evicted >>> SUB_BITS] == 0) {
                groupsHeld &= ~(1L << (evicted >>> SUB_BITS));
            }
        } else {
            size++;
        }
        slots[slot] = (short) bucket;
        bucketCounts[bucket]++;
        if (bucket == OVERFLOW) {
            overflowMax = Math.max(overflowMax, value);
        }
        if (groupCounts[bucket >>> SUB_BITS]++ == 0) {
            groupsHeld |= 1L << (bucket >>> SUB_BITS);
        }
        next = slot + 1 == slots.length ? 0 : slot + 1;
    }

    /** The bucket of a finite value, not negative. */
    static int bucket(double value) {
        if (value < LOWEST) {
            return (int) (value * LINEAR_SCALE);
        }
        int bucket = (int) (Double.doubleToRawLongBits(value) >>> MANTISSA_SHIFT) - BASE;
        return Math.min(bucket, OVERFLOW);
    }

    /** The smallest value of a bucket (its values lie from here up to the next bucket's). */
    static double lowerBound(int bucket) {
        if (bucket < SUB_BUCKETS) {
            return bucket / LINEAR_SCALE;
        }
        return Double.longBitsToDouble((long) (bucket + BASE) << MANTISSA_SHIFT);
    }

    /**
     * The {@code ps} quantiles (ascending, each within 0..1) of the values that {@code parts} hold
     * together, to the precision the class describes; {@code min} and {@code max} bound the values
     * (the exact extremes of a superset of them will do). At least one value must be held.
     */
    static double[] quantiles(SlidingHistogram[] parts, double[] ps, double min, double max) {
        long held = 0;
        for (SlidingHistogram part : parts) {
            held += part.size;
        }
        if (held == 0) {
            throw new IllegalStateException("no values held");
        }
        Walk walk = new Walk(parts, min, max);
        double[] result = new double[ps.length];
        for (int q = 0; q < ps.length; q++) {
            double position = ps[q] * (held - 1);
            long lower = (long) Math.floor(position);
            long upper = Math.min(held - 1, lower + 1);
            double low = walk.valueAt(lower);
            double high = upper == lower ? low : walk.valueAt(upper);
            result[q] = low + (high - low) * (position - lower);
        }
        return result;
    }

    /**
     * A walk through the merged counts of several histograms in ascending order, which answers
     * ascending ranks in one pass (and starts over for a rank below the last).
     */
    private static final class Walk {
        private final SlidingHistogram[] parts;
        private final double min;
        private final double max;
        private final long groupsHeld;
        private int group;
        private long groupStart; // values in the groups before this one
        private int bucket;
        private long bucketStart; // values in the buckets before this one

        Walk(SlidingHistogram[] parts, double min, double max) {
            this.parts = parts;
            this.min = min;
            this.max = max;
            long held = 0;
            for (SlidingHistogram part : parts) {
                held |= part.groupsHeld;
            }
            this.groupsHeld = held;
            restart();
        }

        private void restart() {
            group = Long.numberOfTrailingZeros(groupsHeld);
            groupStart = 0;
            bucket = group << SUB_BITS;
            bucketStart = 0;
        }

        /** The estimated value of rank {@code rank} (0: the smallest) among the values held. */
        double valueAt(long rank) {
            if (rank < bucketStart) {
                restart();
            }
            long groupEnd;
            while (rank >= (groupEnd = groupStart + groupCount(group))) {
                groupStart = groupEnd;
                group = Long.numberOfTrailingZeros(groupsHeld & (-2L << group)); // the next group holding values
                bucket = group << SUB_BITS;
                bucketStart = groupStart;
            }
            int count;
            while (rank >= bucketStart + (count = bucketCount(bucket))) {
                bucketStart += count;
                bucket++;
            }
            double estimate;
            if (bucket == OVERFLOW) {
                estimate = overflowMax(); // no resolution above the range: the largest such value held, as far as known
            } else {
                double low = lowerBound(bucket);
                double high = lowerBound(bucket + 1);
                estimate = low + (high - low) * ((rank - bucketStart) + 0.5) / count;
            }
            return Math.min(max, Math.max(min, estimate));
        }

        private double overflowMax() {
            double largest = HIGHEST;
            for (SlidingHistogram part : parts) {
                largest = Math.max(largest, part.overflowMax);
            }
            return largest;
        }

        private int groupCount(int g) {
            int sum = 0;
            for (SlidingHistogram part : parts) {
                sum += part.groupCounts[g];
            }
            return sum;
        }

        private int bucketCount(int b) {
            int sum = 0;
            for (SlidingHistogram part : parts) {
                sum += part.bucketCounts[b];
            }
            return sum;
        }
    }
}
