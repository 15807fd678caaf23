package io.calibrax.monitoring;

import io.calibrax.api.Alert;
import io.calibrax.api.AlertSeverity;
import io.calibrax.api.HealthStatus;
import io.calibrax.testing.Concurrently;
import io.calibrax.testing.FakeResourceMonitor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

/** Health judged on the recent executions, missing pipelines, and resolved pipeline alerts, with an injected clock. */
class PipelineHealthNowTest {
    private final List<ProductionMonitor> monitors = new ArrayList<>();
    private final AtomicLong clock = new AtomicLong();

    @AfterEach
    void closeAll() {
        monitors.forEach(ProductionMonitor::close);
    }

    private ProductionMonitor monitor(ProductionMonitor.Builder builder) {
        ProductionMonitor monitor = builder.resourceMonitor(FakeResourceMonitor.constant(1)).ticker(clock::get).build();
        monitors.add(monitor);
        return monitor;
    }

    private ProductionMonitor monitor() {
        return monitor(ProductionMonitor.builder());
    }

    private static List<Alert> alerts(ProductionMonitor monitor, String metric) {
        List<Alert> alerts = new ArrayList<>(monitor.getAlertManager().getRecentAlerts(1000));
        Collections.reverse(alerts);
        return alerts.stream().filter(alert -> alert.metricName().equals(metric)).toList();
    }

    private void advance(Duration duration) {
        clock.addAndGet(duration.toNanos());
    }

    @Test
    void aFailureBurstAfterALongHealthyRunIsCritical() {
        ProductionMonitor monitor = monitor();
        for (int i = 0; i < 100_000; i++) {
            monitor.recordPipelineExecution("infer", 0.01, true);
        }
        for (int i = 0; i < 100; i++) {
            monitor.recordPipelineExecution("infer", 0.01, false);
        }
        PipelineStats stats = monitor.getPipelineStats("infer").orElseThrow();
        assertThat(stats.errorRate()).isLessThan(0.001); // lifetime: still tiny
        assertThat(stats.recentErrorRate()).isEqualTo(1.0);
        assertThat(stats.recentExecutions()).isEqualTo(100);
        assertThat(stats.health()).isEqualTo(HealthStatus.CRITICAL);
        assertThat(monitor.getPipelineHealthReport().overallHealth()).isEqualTo(HealthStatus.CRITICAL);
        assertThat(stats.toMap()).containsEntry("recent_error_rate", 1.0).containsEntry("recent_executions", 100)
                .containsEntry("health", "critical");
    }

    @Test
    void aSmallerBurstIsDegradedAndHealthRecoversAsTheWindowMovesOn() {
        ProductionMonitor monitor = monitor();
        for (int i = 0; i < 10_000; i++) {
            monitor.recordPipelineExecution("infer", 0.01, true);
        }
        for (int i = 0; i < 30; i++) {
            monitor.recordPipelineExecution("infer", 0.01, false);
        }
        assertThat(monitor.getPipelineStats("infer").orElseThrow().health()).isEqualTo(HealthStatus.DEGRADED); // 30/100
        for (int i = 0; i < 100; i++) {
            monitor.recordPipelineExecution("infer", 0.01, true);
        }
        assertThat(monitor.getPipelineStats("infer").orElseThrow().health()).isEqualTo(HealthStatus.HEALTHY);
    }

    @Test
    void theHealthWindowIsConfigurable() {
        ProductionMonitor monitor = monitor(ProductionMonitor.builder().healthWindow(10));
        assertThat(monitor.getHealthWindow()).isEqualTo(10);
        for (int i = 0; i < 1000; i++) {
            monitor.recordPipelineExecution("infer", 0.01, true);
        }
        for (int i = 0; i < 6; i++) {
            monitor.recordPipelineExecution("infer", 0.01, false);
        }
        PipelineStats stats = monitor.getPipelineStats("infer").orElseThrow();
        assertThat(stats.recentErrorRate()).isCloseTo(0.6, within(1e-12));
        assertThat(stats.health()).isEqualTo(HealthStatus.CRITICAL);
        assertThatIllegalArgumentException().isThrownBy(() -> ProductionMonitor.builder().healthWindow(0))
                .withMessageContaining("executions");
    }

    @Test
    void aRecentMeanMoreThanTwentyPercentOverTheBaselineIsDegraded() {
        ProductionMonitor monitor = monitor(ProductionMonitor.builder().performanceBaseline("train", 1.0));
        for (int i = 0; i < 10_000; i++) {
            monitor.recordPipelineExecution("train", 1.0, true);
        }
        for (int i = 0; i < 100; i++) {
            monitor.recordPipelineExecution("train", 1.3, true);
        }
        PipelineStats stats = monitor.getPipelineStats("train").orElseThrow();
        assertThat(stats.meanExecutionTime()).isLessThan(1.01); // lifetime
        assertThat(stats.recentMeanExecutionTime()).isCloseTo(1.3, within(1e-9));
        assertThat(stats.health()).isEqualTo(HealthStatus.DEGRADED);
        assertThat(stats.toMap()).containsKey("recent_mean_execution_time");

        for (int i = 0; i < 50; i++) { // recent mean 1.15: within 20%
            monitor.recordPipelineExecution("train", 1.0, true);
        }
        assertThat(monitor.getPipelineStats("train").orElseThrow().health()).isEqualTo(HealthStatus.HEALTHY);
    }

    @Test
    void aPipelineThatNeverRecordedIsMissingOnceItsGapHasPassedAndResolvesWhenItRecords() {
        ProductionMonitor monitor = monitor();
        Instant expectedAt = Instant.now();
        monitor.expectEvery("nightly", Duration.ofHours(24));

        advance(Duration.ofHours(23));
        monitor.runCycle();
        assertThat(alerts(monitor, "pipeline_nightly_missing")).isEmpty();
        PipelineHealthReport report = monitor.getPipelineHealthReport();
        assertThat(report.overallHealth()).isEqualTo(HealthStatus.HEALTHY);
        assertThat(report.pipelines().get("nightly").totalExecutions()).isZero();
        assertThat(report.pipelines().get("nightly").missing()).isFalse();

        advance(Duration.ofHours(2));
        monitor.runCycle();
        monitor.runCycle(); // once per repeat interval, not per cycle
        assertThat(alerts(monitor, "pipeline_nightly_missing")).singleElement().satisfies(alert -> {
            assertThat(alert.severity()).isEqualTo(AlertSeverity.CRITICAL);
            assertThat(alert.message()).contains("'nightly'").contains("missing").contains("since");
            assertThat(alert.metadata()).containsEntry("state", "firing").containsEntry("pipeline", "nightly");
            assertThat(alert.metricValue()).isEqualTo(25 * 3600.0);
            assertThat(alert.threshold()).isEqualTo(24 * 3600.0);
        });
        PipelineStats stats = monitor.getPipelineHealthReport().pipelines().get("nightly");
        assertThat(stats.health()).isEqualTo(HealthStatus.CRITICAL);
        assertThat(stats.missingSince()).isCloseTo(expectedAt, within(Duration.ofSeconds(60)));
        assertThat(stats.lastExecutedAt()).isNull();
        assertThat(monitor.getPipelineHealthReport().overallHealth()).isEqualTo(HealthStatus.CRITICAL);

        monitor.recordPipelineExecution("nightly", 60.0, true);
        List<Alert> alerts = alerts(monitor, "pipeline_nightly_missing");
        assertThat(alerts).hasSize(2);
        assertThat(alerts.get(1).severity()).isEqualTo(AlertSeverity.INFO);
        assertThat(alerts.get(1).metadata()).containsEntry("state", "resolved");
        assertThat(monitor.getPipelineHealthReport().overallHealth()).isEqualTo(HealthStatus.HEALTHY);
        monitor.runCycle();
        assertThat(alerts(monitor, "pipeline_nightly_missing")).hasSize(2);
    }

    @Test
    void aPipelineThatStopsRecordingIsMissingSinceItsLastExecutionAndRepeatsPerInterval() {
        ProductionMonitor monitor = monitor(ProductionMonitor.builder().repeatInterval(Duration.ofHours(1)));
        monitor.recordPipelineExecution("etl", 1.0, true);
        Instant last = monitor.getPipelineStats("etl").orElseThrow().lastExecutedAt();
        monitor.expectEvery("etl", Duration.ofMinutes(10));

        advance(Duration.ofMinutes(10));
        monitor.runCycle(); // exactly the gap: not yet missing
        assertThat(alerts(monitor, "pipeline_etl_missing")).isEmpty();
        advance(Duration.ofSeconds(1));
        monitor.runCycle();
        assertThat(alerts(monitor, "pipeline_etl_missing")).singleElement()
                .satisfies(alert -> assertThat(alert.message()).contains(last.toString()));
        assertThat(monitor.getPipelineStats("etl").orElseThrow().missingSince()).isEqualTo(last);
        advance(Duration.ofMinutes(59));
        monitor.runCycle();
        assertThat(alerts(monitor, "pipeline_etl_missing")).hasSize(1);
        advance(Duration.ofMinutes(1));
        monitor.runCycle();
        assertThat(alerts(monitor, "pipeline_etl_missing")).hasSize(2)
                .allSatisfy(alert -> assertThat(alert.severity()).isEqualTo(AlertSeverity.CRITICAL));

        monitor.stopExpecting("etl"); // resolves what it raised; nothing more after
        assertThat(alerts(monitor, "pipeline_etl_missing")).hasSize(3).last().satisfies(alert -> {
            assertThat(alert.severity()).isEqualTo(AlertSeverity.INFO);
            assertThat(alert.metadata()).containsEntry("state", "resolved");
            assertThat(alert.message()).contains("no longer expected");
        });
        advance(Duration.ofHours(5));
        monitor.runCycle();
        assertThat(alerts(monitor, "pipeline_etl_missing")).hasSize(3);
        assertThat(monitor.getPipelineStats("etl").orElseThrow().health()).isEqualTo(HealthStatus.HEALTHY);
    }

    @Test
    void expectEveryRefusesBadArgumentsByName() {
        ProductionMonitor monitor = monitor();
        assertThatIllegalArgumentException().isThrownBy(() -> monitor.expectEvery("etl", Duration.ZERO))
                .withMessageContaining("maxGap");
        assertThatIllegalArgumentException().isThrownBy(() -> monitor.expectEvery(" ", Duration.ofMinutes(1)))
                .withMessageContaining("pipelineName");
    }

    @Test
    void degradationResolvesOnceWhenAnExecutionIsBackWithinTheBaseline() {
        ProductionMonitor monitor = monitor(ProductionMonitor.builder().repeatInterval(Duration.ofHours(1)));
        monitor.setPerformanceBaseline("train", 1.0);
        monitor.recordPipelineExecution("train", 2.0, true);
        monitor.recordPipelineExecution("train", 2.0, true);
        assertThat(alerts(monitor, "pipeline_train_time")).hasSize(1);
        advance(Duration.ofHours(1));
        monitor.recordPipelineExecution("train", 2.0, true); // persisting: once per repeat interval
        assertThat(alerts(monitor, "pipeline_train_time")).hasSize(2);

        monitor.recordPipelineExecution("train", 1.1, true);
        monitor.recordPipelineExecution("train", 1.0, true);
        List<Alert> alerts = alerts(monitor, "pipeline_train_time");
        assertThat(alerts).hasSize(3);
        assertThat(alerts.get(2).severity()).isEqualTo(AlertSeverity.INFO);
        assertThat(alerts.get(2).metadata()).containsEntry("state", "resolved");
        assertThat(alerts.get(2).message()).contains("'train'").contains("back within");
        assertThat(alerts.get(0).metadata()).containsEntry("state", "firing");
    }

    @Test
    void errorRateResolvesOnceAtTheSuccessThatBringsItBackWithinTheLimit() {
        ProductionMonitor monitor = monitor();
        for (int i = 0; i < 3; i++) {
            monitor.recordPipelineExecution("infer", 1.0, false);
        }
        assertThat(alerts(monitor, "pipeline_infer_error_rate")).hasSize(1);
        for (int i = 0; i < 6; i++) { // 3/9 is still over 0.3
            monitor.recordPipelineExecution("infer", 1.0, true);
        }
        assertThat(alerts(monitor, "pipeline_infer_error_rate")).hasSize(1);
        monitor.recordPipelineExecution("infer", 1.0, true); // 3/10: within
        monitor.recordPipelineExecution("infer", 1.0, true);
        List<Alert> alerts = alerts(monitor, "pipeline_infer_error_rate");
        assertThat(alerts).hasSize(2);
        assertThat(alerts.get(1).severity()).isEqualTo(AlertSeverity.INFO);
        assertThat(alerts.get(1).metadata()).containsEntry("state", "resolved");
        assertThat(alerts.get(1).message()).isEqualTo(
                "Pipeline 'infer' error rate back within limit: 30% (3/10 recent runs failed)");
    }

    @Test
    @Timeout(60)
    void manyThreadsRecordWhileTheCycleChecksExpectedPipelines() throws Exception {
        ProductionMonitor monitor = monitor(); // the repeat interval (4 h) never passes here
        int threads = 8;
        int perThread = 20_000;
        for (int t = 0; t < threads; t++) {
            monitor.expectEvery("p" + t, Duration.ofSeconds(1));
        }
        CountDownLatch recorded = new CountDownLatch(threads);
        Thread cycles = new Thread(() -> {
            while (recorded.getCount() > 0) {
                advance(Duration.ofMillis(500));
                monitor.runCycle();
                monitor.getPipelineHealthReport().toMap();
            }
        });
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        cycles.setUncaughtExceptionHandler((thread, error) -> failures.add(error));
        cycles.start();
        Concurrently.run(threads, thread -> {
            try {
                for (int i = 0; i < perThread; i++) {
                    monitor.recordPipelineExecution("p" + thread, 0.001, i % 10 != 0);
                }
            } finally {
                recorded.countDown();
            }
        });
        cycles.join();
        assertThat(failures).isEmpty();
        PipelineHealthReport report = monitor.getPipelineHealthReport();
        assertThat(report.totalExecutions()).isEqualTo((long) threads * perThread);
        // each missing alert was resolved by the next execution, in order: never two firings in a row
        for (int t = 0; t < threads; t++) {
            List<Alert> alerts = alerts(monitor, "pipeline_p" + t + "_missing");
            for (int i = 1; i < alerts.size(); i++) {
                assertThat(alerts.get(i).metadata().get("state")).isNotEqualTo(alerts.get(i - 1).metadata().get("state"));
            }
        }
    }
}
