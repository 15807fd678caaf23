package io.calibrax.monitoring;

import io.calibrax.api.Alert;
import io.calibrax.testing.Concurrently;
import io.calibrax.testing.FakeResourceMonitor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Pipelines and thresholds recorded by many threads at once: exact, ordered, and readable meanwhile. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PipelineConcurrencyTest {

    private static ProductionMonitor monitor(ProductionMonitor.Builder builder) {
        return builder.resourceMonitor(FakeResourceMonitor.constant(1)).build();
    }

    /** Newest last. */
    private static List<Alert> alerts(AlertManager manager, String metric) {
        List<Alert> alerts = new ArrayList<>(manager.getRecentAlerts(1_000_000));
        Collections.reverse(alerts);
        alerts.removeIf(alert -> !alert.metricName().equals(metric));
        return alerts;
    }

    @Test
    void readersNeverFailWhileFourThreadsRecordAndTotalsAreExact() throws Exception {
        try (ProductionMonitor monitor = monitor(ProductionMonitor.builder())) {
            int recorders = 4;
            int perThread = 100_000;
            AtomicBoolean recording = new AtomicBoolean(true);
            AtomicInteger finished = new AtomicInteger();
            AtomicInteger reads = new AtomicInteger();
            PipelineRecorder handle = monitor.pipeline("shared");
            Concurrently.run(recorders + 2, thread -> {
                if (thread < recorders) {
                    for (int i = 0; i < perThread; i++) {
                        double seconds = 0.001 * (1 + (i % 100)) + thread * 1e-6;
                        if (i % 2 == 0) {
                            monitor.recordPipelineExecution("shared", seconds, i % 10 != 0);
                        } else {
                            handle.record(seconds, i % 10 != 1);
                        }
                    }
                    if (finished.incrementAndGet() == recorders) {
                        recording.set(false);
                    }
                    return;
                }
                while (recording.get() || reads.get() < 10) {
                    PipelineStats stats = thread == recorders
                            ? monitor.getPipelineStats("shared").orElse(null)
                            : monitor.getPipelineHealthReport().pipelines().get("shared");
                    if (stats != null) {
                        assertThat(stats.failedExecutions()).isLessThanOrEqualTo(stats.totalExecutions());
                        assertThat(stats.p50ExecutionTime()).isBetween(stats.minExecutionTime(), stats.maxExecutionTime());
                        assertThat(stats.p99ExecutionTime()).isLessThanOrEqualTo(stats.maxExecutionTime());
                        reads.incrementAndGet();
                    }
                }
            });
            PipelineStats stats = monitor.getPipelineStats("shared").orElseThrow();
            assertThat(stats.totalExecutions()).isEqualTo((long) recorders * perThread);
            assertThat(stats.failedExecutions()).isEqualTo((long) recorders * perThread / 5);
            assertThat(stats.minExecutionTime()).isEqualTo(0.001);
            assertThat(stats.maxExecutionTime()).isEqualTo(0.1 + 3e-6);
            assertThat(monitor.getPipelineHealthReport().totalExecutions()).isEqualTo((long) recorders * perThread);
            assertThat(reads.get()).isGreaterThanOrEqualTo(10);
        }
    }

    /**
     * 14 successes, then 8 failures from 4 threads at once: the 7th failure, whichever thread
     * records it, is the first to bring the last 20 over 0.3 (7/20), the 8th keeps them over (8/20).
     */
    @Test
    void anErrorRateBreachSplitAcrossThreadsAlertsAtTheExactFailure() throws Exception {
        for (int round = 0; round < 50; round++) {
            try (ProductionMonitor monitor = monitor(ProductionMonitor.builder().repeatInterval(Duration.ZERO))) {
                PipelineRecorder handle = monitor.pipeline("split");
                for (int i = 0; i < 14; i++) {
                    handle.record(0.01, true);
                }
                Concurrently.run(4, thread -> {
                    handle.record(0.01, false);
                    monitor.recordPipelineExecution("split", 0.01, false);
                });
                // at once: no cycle, no wait
                List<Alert> alerts = alerts(monitor.getAlertManager(), "pipeline_split_error_rate");
                assertThat(alerts).as("round %d", round).extracting(Alert::message).containsExactly(
                        "Pipeline 'split' high error rate: 35% (7/20 recent runs failed)",
                        "Pipeline 'split' high error rate: 40% (8/20 recent runs failed)");
                // health's window (the last 100) holds all 22: 8 failed
                assertThat(monitor.getPipelineStats("split").orElseThrow().recentErrorRate()).isEqualTo(8.0 / 22);
            }
        }
    }

    @Test
    void aFailureBreachingTheWindowAlertsOnceUntilASuccessBringsItBack() throws Exception {
        try (ProductionMonitor monitor = monitor(ProductionMonitor.builder())) {
            PipelineRecorder handle = monitor.pipeline("p");
            Concurrently.run(4, thread -> {
                for (int i = 0; i < 5; i++) {
                    handle.record(0.01, false); // 20 failures in all: over from the 3rd on
                }
            });
            assertThat(alerts(monitor.getAlertManager(), "pipeline_p_error_rate")).singleElement()
                    .satisfies(alert -> assertThat(alert.message()).contains("(3/3 recent runs failed)"));
        }
    }

    /** Two threads flip one metric across its threshold: each resolved follows the firing it resolves. */
    @Test
    void firingAndResolvedLeaveInTheOrderTheyWereDecided() throws Exception {
        for (int round = 0; round < 30; round++) {
            AlertManager manager = new AlertManager(1_000_000);
            try (AdvancedMonitor monitor = AdvancedMonitor.builder().alertManager(manager)
                    .resourceMonitor(FakeResourceMonitor.constant(1)).build()) {
                monitor.setThreshold("flip", 10.0);
                Concurrently.run(2, thread -> {
                    for (int i = 0; i < 2_000; i++) {
                        monitor.recordMetric("flip", thread == 0 ? 20.0 : 0.0);
                    }
                });
                List<Alert> alerts = alerts(manager, "flip");
                assertThat(alerts).isNotEmpty();
                for (int i = 0; i < alerts.size(); i++) {
                    assertThat(alerts.get(i).metadata().get("state")).as("round %d, alert %d", round, i)
                            .isEqualTo(i % 2 == 0 ? "firing" : "resolved");
                }
            } finally {
                manager.close();
            }
        }
    }
}
