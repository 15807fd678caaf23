package io.calibrax.monitoring;

import io.calibrax.api.HealthStatus;
import io.calibrax.testing.Concurrently;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class PipelineStateTest {

    @Test
    void recentWindowIsTheNewestExecutionsAcrossStripesInRecordedOrder() throws Exception {
        PipelineState state = new PipelineState(1024, 20, 4);
        record(state, 20, true);
        record(state, 5, false);
        record(state, 3, true);

        PipelineState.RecentOutcomes recent = state.recentOutcomes();
        assertThat(recent.count()).isEqualTo(20);
        assertThat(recent.failed()).isEqualTo(5);
        PipelineStats stats = state.snapshot(0.2, 0.5);
        assertThat(stats.totalExecutions()).isEqualTo(28);
        assertThat(stats.failedExecutions()).isEqualTo(5);
        assertThat(stats.recentErrorRate()).isEqualTo(0.25);
        assertThat(stats.lastExecutionTime()).isEqualTo(3.0);
        assertThat(stats.health()).isEqualTo(HealthStatus.HEALTHY);
        assertThat(stats.lastFailureMetadata()).containsEntry("batch", 2);
        assertThat(stats.maxExecutionTime()).isEqualTo(3.0);
        assertThat(stats.minExecutionTime()).isEqualTo(1.0);
    }

    /** Records {@code count} executions on a fresh thread, so that successive batches may land on other stripes. */
    private static void record(PipelineState state, int count, boolean success) throws Exception {
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try {
            double seconds = success ? (count == 20 ? 1.0 : 3.0) : 2.0;
            thread.submit(() -> {
                for (int i = 0; i < count; i++) {
                    state.record(seconds, success, System.nanoTime(), success ? Map.of() : Map.of("batch", 2));
                }
            }).get(10, TimeUnit.SECONDS);
        } finally {
            thread.shutdownNow();
        }
    }

    @Test
    void contentionGrowsStripesAndLosesNothing() throws Exception {
        PipelineState state = new PipelineState(64, 20);
        int threads = 4;
        int perThread = 200_000;
        Concurrently.run(threads, thread -> {
            for (int i = 0; i < perThread; i++) {
                state.record(0.5, i % 4 != 0, System.nanoTime(), Map.of());
            }
        });
        PipelineStats stats = state.snapshot(0.2, 0.5);
        assertThat(stats.totalExecutions()).isEqualTo((long) threads * perThread);
        assertThat(stats.failedExecutions()).isEqualTo((long) threads * perThread / 4);
        assertThat(stats.meanExecutionTime()).isCloseTo(0.5, within(1e-9));
        assertThat(state.stripeCount()).isBetween(1, PipelineState.MAX_STRIPES);
        assertThat(state.recentOutcomes().count()).isEqualTo(20);
    }

    @Test
    void reportsWhileRecordingNeverGrowStripesAndSeeConsistentCounts() throws Exception {
        PipelineState state = new PipelineState(1024, 20);
        int executions = 300_000;
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        Concurrently.run(2, thread -> {
            if (thread == 0) {
                try {
                    for (int i = 0; i < executions; i++) {
                        state.record(0.010 + (i % 100) * 0.001, i % 5 != 0, System.nanoTime(), Map.of());
                    }
                } finally {
                    done.set(true);
                }
            } else {
                long reports = 0;
                while (!done.get() || reports == 0) {
                    PipelineStats stats = state.snapshot(0.2, 0.5);
                    if (stats != null) {
                        reports++;
                        assertThat(stats.failedExecutions()).isEqualTo((stats.totalExecutions() + 4) / 5);
                        assertThat(stats.p50ExecutionTime()).isBetween(stats.minExecutionTime(), stats.maxExecutionTime());
                        assertThat(stats.recentErrorRate()).isBetween(0.0, 1.0);
                    }
                }
            }
        });
        assertThat(state.stripeCount()).as("a reader must not make the recorder grow stripes").isEqualTo(1);
        PipelineStats stats = state.snapshot(0.2, 0.5);
        assertThat(stats.totalExecutions()).isEqualTo(executions);
        assertThat(stats.recentErrorRate()).isEqualTo(0.2);
        assertThat(stats.p50ExecutionTime()).isCloseTo(0.061, within(0.061 / 32)); // numpy: 0.061
    }

    @Test
    void lockFreeRecentOutcomesStayWithinTheWindowWhileStripesAreWritten() throws Exception {
        PipelineState state = new PipelineState(64, 20, 4);
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        Concurrently.run(3, thread -> {
            if (thread < 2) {
                try {
                    for (int i = 0; i < 200_000; i++) {
                        state.record(0.5, i % 2 == 0, System.nanoTime(), Map.of());
                    }
                } finally {
                    done.set(true);
                }
            } else {
                while (!done.get()) {
                    PipelineState.RecentOutcomes recent = state.recentOutcomes();
                    assertThat(recent.count()).isBetween(0, 20);
                    assertThat(recent.failed()).isBetween(0, recent.count());
                }
            }
        });
        PipelineState.RecentOutcomes recent = state.recentOutcomes();
        assertThat(recent.count()).isEqualTo(20);
        assertThat(recent.failed()).isBetween(5, 15); // two threads alternating, merged by clock
    }

    @Test
    void threadsTakingTurnsWithinMomentsGrowStripesButNotWhenMinutesApart() throws Exception {
        ExecutorService first = Executors.newSingleThreadExecutor();
        ExecutorService second = Executors.newSingleThreadExecutor();
        try {
            PipelineState apart = new PipelineState(64, 20);
            PipelineState together = new PipelineState(64, 20);
            long start = System.nanoTime();
            for (int turn = 0; turn < 200; turn++) {
                ExecutorService thread = turn % 2 == 0 ? first : second;
                long now = start + turn * 1_000L;
                thread.submit(() -> together.record(0.1, true, now, Map.of())).get(10, TimeUnit.SECONDS);
                long later = start + turn * 60_000_000_000L;
                thread.submit(() -> apart.record(0.1, true, later, Map.of())).get(10, TimeUnit.SECONDS);
            }
            assertThat(together.stripeCount()).isGreaterThan(1);
            assertThat(apart.stripeCount()).isEqualTo(1);
            assertThat(together.snapshot(0.2, 0.5).totalExecutions()).isEqualTo(200);
        } finally {
            first.shutdownNow();
            second.shutdownNow();
        }
    }

    /** Records {@code count} executions of {@code seconds} at {@code nowNanos} on a fresh thread (the next stripe). */
    private static void recordOnFreshThread(PipelineState state, int count, double seconds, long nowNanos) throws Exception {
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try {
            thread.submit(() -> {
                for (int i = 0; i < count; i++) {
                    state.record(seconds, true, nowNanos, Map.of());
                }
            }).get(10, TimeUnit.SECONDS);
        } finally {
            thread.shutdownNow();
        }
    }

    @Test
    void stripesOlderThanAnotherStripesFullWindowLeaveThePercentiles() throws Exception {
        PipelineState state = new PipelineState(1024, 20, 4);
        for (int thread = 0; thread < 4; thread++) {
            recordOnFreshThread(state, 50, 10.0, System.nanoTime()); // a burst over every stripe
        }
        PipelineStats burst = state.snapshot(0.2, 0.5);
        assertThat(burst.p50ExecutionTime()).isEqualTo(10.0);

        ExecutorService thread = Executors.newSingleThreadExecutor();
        try {
            thread.submit(() -> {
                for (int i = 0; i < 2048; i++) { // two windows: its window started over after every burst execution
                    state.record(0.1, true, System.nanoTime(), Map.of());
                }
            }).get(10, TimeUnit.SECONDS);
        } finally {
            thread.shutdownNow();
        }
        PipelineStats stats = state.snapshot(0.2, 0.5);
        assertThat(stats.p50ExecutionTime()).isCloseTo(0.1, within(0.1 / 32));
        assertThat(stats.p95ExecutionTime()).isCloseTo(0.1, within(0.1 / 32));
        assertThat(stats.p99ExecutionTime()).isCloseTo(0.1, within(0.1 / 32));
        assertThat(stats.maxExecutionTime()).as("the aggregates keep every execution").isEqualTo(10.0);
        assertThat(stats.totalExecutions()).isEqualTo(200 + 2048);
    }

    @Test
    void stripesIdleForLongerThanTheExpiryBeforeTheNewestExecutionLeaveThePercentiles() throws Exception {
        long minute = 60_000_000_000L;
        PipelineState state = new PipelineState(1024, 20, 4, 2 * minute, 0, 0.3);
        recordOnFreshThread(state, 10, 10.0, minute);
        recordOnFreshThread(state, 10, 0.1, 2 * minute);
        assertThat(state.snapshot(0.2, 0.5).p99ExecutionTime()).as("a minute apart: both count").isGreaterThan(9.0);

        recordOnFreshThread(state, 1, 0.1, 3 * minute + 1); // the 10 s stripe is now idle for more than 2 minutes
        PipelineStats stats = state.snapshot(0.2, 0.5);
        assertThat(stats.p99ExecutionTime()).isCloseTo(0.1, within(0.1 / 32));
        assertThat(stats.maxExecutionTime()).isEqualTo(10.0);
        assertThat(stats.totalExecutions()).isEqualTo(21);
    }

    @Test
    void aStripedPipelinesFailuresJudgeItWithinABudgetThatRefillsAndPutOffTheRest() throws Exception {
        PipelineState state = new PipelineState(64, 20, 4);
        long interval = PipelineState.JUDGE_INTERVAL_NANOS;
        assertThat(PipelineState.JUDGEMENTS_AT_ONCE).isEqualTo(4);
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try {
            for (int i = 0; i < 14; i++) {
                assertThat(PipelineState.judgeNow(record(thread, state, true, 0))).as("a success, no alert active").isFalse();
            }
            for (int failure = 1; failure <= 4; failure++) {
                long recorded = record(thread, state, false, failure);
                assertThat(PipelineState.recentRate(recorded)).isLessThanOrEqualTo(0.3);
                assertThat(PipelineState.judgeNow(recorded)).as("failure %d, within the budget", failure).isTrue();
                assertThat(PipelineState.recentCount(recorded)).as("the sign bit leaves the count alone").isEqualTo(14 + failure);
            }
            assertThat(PipelineState.judgeNow(record(thread, state, false, 5))).as("5/19, the budget used up: put off").isFalse();
            assertThat(PipelineState.judgeNow(record(thread, state, true, interval))).as("still within the interval").isFalse();
            assertThat(PipelineState.judgeNow(record(thread, state, true, interval + 1)))
                    .as("the put-off judgement, at the next execution the budget allows").isTrue();
            assertThat(PipelineState.judgeNow(record(thread, state, true, interval + 1))).as("nothing put off").isFalse();

            for (int i = 0; i < 20; i++) {
                record(thread, state, true, interval + 1);
            }
            state.errorRate.open(interval + 1, Long.MAX_VALUE);
            for (int i = 0; i < 4; i++) { // the failures' budget is empty: these draw on their own
                assertThat(PipelineState.judgeNow(record(thread, state, true, interval + 2)))
                        .as("a success while an alert is active, within its own budget").isTrue();
            }
            assertThat(PipelineState.judgeNow(record(thread, state, true, interval + 2))).isFalse();
            assertThat(PipelineState.judgeNow(record(thread, state, false, interval + 3)))
                    .as("1/20, the failures' budget still empty: put off").isFalse();
            long failure = record(thread, state, false, 2 * interval + 1);
            assertThat(PipelineState.recentRate(failure)).isEqualTo(2.0 / 20);
            assertThat(PipelineState.judgeNow(failure)).as("one judgement back an interval after the last refill").isTrue();
            assertThat(PipelineState.judgeNow(record(thread, state, true, 2 * interval + 2)))
                    .as("and one for the successes, an interval after theirs started").isTrue();
        } finally {
            thread.shutdownNow();
        }
    }

    @Test
    void aFailureThatPutsItsStripeOverTheThresholdJudgesWhateverTheBudget() throws Exception {
        PipelineState state = new PipelineState(64, 20, 4);
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try {
            for (int i = 0; i < 14; i++) {
                record(thread, state, true, 0);
            }
            for (int failure = 1; failure <= 4; failure++) {
                assertThat(PipelineState.judgeNow(record(thread, state, false, failure))).isTrue();
            }
            assertThat(PipelineState.judgeNow(record(thread, state, false, 5))).as("5/19").isFalse();
            assertThat(PipelineState.judgeNow(record(thread, state, false, 6))).as("6/20 is not over 0.3").isFalse();
            assertThat(PipelineState.judgeNow(record(thread, state, false, 7))).as("7/20 is").isTrue();
            assertThat(PipelineState.judgeNow(record(thread, state, true, PipelineState.JUDGE_INTERVAL_NANOS + 1)))
                    .as("that judgement covered the put-off ones").isFalse();
        } finally {
            thread.shutdownNow();
        }
    }

    @Test
    void aJudgementPutOffBeforeTheClockSteppedBackIsMadeAnIntervalAfterTheStep() throws Exception {
        PipelineState state = new PipelineState(64, 20, 4);
        long interval = PipelineState.JUDGE_INTERVAL_NANOS;
        long start = 100 * interval;
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try {
            for (int i = 0; i < 16; i++) {
                record(thread, state, true, start);
            }
            for (int i = 0; i < 4; i++) {
                assertThat(PipelineState.judgeNow(record(thread, state, false, start))).isTrue();
            }
            assertThat(PipelineState.judgeNow(record(thread, state, false, start))).as("5/20: put off").isFalse();
            long back = start - 50 * interval;
            assertThat(PipelineState.judgeNow(record(thread, state, true, back))).as("the clock went back").isFalse();
            assertThat(PipelineState.judgeNow(record(thread, state, true, back + interval)))
                    .as("an interval after the step, not 50 intervals later").isTrue();
        } finally {
            thread.shutdownNow();
        }
    }

    @Test
    void theBudgetRefillsOneJudgementPerIntervalUpToItsSizeEvenIfTheClockStepsBack() {
        PipelineState.JudgementBudget budget = new PipelineState.JudgementBudget();
        long interval = PipelineState.JUDGE_INTERVAL_NANOS;
        long start = 5 * interval;
        for (int i = 0; i < PipelineState.JUDGEMENTS_AT_ONCE; i++) {
            assertThat(budget.tryJudge(start)).as("a burst of %d at once", PipelineState.JUDGEMENTS_AT_ONCE).isTrue();
        }
        assertThat(budget.tryJudge(start + interval - 1)).as("used up").isFalse();
        assertThat(budget.nextAt()).isEqualTo(start + interval);
        assertThat(budget.tryJudge(start + interval)).as("one back per interval").isTrue();
        assertThat(budget.tryJudge(start + interval)).isFalse();
        assertThat(budget.tryJudge(start + 3 * interval)).as("two more intervals, two back").isTrue();
        assertThat(budget.tryJudge(start + 3 * interval)).isTrue();
        assertThat(budget.tryJudge(start + 3 * interval)).isFalse();

        assertThat(budget.tryJudge(start - 1)).as("a ticker that went back").isFalse();
        assertThat(budget.tryJudge(start - 1 + interval)).as("refills from there rather than never").isTrue();
        assertThat(budget.tryJudge(Long.MAX_VALUE)).as("long after: full again").isTrue();
        assertThat(budget.tryJudge(Long.MIN_VALUE)).as("1 ns later, across the clock's overflow").isTrue();
    }

    @Test
    void aPipelineWithOneStripeJudgesEveryFailureThatPutsItOverTheThreshold() {
        PipelineState state = new PipelineState(64, 20);
        long now = 0;
        for (int i = 0; i < 6; i++) {
            assertThat(PipelineState.judgeNow(state.record(0.01, true, now, Map.of()))).isFalse();
        }
        assertThat(PipelineState.judgeNow(state.record(0.01, false, now, Map.of()))).as("1/7").isFalse();
        assertThat(PipelineState.judgeNow(state.record(0.01, false, now, Map.of()))).as("2/8").isFalse();
        assertThat(PipelineState.judgeNow(state.record(0.01, false, now, Map.of()))).as("3/9").isTrue();
        assertThat(PipelineState.judgeNow(state.record(0.01, false, now, Map.of()))).as("4/10, at once again").isTrue();
        assertThat(PipelineState.judgeNow(state.record(0.01, true, now, Map.of()))).as("no alert active").isFalse();
        state.errorRate.open(now, Long.MAX_VALUE);
        assertThat(PipelineState.judgeNow(state.record(0.01, true, now, Map.of()))).as("every success while active").isTrue();
        assertThat(PipelineState.judgeNow(state.record(0.01, true, now, Map.of()))).isTrue();
    }

    private static long record(ExecutorService thread, PipelineState state, boolean success, long nowNanos)
            throws Exception {
        return thread.submit(() -> state.record(0.01, success, nowNanos, Map.of())).get(10, TimeUnit.SECONDS);
    }
}
