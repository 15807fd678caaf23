package io.calibrax.monitoring;

import io.calibrax.api.HealthStatus;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One pipeline's executions in bounded memory, recorded without any write shared between threads.
 *
 * <p>The state is split into stripes, each guarded by its own tiny lock and holding running
 * aggregates (count, failures, sum, min, max), a {@link SlidingHistogram} of its most recent
 * execution times (for percentiles) and a ring of its most recent outcomes with their time stamps
 * (for the recent error rate). A pipeline starts with one stripe, so single-threaded recording is
 * exact and cheap. It grows more stripes (up to {@link #MAX_STRIPES}) when two recording threads
 * collide on a stripe (the later one takes another stripe for that execution, as
 * {@link java.util.concurrent.atomic.LongAdder} does with its cells), and when threads keep taking a
 * stripe over from each other within moments without colliding, since each hand-over moves the
 * stripe's cache lines between cores. Threads take stripes by their number, so that a pool's threads
 * spread over them; a thread that still shares a stripe once the pipeline has all its stripes moves
 * to another.
 *
 * <p>Readers never make recorders move or grow stripes. A statistics snapshot takes every stripe's
 * lock for reading (a recorder that meets it waits the moment it takes), merges the aggregates and
 * walks the merged histograms once: its cost depends on neither the number of executions nor the
 * window. The percentiles merge only the stripes that still hold recent executions: a stripe is left
 * out when its newest execution is more than the percentile expiry older than the pipeline's newest,
 * or older than every execution in the full window of another stripe (that stripe alone then holds a
 * window of newer ones). A burst from many threads thus stops weighing on the percentiles once one
 * thread has recorded two windows since (each stripe notes when its window last started over), or
 * once the expiry has passed. Recording returns the recent outcomes of its own stripe, a running
 * count, and whether the pipeline's recent outcomes should be judged now (see {@link #judgeNow}). The pipeline's
 * recent outcomes read without any lock or write: that count when there is one stripe (exact), else
 * the newest outcomes of every stripe merged by time stamp (ordered by the clock), each read
 * validated against the stripe's count of outcomes written, as a sequence lock does.
 */
final class PipelineState {
    /** Enough stripes for every core to have its own, twice over, within a bound on memory. */
    static final int MAX_STRIPES = Math.min(16,
            Math.max(4, Integer.highestOneBit(Math.max(1, Runtime.getRuntime().availableProcessors() * 2 - 1)) << 1));

    private static final double[] QUANTILES = {0.50, 0.95, 0.99};
    private static final long NO_OUTCOME = Long.MIN_VALUE;

    private static final ThreadLocal<ThreadSlot> THREAD_SLOT = ThreadLocal.withInitial(ThreadSlot::new);
    private static final AtomicInteger THREADS = new AtomicInteger();

    /** Hand-overs of a stripe between threads, each within this of the last execution, that make it shared. */
    private static final int SHARED_AFTER_HANDOVERS = 32;
    private static final long HANDOVER_NANOS = 50_000;

    private final int percentileWindow;
    private final int errorRateWindow;
    private final long percentileExpiryNanos;
    private final long originNanos;
    private final long originEpochMillis;
    /** The recent error rate above which a failure raises an alert. */
    private final double errorRateThreshold;
    /**
     * How often a stripe's budget of judgements of the pipeline's merged recent outcomes gains one
     * back (see {@link JudgementBudget}): a stripe whose failures come at most once per interval,
     * or in bursts of up to {@link #JUDGEMENTS_AT_ONCE} after as many intervals without,
     * judges every one of them over the whole pipeline, exactly.
     */
    static final long JUDGE_INTERVAL_NANOS = 10_000_000L;
    /**
     * How many judgements a stripe's failures may make at once, beyond those its own rate asks for
     * (and, separately, its successes while an alert is active).
     */
    static final int JUDGEMENTS_AT_ONCE = 4;
    private volatile Stripe[] stripes;

    /** The pipeline's baseline in seconds (NaN: none), a copy the monitor keeps current under its structure lock. */
    volatile double baseline = Double.NaN;

    final AlertGate degradation = new AlertGate();
    final AlertGate errorRate = new AlertGate();

    /** The percentile expiry unless one is given. */
    static final long DEFAULT_PERCENTILE_EXPIRY_NANOS = 120_000_000_000L;

    PipelineState(int percentileWindow, int errorRateWindow) {
        this(percentileWindow, errorRateWindow, 1);
    }

    /** With {@code initialStripes} (a power of two up to MAX_STRIPES) from the start: for tests of the merging paths. */
    PipelineState(int percentileWindow, int errorRateWindow, int initialStripes) {
        this(percentileWindow, errorRateWindow, initialStripes, DEFAULT_PERCENTILE_EXPIRY_NANOS, System.nanoTime(),
                ProductionMonitor.DEFAULT_ERROR_RATE_THRESHOLD);
    }

    /**
     * A pipeline whose percentiles leave out stripes idle for more than {@code percentileExpiryNanos}
     * before the pipeline's newest execution, timed by a clock that read {@code originNanos} now, and
     * whose failures are judged against {@code errorRateThreshold}.
     */
    PipelineState(int percentileWindow, int errorRateWindow, int initialStripes, long percentileExpiryNanos,
                  long originNanos, double errorRateThreshold) {
        if (initialStripes <= 0 || initialStripes > MAX_STRIPES || Integer.bitCount(initialStripes) != 1) {
            throw new IllegalArgumentException("initialStripes must be a power of two up to " + MAX_STRIPES
                    + ", got " + initialStripes);
        }
        if (percentileExpiryNanos <= 0) {
            throw new IllegalArgumentException("percentileExpiryNanos must be positive, got " + percentileExpiryNanos);
        }
        this.percentileWindow = percentileWindow;
        this.errorRateWindow = errorRateWindow;
        this.percentileExpiryNanos = percentileExpiryNanos;
        this.originNanos = originNanos;
        this.originEpochMillis = System.currentTimeMillis();
        this.errorRateThreshold = errorRateThreshold;
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

    /**
     * Records one execution at {@code nowNanos} (from the monitor's clock).
     *
     * @return the recent outcomes of the stripe it went to, packed as {@link #recentPacked()} (the
     *         whole pipeline's while it has one stripe), with the sign bit set when the pipeline's
     *         recent outcomes should be judged now (see {@link #judgeNow})
     */
    long record(double seconds, boolean success, long nowNanos, Map<String, Object> metadata) {
        ThreadSlot slot = THREAD_SLOT.get();
        Stripe[] current = stripes;
        Stripe stripe = current[slot.probe & (current.length - 1)];
        if (!stripe.tryLock()) {
            stripe = acquireContended(slot);
        }
        long recent;
        boolean judge;
        try {
            recent = stripe.add(seconds, success, nowNanos - originNanos, metadata, slot.id);
            // the stripes as they are now: a pipeline that grew meanwhile is judged as striped
            judge = judge(stripe, success, recent & Long.MAX_VALUE, stripes.length > 1, nowNanos);
        } finally {
            stripe.unlock();
        }
        if (recent < 0) {
            recent &= Long.MAX_VALUE;
            if (current.length < MAX_STRIPES) {
                grow(current);
            } else {
                slot.probe = next(slot.probe); // as many stripes as may be: this thread tries another
            }
        }
        return judge ? recent | Long.MIN_VALUE : recent;
    }

    /**
     * Whether a {@link #record} result asks for the pipeline's recent outcomes to be judged now: for
     * a failure, whether they may have gone over the threshold; for a success, whether they may be
     * over it after a failure whose judgement was put off, or, while an error-rate alert is active,
     * back under it.
     */
    static boolean judgeNow(long recorded) {
        return recorded < 0;
    }

    /**
     * Decides, under the stripe's lock, whether the execution just added should judge the
     * pipeline's recent outcomes. With one stripe they are the stripe's own, read for free: a
     * failure judges them when they are over the threshold, a success while an alert is active
     * always. With several, merging them reads lines that other cores write, so each stripe has a
     * {@link JudgementBudget}: {@link #JUDGEMENTS_AT_ONCE} judgements at once, one more back
     * per {@link #JUDGE_INTERVAL_NANOS}. A failure judges them when the stripe's own are over the
     * threshold, or when the budget has a judgement left; otherwise its judgement is put off to the
     * stripe's next execution, success or failure, once the budget has one again (within an
     * interval), or to the monitor's next cycle if the stripe records nothing more (see
     * {@link #takePutOffJudgements}). A success while an alert is active judges them within a budget
     * of its own, so that it never uses up a failure's. A stripe whose failures come at most once
     * per interval, or in bursts of up to the budget after as many quiet intervals, thus judges
     * every failure exactly when it happens.
     */
    private boolean judge(Stripe stripe, boolean success, long stripeRecent, boolean striped, long nowNanos) {
        if (errorRateThreshold >= 1.0) {
            return success && errorRate.isActive(); // no rate is over it: only re-arm an alert
        }
        if (!striped) {
            return success ? errorRate.isActive() : recentRate(stripeRecent) > errorRateThreshold;
        }
        // While a judgement is put off, the budget is not asked again before it can have refilled
        // (unless the clock went back past it): that time is on the stripe's own line, the budget
        // on another.
        long untilDue = stripe.putOffUntil - nowNanos;
        boolean askBudget = !stripe.judgementPutOff || untilDue <= 0 || untilDue > JUDGE_INTERVAL_NANOS;
        if (!success) {
            if (recentRate(stripeRecent) > errorRateThreshold
                    || askBudget && stripe.failureJudgements.tryJudge(nowNanos)) {
                stripe.judgementPutOff = false;
                return true;
            }
            if (askBudget) {
                stripe.judgementPutOff = true;
                stripe.putOffUntil = stripe.failureJudgements.nextAt();
            }
            return false;
        }
        if (stripe.judgementPutOff && askBudget) {
            if (stripe.failureJudgements.tryJudge(nowNanos)) {
                stripe.judgementPutOff = false;
                return true;
            }
            stripe.putOffUntil = stripe.failureJudgements.nextAt();
        }
        return errorRate.isActive() && stripe.successJudgements.tryJudge(nowNanos);
    }

    /**
     * The thread's stripe was busy. Another recorder holds it: grow if we may. Either way, take the
     * next free stripe for this execution only: the thread keeps its own stripe, so that threads
     * numbered apart stay apart. A reader holds stripes only while it merges them.
     */
    private Stripe acquireContended(ThreadSlot slot) {
        boolean grown = false;
        for (int attempt = 1; ; attempt++) {
            Stripe[] current = stripes;
            Stripe stripe = current[(slot.probe + attempt) & (current.length - 1)];
            int holder = stripe.busy;
            if (holder == Stripe.FREE && stripe.tryLock()) {
                return stripe;
            }
            if (holder == Stripe.WRITER && !grown && current.length < MAX_STRIPES) {
                grow(current);
                grown = true;
            }
            if (attempt % MAX_STRIPES == 0) {
                Thread.yield(); // every stripe busy: let the holders run (we may have more threads than cores)
            } else {
                Thread.onSpinWait();
            }
        }
    }

    /** Another probe (xorshift; from 0, which xorshift keeps, it starts elsewhere). */
    private static int next(int probe) {
        int h = probe == 0 ? 0x9E3779B9 : probe;
        h ^= h << 13;
        h ^= h >>> 17;
        h ^= h << 5;
        return h;
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

    /**
     * Executions within the recent window and how many of them failed, as of now, packed as
     * {@code count << 32 | failed} (see {@link #recentCount} and {@link #recentFailed}): no lock,
     * no write, no allocation.
     */
    long recentPacked() {
        return recent(stripes);
    }

    private long recent(Stripe[] current) {
        return current.length == 1 ? current[0].recent() : mergeRecent(current);
    }

    static int recentCount(long packed) {
        return (int) (packed >>> 32) & Integer.MAX_VALUE;
    }

    static int recentFailed(long packed) {
        return (int) packed;
    }

    /** The failure rate of packed recent outcomes (0 when there are none). */
    static double recentRate(long packed) {
        int count = recentCount(packed);
        return count == 0 ? 0.0 : (double) recentFailed(packed) / count;
    }

    /** {@link #recentPacked()}, unpacked. */
    RecentOutcomes recentOutcomes() {
        long packed = recentPacked();
        return new RecentOutcomes(recentCount(packed), recentFailed(packed));
    }

    /** Executions in the recent window and how many failed. */
    record RecentOutcomes(int count, int failed) {
        double rate() {
            return count == 0 ? 0.0 : (double) failed / count;
        }
    }

    /** The newest {@code errorRateWindow} outcomes across stripes by time stamp, newest first. */
    private long mergeRecent(Stripe[] current) {
        ThreadSlot slot = THREAD_SLOT.get();
        long[] heads = slot.heads;
        long[] sequences = slot.sequences;
        int[] remaining = slot.remaining;
        int n = current.length;
        for (int s = 0; s < n; s++) {
            Stripe stripe = current[s];
            long written = stripe.outcomesWritten();
            sequences[s] = written - 1;
            remaining[s] = (int) Math.min(written, errorRateWindow);
            heads[s] = remaining[s] == 0 ? NO_OUTCOME : stripe.outcome(written - 1);
        }
        int taken = 0;
        int failed = 0;
        while (taken < errorRateWindow) {
            int best = -1;
            long newest = NO_OUTCOME;
            for (int s = 0; s < n; s++) {
                if (heads[s] != NO_OUTCOME && (best < 0 || heads[s] > newest)) {
                    best = s;
                    newest = heads[s];
                }
            }
            if (best < 0) {
                break;
            }
            taken++;
            failed += (int) (newest & 1);
            long sequence = --sequences[best];
            heads[best] = --remaining[best] == 0 ? NO_OUTCOME : current[best].outcome(sequence);
        }
        return ((long) taken << 32) | failed;
    }

    /**
     * Takes the judgements that stripes put off and have not made yet (their failures beyond the
     * budget, with nothing recorded since that the budget allowed): true if there were any, which
     * the caller then makes. Each stripe's flag is read without its lock first, so a stripe that
     * puts one off meanwhile may be left for the next call.
     */
    boolean takePutOffJudgements() {
        boolean taken = false;
        for (Stripe stripe : stripes) {
            if (stripe.judgementPutOff) {
                stripe.lockForRead();
                try {
                    taken |= stripe.judgementPutOff;
                    stripe.judgementPutOff = false;
                } finally {
                    stripe.unlock();
                }
            }
        }
        return taken;
    }

    /** The statistics now, or null before the first execution. */
    PipelineStats snapshot(double degradedAbove, double criticalAbove) {
        Stripe[] current = stripes;
        int locked = 0;
        try {
            for (Stripe stripe : current) {
                stripe.lockForRead();
                locked++;
            }
            return merge(current, degradedAbove, criticalAbove);
        } finally {
            for (int i = 0; i < locked; i++) {
                current[i].unlock();
            }
        }
    }

    /** Merges stripes whose locks this thread holds. */
    private PipelineStats merge(Stripe[] current, double degradedAbove, double criticalAbove) {
        long total = 0;
        long failed = 0;
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        long lastNanos = Long.MIN_VALUE;
        double lastTime = 0;
        long lastFailureNanos = Long.MIN_VALUE;
        long fullWindowSince = Long.MIN_VALUE; // the latest start of a full window among the stripes
        Map<String, Object> lastFailureMetadata = Map.of();
        for (Stripe stripe : current) {
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
            fullWindowSince = Math.max(fullWindowSince, stripe.previousLapNanos);
        }
        if (total == 0) {
            return null;
        }
        SlidingHistogram[] times = new SlidingHistogram[current.length];
        int held = 0;
        for (Stripe stripe : current) {
            if (stripe.count > 0 && stripe.lastNanos >= fullWindowSince
                    && lastNanos - stripe.lastNanos <= percentileExpiryNanos) {
                times[held++] = stripe.times; // still recent: the stripe of the newest execution always is
            }
        }
        if (held < times.length) {
            times = Arrays.copyOf(times, held);
        }
        double[] quantiles = SlidingHistogram.quantiles(times, QUANTILES, min, max);
        double errorRate = (double) failed / total;
        Instant lastExecutedAt = Instant.ofEpochMilli(originEpochMillis).plusNanos(lastNanos);
        return new PipelineStats(total, failed, 1.0 - errorRate, errorRate, sum / total, min, max,
                quantiles[0], quantiles[1], quantiles[2], recentRate(recent(current)),
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
     * A thread's identity, its probe into the stripes and its scratch space for merging recent
     * outcomes. Probes start from the thread's number, so that threads started together (a pool)
     * take different stripes once there are enough.
     */
    private static final class ThreadSlot {
        final int id = THREADS.getAndIncrement();
        int probe = id;
        final long[] heads = new long[MAX_STRIPES];
        final long[] sequences = new long[MAX_STRIPES];
        final int[] remaining = new int[MAX_STRIPES];
    }

    /**
     * Cache-line padding before a stripe's hot fields, so that their writes never touch the line of
     * what lies before the stripe in memory (the pipeline's array of stripes, which every recorder
     * reads). The int fills the gap after the object header, where the JVM would otherwise put a
     * hot int of a subclass (the lock), before the padding.
     */
    @SuppressWarnings("unused")
    private abstract static class PaddedBefore {
        int p00;
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
        /** Judgements of the pipeline's recent outcomes by this stripe's failures (and put-off ones). */
        final JudgementBudget failureJudgements = new JudgementBudget();
        /** A failure of this stripe has not judged them: the next execution the budget allows will. */
        boolean judgementPutOff;
        /** When the budget allows that judgement at the earliest. */
        long putOffUntil;
        /** Judgements by this stripe's successes while an error-rate alert is active. */
        final JudgementBudget successJudgements = new JudgementBudget();
        /** The thread that recorded last, and how often another took over right after it. */
        int lastThread = -1;
        int handovers;
        /** When the histogram's window last started over, and the time before: every value held is no older. */
        long lapNanos = Long.MIN_VALUE;
        long previousLapNanos = Long.MIN_VALUE;
        /** Outcomes written in all; published with release after the outcome itself. */
        long outcomesWritten;
        /** Outcomes in the recent window and how many failed, packed; published with release. */
        long recent;
    }

    /**
     * A share of a pipeline's state, guarded by a lock that recorders only ever try (a stripe that
     * another recorder holds sends the thread to another) and readers take briefly. Its outcomes
     * may also be read without the lock, validated against {@code outcomesWritten}.
     */
    @SuppressWarnings("unused")
    private static final class Stripe extends StripeFields {
        static final int FREE = 0;
        static final int WRITER = 1;
        static final int READER = 2;

        private static final VarHandle BUSY;
        private static final VarHandle WRITTEN;
        private static final VarHandle RECENT;
        private static final VarHandle OUTCOME = MethodHandles.arrayElementVarHandle(long[].class);

        static {
            try {
                MethodHandles.Lookup lookup = MethodHandles.lookup();
                BUSY = lookup.findVarHandle(StripeFields.class, "busy", int.class);
                WRITTEN = lookup.findVarHandle(StripeFields.class, "outcomesWritten", long.class);
                RECENT = lookup.findVarHandle(StripeFields.class, "recent", long.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        long q01, q02, q03, q04, q05, q06, q07, q08;

        /**
         * Time stamp (nanoseconds since the pipeline's origin) shifted left once, the low bit set for
         * a failure; a power of two above the window, so that the window's outcomes stay readable
         * while the next is written.
         */
        final long[] outcomes;
        final int outcomeMask;
        final int window;
        final SlidingHistogram times;

        Stripe(int percentileWindow, int errorRateWindow) {
            // the small, hot ring first: the large histogram behind it keeps the next stripe's fields at a distance
            this.outcomes = new long[Integer.highestOneBit(errorRateWindow) << 1];
            this.outcomeMask = outcomes.length - 1;
            this.window = errorRateWindow;
            this.times = new SlidingHistogram(percentileWindow);
        }

        boolean tryLock() {
            return busy == FREE && BUSY.compareAndSet((StripeFields) this, FREE, WRITER);
        }

        void lockForRead() {
            for (int attempt = 1; busy != FREE || !BUSY.compareAndSet((StripeFields) this, FREE, READER); attempt++) {
                if (attempt % 64 == 0) {
                    Thread.yield();
                } else {
                    Thread.onSpinWait();
                }
            }
        }

        void unlock() {
            BUSY.setRelease((StripeFields) this, FREE);
        }

        /**
         * Adds an execution recorded by thread {@code thread}, and returns the stripe's recent
         * outcomes, packed, with the sign bit set when this stripe has turned out to be shared:
         * threads kept taking it over from each other within moments (their caches then pass its
         * lines to and fro), so that the pipeline should grow stripes.
         */
        long add(double seconds, boolean success, long sinceOriginNanos, Map<String, Object> metadata, int thread) {
            long shared = 0;
            if (thread != lastThread) {
                if (count > 0 && sinceOriginNanos - lastNanos < HANDOVER_NANOS && ++handovers % SHARED_AFTER_HANDOVERS == 0) {
                    shared = Long.MIN_VALUE;
                }
                lastThread = thread;
            }
            if (times.startsLap()) {
                previousLapNanos = lapNanos;
                lapNanos = sinceOriginNanos;
            }
            times.add(seconds);
            int failure = success ? 0 : 1;
            long written = outcomesWritten;
            long packed = recent;
            int held = recentCount(packed);
            int failed = recentFailed(packed) + failure;
            if (held == window) {
                failed -= (int) (outcomes[(int) (written - window) & outcomeMask] & 1);
            } else {
                held++;
            }
            long recentNow = ((long) held << 32) | failed;
            OUTCOME.setOpaque(outcomes, (int) written & outcomeMask, (sinceOriginNanos << 1) | failure);
            WRITTEN.setRelease((StripeFields) this, written + 1);
            RECENT.setRelease((StripeFields) this, recentNow);
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
            return recentNow | shared;
        }

        /** The packed recent outcomes of this stripe alone. */
        long recent() {
            return (long) RECENT.getAcquire((StripeFields) this);
        }

        long outcomesWritten() {
            return (long) WRITTEN.getAcquire((StripeFields) this);
        }

        /**
         * Outcome number {@code sequence} (counting from 0), or NO_OUTCOME if a recorder has
         * overwritten it since: lock-free, as a sequence lock reads.
         */
        long outcome(long sequence) {
            long outcome = (long) OUTCOME.getOpaque(outcomes, (int) sequence & outcomeMask);
            VarHandle.acquireFence();
            long written = (long) WRITTEN.getOpaque((StripeFields) this);
            return written - sequence < outcomes.length ? outcome : NO_OUTCOME;
        }
    }

    /**
     * A token bucket of judgements: {@link #JUDGEMENTS_AT_ONCE} at once, refilled at one per
     * {@link #JUDGE_INTERVAL_NANOS}, so that a short burst is judged at once while a sustained
     * stream is judged once per interval. Guarded by its stripe's lock.
     */
    static final class JudgementBudget {
        private boolean started;
        private long refilledAt;
        private int tokens;

        /** When the next judgement is due once the budget is used up: the next refill. */
        long nextAt() {
            return refilledAt + JUDGE_INTERVAL_NANOS;
        }

        /** True, and counted, if a judgement is left now. */
        boolean tryJudge(long nowNanos) {
            if (!started) {
                started = true;
                refilledAt = nowNanos;
                tokens = JUDGEMENTS_AT_ONCE;
            } else {
                long elapsed = nowNanos - refilledAt;
                if (elapsed < 0) {
                    refilledAt = nowNanos; // a clock that stepped back: refill from here, not never
                } else if (elapsed >= JUDGE_INTERVAL_NANOS) {
                    long refill = elapsed / JUDGE_INTERVAL_NANOS;
                    if (refill >= JUDGEMENTS_AT_ONCE - tokens) {
                        tokens = JUDGEMENTS_AT_ONCE;
                        refilledAt = nowNanos;
                    } else {
                        tokens += (int) refill;
                        refilledAt += refill * JUDGE_INTERVAL_NANOS;
                    }
                }
            }
            if (tokens > 0) {
                tokens--;
                return true;
            }
            return false;
        }
    }

    /**
     * Whether a persisting condition (a slow or failing pipeline) should alert now: on its first
     * occurrence, then at most once per repeat interval until it clears.
     */
    static final class AlertGate {
        private volatile boolean active;
        private volatile long lastAlertNanos; // written under this

        /** False while the condition is active and alerted less than {@code repeatNanos} ago. */
        boolean due(long nowNanos, long repeatNanos) {
            return !active || nowNanos - lastAlertNanos >= repeatNanos;
        }

        /** True if the condition should alert now; marks it active. Lock-free while it is not due. */
        boolean open(long nowNanos, long repeatNanos) {
            if (!due(nowNanos, repeatNanos)) {
                return false;
            }
            synchronized (this) {
                if (!active || nowNanos - lastAlertNanos >= repeatNanos) {
                    active = true;
                    lastAlertNanos = nowNanos;
                    return true;
                }
                return false;
            }
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
