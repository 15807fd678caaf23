package io.calibrax.monitoring;

import io.calibrax.api.HealthStatus;
import io.calibrax.testing.Concurrently;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class PipelineStateTest {

    private static double reference(double[] values, double p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double position = p * (sorted.length - 1);
        int lower = (int) Math.floor(position);
        int upper = Math.min(sorted.length - 1, lower + 1);
        return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - lower);
    }

    @Test
    void quantilesBySelectionMatchASortedReference() {
        Random random = new Random(42);
        double[] ps = {0.50, 0.95, 0.99};
        for (int n : new int[] {1, 2, 3, 7, 24, 25, 100, 1023, 1024, 5000}) {
            for (int trial = 0; trial < 20; trial++) {
                double[] values = new double[n];
                int distinct = 1 + random.nextInt(trial % 2 == 0 ? 4 : 1_000_000); // many duplicates half the time
                for (int i = 0; i < n; i++) {
                    values[i] = random.nextInt(distinct) * 0.001;
                }
                if (trial == 3) {
                    Arrays.sort(values); // already sorted
                } else if (trial == 4) {
                    Arrays.sort(values);
                    for (int i = 0; i < n / 2; i++) { // descending
                        double swap = values[i];
                        values[i] = values[n - 1 - i];
                        values[n - 1 - i] = swap;
                    }
                }
                double[] expected = {reference(values, 0.50), reference(values, 0.95), reference(values, 0.99)};
                double[] actual = PipelineState.quantiles(values.clone(), ps);
                assertThat(actual).as("n=%d trial=%d", n, trial).containsExactly(expected, within(1e-12));
            }
        }
    }

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
}
