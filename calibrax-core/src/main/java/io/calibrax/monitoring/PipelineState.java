package io.calibrax.monitoring;

import io.calibrax.api.HealthStatus;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One pipeline's executions in bounded memory, recorded without any write shared between threads.
 *
 * <p>The state is split into stripes, each guarded by its own tiny lock and holding running
 * aggregates (count, failures, sum, min, max), a ring of its most recent execution times (for
 * percentiles) and a ring of its most recent outcomes with their time stamps (for the recent error
 * rate). A pipeline starts with one stripe, so single-threaded recording is exact and cheap; when
 * two threads collide on a stripe, the pipeline grows more stripes (up to {@link #MAX_STRIPES}) and
 * the colliding thread moves to another, as {@link java.util.concurrent.atomic.LongAdder} does with
 * its cells. Readers lock one stripe at a time and merge: the recent error rate takes the newest
 * outcomes across stripes by time stamp, so it is exact for one thread and ordered by the clock for
 * several.
 */
final class PipelineState {
    /** Enough stripes for every core to have its own, twice over, within a bound on memory. */
    static final int MAX_STRIPES = Math.min(16,
            Math.max(4, Integer.highestOneBit(Math.max(1, Runtime.getRuntime().availableProcessors() * 2 - 1)) << 1));

    private static final double[] QUANTILES = {0.50, 0.95, 0.99};

    private static final ThreadLocal<int[]> PROBE =
            ThreadLocal.withInitial(() -> new int[] {ThreadLocalRandom.current().nextInt() | 1});

    private final int percentileWindow;
    private final int errorRateWindow;
    private final long originNanos;
    private final long originEpochMillis;
    private volatile Stripe[] stripes;

    final AlertGate degradation = new AlertGate();
    final AlertGate errorRate = new AlertGate();

    PipelineState(int percentileWindow, int errorRateWindow) {
        this(percentileWindow, errorRateWindow, 1);
    }

    /** With {@code initialStripes} (a power of two) from the start: for tests of the merging paths. */
    PipelineState(int percentileWindow, int errorRateWindow, int initialStripes) {
        this.percentileWindow = percentileWindow;
        this.errorRateWindow = errorRateWindow;
        this.originNanos = System.nanoTime();
        this.originEpochMillis = System.currentTimeMillis();
        Stripe[] initial = new Stripe[initialStripes];
        for (int i = 0; i < initial.length; i++) {
            initial[i] = new Stripe(percentileWindow, errorRateWindow);
        }
        this.stripes = initial;
    }

    /** How many stripes the pipeline has grown to. */
    int stripeCount() {
        return stripes.length;
    }

    /** Records one execution at {@code nowNanos} (from {@link System#nanoTime()}). */
    void record(double seconds, boolean success, long nowNanos, Map<String, Object> metadata) {
        Stripe stripe = acquire();
        try {
            stripe.add(seconds, success, nowNanos - originNanos, metadata);
        } finally {
            stripe.unlock();
        }
    }

    private Stripe acquire() {
        int[] probe = PROBE.get();
        Stripe[] current = stripes;
        Stripe stripe = current[probe[0] & (current.length - 1)];
        return stripe.tryLock() ? stripe : acquireContended(probe);
    }

    /** The thread collided with another: grow if we may, move this thread elsewhere, yield if all are busy. */
    private Stripe acquireContended(int[] probe) {
        Stripe[] current = stripes;
        if (current.length < MAX_STRIPES) {
            grow(current);
        }
        for (int attempt = 1; ; attempt++) {
            int h = probe[0];
            h ^= h << 13;
            h ^= h >>> 17;
            h ^= h << 5;
            probe[0] = h;
            current = stripes;
            Stripe stripe = current[h & (current.length - 1)];
            if (stripe.tryLock()) {
                return stripe;
            }
            if (attempt % current.length == 0) {
                Thread.yield(); // every stripe busy: let the holders run (we may have more threads than cores)
            }
        }
    }

    private synchronized void grow(Stripe[] seen) {
        if (stripes != seen) {
            return;
        }
        Stripe[] grown = Arrays.copyOf(seen, seen.length * 2);
        for (int i = seen.length; i < grown.length; i++) {
            grown[i] = new Stripe(percentileWindow, errorRateWindow);
        }
        stripes = grown;
    }

    /** Executions within the recent window and how many of them failed, as of now. */
    RecentOutcomes recentOutcomes() {
        Stripe[] current = stripes;
        if (current.length == 1) {
            Stripe only = current[0];
            only.lock();
            try {
                return only.recent();
            } finally {
                only.unlock();
            }
        }
        long[] merged = new long[current.length * errorRateWindow];
        int size = 0;
        for (Stripe stripe : current) {
            stripe.lock();
            try {
                size = stripe.copyOutcomes(merged, size);
            } finally {
                stripe.unlock();
            }
        }
        Arrays.sort(merged, 0, size); // by time stamp: the newest are last
        int count = Math.min(size, errorRateWindow);
        int failed = 0;
        for (int i = size - count; i < size; i++) {
            failed += (int) (merged[i] & 1);
        }
        return new RecentOutcomes(count, failed);
    }

    /** Executions in the recent window and how many failed. */
    record RecentOutcomes(int count, int failed) {
        double rate() {
            return count == 0 ? 0.0 : (double) failed / count;
        }
    }

    /** The statistics now, or null before the first execution. */
    PipelineStats snapshot(double degradedAbove, double criticalAbove) {
        Stripe[] current = stripes;
        long total = 0;
        long failed = 0;
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        long lastNanos = Long.MIN_VALUE;
        double lastTime = 0;
        long lastFailureNanos = Long.MIN_VALUE;
        Map<String, Object> lastFailureMetadata = Map.of();
        double[] times = new double[0];
        int timeCount = 0;
        for (Stripe stripe : current) {
            stripe.lock();
            try {
                if (stripe.count == 0) {
                    continue;
                }
                total += stripe.count;
                failed += stripe.failures;
                sum += stripe.sum;
                min = Math.min(min, stripe.min);
                max = Math.max(max, stripe.max);
                if (stripe.lastNanos > lastNanos) {
                    lastNanos = stripe.lastNanos;
                    lastTime = stripe.lastTime;
                }
                if (!stripe.lastFailureMetadata.isEmpty() && stripe.lastFailureNanos > lastFailureNanos) {
                    lastFailureNanos = stripe.lastFailureNanos;
                    lastFailureMetadata = stripe.lastFailureMetadata;
                }
                int held = (int) Math.min(stripe.count, stripe.times.length);
                times = Arrays.copyOf(times, timeCount + held);
                System.arraycopy(stripe.times, 0, times, timeCount, held);
                timeCount += held;
            } finally {
                stripe.unlock();
            }
        }
        if (total == 0) {
            return null;
        }
        double[] quantiles = quantiles(times, QUANTILES);
        double errorRate = (double) failed / total;
        Instant lastExecutedAt = Instant.ofEpochMilli(originEpochMillis).plusNanos(lastNanos);
        return new PipelineStats(total, failed, 1.0 - errorRate, errorRate, sum / total, min, max,
                quantiles[0], quantiles[1], quantiles[2], recentOutcomes().rate(),
                lastTime, lastExecutedAt, classify(errorRate, degradedAbove, criticalAbove), lastFailureMetadata);
    }

    /** Health from an error rate: above {@code criticalAbove} CRITICAL, above {@code degradedAbove} DEGRADED. */
    static HealthStatus classify(double errorRate, double degradedAbove, double criticalAbove) {
        if (errorRate > criticalAbove) {
            return HealthStatus.CRITICAL;
        }
        if (errorRate > degradedAbove) {
            return HealthStatus.DEGRADED;
        }
        return HealthStatus.HEALTHY;
    }

    /**
     * The {@code ps} quantiles (ascending) of {@code values}, which it reorders: linear interpolation
     * between the two nearest ranks, as numpy's default. Selection instead of a full sort keeps a
     * report cheap: expected linear time per quantile, narrowing as they rise.
     */
    static double[] quantiles(double[] values, double[] ps) {
        double[] result = new double[ps.length];
        int n = values.length;
        int from = 0; // after selecting rank r, everything from r on is >= everything before it
        for (int q = 0; q < ps.length; q++) {
            double position = ps[q] * (n - 1);
            int lower = (int) Math.floor(position);
            int upper = Math.min(n - 1, lower + 1);
            double low = select(values, Math.min(from, lower), n - 1, lower);
            double high = upper == lower ? low : select(values, upper, n - 1, upper);
            result[q] = low + (high - low) * (position - lower);
            from = lower;
        }
        return result;
    }

    /**
     * Moves the {@code k}-th smallest of {@code a[left..right]} to {@code a[k]}, smaller ones before
     * it and larger ones after, and returns it (Hoare's quickselect, falling back to a sort on small
     * ranges or when partitions keep coming out lopsided).
     */
    static double select(double[] a, int left, int right, int k) {
        int budget = 2 * (32 - Integer.numberOfLeadingZeros(right - left + 1));
        while (right > left) {
            if (right - left < 24 || budget-- == 0) {
                Arrays.sort(a, left, right + 1);
                return a[k];
            }
            int middle = (left + right) >>> 1;
            double pivot = medianOfThree(a[left], a[middle], a[right]);
            int i = left;
            int j = right;
            while (i <= j) {
                while (a[i] < pivot) {
                    i++;
                }
                while (a[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    double swap = a[i];
                    a[i++] = a[j];
                    a[j--] = swap;
                }
            }
            if (k <= j) {
                right = j;
            } else if (k >= i) {
                left = i;
            } else {
                return a[k]; // between the partitions: equal to the pivot
            }
        }
        return a[k];
    }

    private static double medianOfThree(double x, double y, double z) {
        return Math.max(Math.min(x, y), Math.min(Math.max(x, y), z));
    }

    /** Cache-line padding before a stripe's hot fields, so that a neighbour's writes never share their line. */
    @SuppressWarnings("unused")
    private abstract static class PaddedBefore {
        long p01, p02, p03, p04, p05, p06, p07, p08;
    }

    /** A stripe's hot fields: written by one thread at a time, under the stripe's lock. */
    private abstract static class StripeFields extends PaddedBefore {
        volatile int busy;
        long count;
        long failures;
        double sum;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        long lastNanos; // since the pipeline's origin
        double lastTime;
        long lastFailureNanos;
        Map<String, Object> lastFailureMetadata = Map.of();
    }

    /**
     * A share of a pipeline's state, guarded by a lock that is only ever tried by recorders (a busy
     * stripe sends the thread to another) and taken briefly by readers.
     */
    @SuppressWarnings("unused")
    private static final class Stripe extends StripeFields {
        private static final VarHandle BUSY;

        static {
            try {
                BUSY = MethodHandles.lookup().findVarHandle(StripeFields.class, "busy", int.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        long q01, q02, q03, q04, q05, q06, q07, q08;

        /** Time stamp (nanoseconds since the pipeline's origin) shifted left once, the low bit set for a failure. */
        final long[] outcomes;
        final double[] times;

        Stripe(int percentileWindow, int errorRateWindow) {
            // the small, hot ring first: the large one behind it keeps the next stripe's fields at a distance
            this.outcomes = new long[errorRateWindow];
            this.times = new double[percentileWindow];
        }

        boolean tryLock() {
            return busy == 0 && BUSY.compareAndSet((StripeFields) this, 0, 1);
        }

        void lock() {
            while (!tryLock()) {
                Thread.yield();
            }
        }

        void unlock() {
            BUSY.setRelease((StripeFields) this, 0);
        }

        void add(double seconds, boolean success, long sinceOriginNanos, Map<String, Object> metadata) {
            times[(int) (count % times.length)] = seconds;
            outcomes[(int) (count % outcomes.length)] = (sinceOriginNanos << 1) | (success ? 0 : 1);
            count++;
            if (!success) {
                failures++;
                if (!metadata.isEmpty()) {
                    lastFailureMetadata = metadata;
                    lastFailureNanos = sinceOriginNanos;
                }
            }
            sum += seconds;
            min = Math.min(min, seconds);
            max = Math.max(max, seconds);
            lastNanos = sinceOriginNanos;
            lastTime = seconds;
        }

        RecentOutcomes recent() {
            int held = (int) Math.min(count, outcomes.length);
            int failed = 0;
            for (int i = 0; i < held; i++) {
                failed += (int) (outcomes[i] & 1);
            }
            return new RecentOutcomes(held, failed);
        }

        int copyOutcomes(long[] into, int from) {
            int held = (int) Math.min(count, outcomes.length);
            System.arraycopy(outcomes, 0, into, from, held);
            return from + held;
        }
    }

    /**
     * Whether a persisting condition (a slow or failing pipeline) should alert now: on its first
     * occurrence, then at most once per repeat interval until it clears.
     */
    static final class AlertGate {
        private volatile boolean active;
        private long lastAlertNanos; // guarded by this

        /** True if the condition should alert now; marks it active. */
        synchronized boolean open(long nowNanos, long repeatNanos) {
            if (!active || nowNanos - lastAlertNanos >= repeatNanos) {
                active = true;
                lastAlertNanos = nowNanos;
                return true;
            }
            return false;
        }

        /** The condition cleared: the next occurrence alerts at once. Cheap when it was not active. */
        void clear() {
            if (active) {
                synchronized (this) {
                    active = false;
                }
            }
        }

        boolean isActive() {
            return active;
        }
    }
}
