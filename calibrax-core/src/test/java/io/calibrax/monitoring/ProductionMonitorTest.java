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
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.within;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ProductionMonitorTest {
    private final List<ProductionMonitor> monitors = new ArrayList<>();

    @AfterEach
    void closeAll() {
        monitors.forEach(ProductionMonitor::close);
    }

    private ProductionMonitor monitor() {
        return monitor(ProductionMonitor.builder());
    }

    private ProductionMonitor monitor(ProductionMonitor.Builder builder) {
        ProductionMonitor monitor = builder.resourceMonitor(FakeResourceMonitor.constant(1)).build();
        monitors.add(monitor);
        return monitor;
    }

    private static List<Alert> alerts(ProductionMonitor monitor, String contains) {
        List<Alert> alerts = new ArrayList<>(monitor.getAlertManager().getRecentAlerts(1000));
        Collections.reverse(alerts);
        return alerts.stream().filter(alert -> alert.message().contains(contains)).collect(Collectors.toList());
    }

    @Test
    void seedWalkthroughGivesTheSeedReport() {
        ProductionMonitor monitor = new ProductionMonitor();
        monitors.add(monitor);
        monitor.setPerformanceBaseline("inference_latency", 0.05);
        monitor.recordPipelineExecution("inference", 0.048, true);
        monitor.recordPipelineExecution("inference", 0.150, false, Map.of("error", "timeout"));

        PipelineHealthReport report = monitor.getPipelineHealthReport();
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "Overall health: %s%n", report.overallHealth().value()));
        report.pipelines().forEach((name, stats) -> {
            out.append(String.format(Locale.ROOT, "%n%s:%n", name));
            out.append(String.format(Locale.ROOT, " Total executions: %d%n", stats.totalExecutions()));
            out.append(String.format(Locale.ROOT, " Success rate: %.1f%%%n", stats.successRate() * 100));
            out.append(String.format(Locale.ROOT, " Mean time: %.4fs%n", stats.meanExecutionTime()));
            out.append(String.format(Locale.ROOT, " Health: %s%n", stats.health().value()));
        });
        assertThat(out.toString()).isEqualTo(String.format(Locale.ROOT,
                "Overall health: degraded%n%ninference:%n Total executions: 2%n Success rate: 50.0%%%n"
                        + " Mean time: 0.0990s%n Health: degraded%n"));

        Map<String, Object> map = report.toMap();
        assertThat(map).containsEntry("overall_health", "degraded").containsEntry("total_executions", 2L);
        assertThat(map.get("baselines")).isEqualTo(Map.of("inference_latency", 0.05));
        @SuppressWarnings("unchecked")
        Map<String, Object> inference = (Map<String, Object>) ((Map<String, Object>) map.get("pipelines")).get("inference");
        assertThat(inference).containsEntry("total_executions", 2L).containsEntry("success_rate", 0.5)
                .containsEntry("error_rate", 0.5).containsEntry("min_execution_time", 0.048)
                .containsEntry("max_execution_time", 0.150).containsEntry("health", "degraded")
                .containsEntry("last_failure_metadata", Map.of("error", "timeout"));
        assertThat((double) inference.get("mean_execution_time")).isCloseTo(0.099, within(1e-12));
        assertThat(monitor.getAlertManager().getRecentAlerts()).isEmpty(); // 2 executions: below the 3 needed
    }

    @Test
    void healthLevelsFollowTheErrorRateAndOverallIsTheWorst() {
        ProductionMonitor monitor = monitor();
        assertThat(monitor.getPipelineHealthReport()).satisfies(empty -> {
            assertThat(empty.overallHealth()).isEqualTo(HealthStatus.HEALTHY);
            assertThat(empty.totalExecutions()).isZero();
            assertThat(empty.pipelines()).isEmpty();
        });

        monitor.recordPipelineExecution("bad", 1.0, false);
        monitor.recordPipelineExecution("bad", 1.0, false);
        monitor.recordPipelineExecution("bad", 1.0, true);
        for (int i = 0; i < 4; i++) {
            monitor.recordPipelineExecution("shaky", 1.0, i != 0);
        }
        for (int i = 0; i < 5; i++) {
            monitor.recordPipelineExecution("good", 1.0, true);
        }

        PipelineHealthReport report = monitor.getPipelineHealthReport();
        assertThat(report.pipelines().get("bad").health()).isEqualTo(HealthStatus.CRITICAL);
        assertThat(report.pipelines().get("shaky").health()).isEqualTo(HealthStatus.DEGRADED);
        assertThat(report.pipelines().get("good").health()).isEqualTo(HealthStatus.HEALTHY);
        assertThat(report.overallHealth()).isEqualTo(HealthStatus.CRITICAL);
        assertThat(report.totalExecutions()).isEqualTo(12);

        ProductionMonitor noCritical = monitor();
        for (int i = 0; i < 4; i++) {
            noCritical.recordPipelineExecution("shaky", 1.0, i != 0);
            noCritical.recordPipelineExecution("good", 1.0, true);
        }
        assertThat(noCritical.getPipelineHealthReport().overallHealth()).isEqualTo(HealthStatus.DEGRADED);
    }

    @Test
    void executionSlowerThanItsBaselineRaisesADegradationWarning() {
        ProductionMonitor monitor = monitor();
        monitor.setPerformanceBaseline("train", 2.0);

        monitor.recordPipelineExecution("train", 2.1, true);
        assertThat(alerts(monitor, "degraded")).isEmpty();
        assertThat(monitor.getAlertManager().getRecentAlerts()).isEmpty();

        monitor.recordPipelineExecution("train", 10.0, true, Map.of("batch_size", 32));
        assertThat(alerts(monitor, "degraded")).singleElement().satisfies(alert -> {
            assertThat(alert.severity()).isEqualTo(AlertSeverity.WARNING);
            assertThat(alert.metricName()).isEqualTo("pipeline_train_time");
            assertThat(alert.message()).isEqualTo("Pipeline 'train' degraded: 10.00s vs baseline 2.00s (400% slower)");
            assertThat(alert.metricValue()).isEqualTo(10.0);
            assertThat(alert.threshold()).isCloseTo(2.4, within(1e-12));
            assertThat(alert.metadata()).containsEntry("pipeline", "train").containsEntry("baseline", 2.0)
                    .containsEntry("execution_metadata", Map.of("batch_size", 32));
        });
        assertThat(monitor.getMonitoringSummary().alertCount()).isEqualTo(1);
    }

    @Test
    void degradationRepeatsOncePerIntervalAndReArmsAfterANormalRun() {
        AtomicLong clock = new AtomicLong();
        ProductionMonitor monitor = monitor(ProductionMonitor.builder().ticker(clock::get).repeatInterval(Duration.ofHours(1)));
        monitor.setPerformanceBaseline("train", Duration.ofSeconds(2));

        monitor.recordPipelineExecution("train", 5.0, true);
        monitor.recordPipelineExecution("train", 5.0, true);
        assertThat(alerts(monitor, "degraded")).hasSize(1);
        clock.addAndGet(Duration.ofHours(1).toNanos());
        monitor.recordPipelineExecution("train", 5.0, true);
        assertThat(alerts(monitor, "degraded")).hasSize(2);
        monitor.recordPipelineExecution("train", 2.0, true);
        monitor.recordPipelineExecution("train", 5.0, true);
        assertThat(alerts(monitor, "degraded")).hasSize(3);
    }

    @Test
    void failuresRaiseAnErrorRateAlertFromThePipelinesOwnWindow() {
        ProductionMonitor monitor = monitor();
        for (int failure = 0; failure < 3; failure++) {
            if (failure == 2) {
                assertThat(alerts(monitor, "error rate")).isEmpty();
            }
            monitor.recordPipelineExecution("infer", 1.0, false, Map.of("error", "timeout"));
            for (int i = 0; i < 300; i++) {
                monitor.recordPipelineExecution("other", 0.5, true);
            }
        }
        assertThat(alerts(monitor, "error rate")).singleElement().satisfies(alert -> {
            assertThat(alert.severity()).isEqualTo(AlertSeverity.ERROR);
            assertThat(alert.metricName()).isEqualTo("pipeline_infer_error_rate");
            assertThat(alert.message()).isEqualTo("Pipeline 'infer' high error rate: 100% (3/3 recent runs failed)");
            assertThat(alert.metricValue()).isEqualTo(1.0);
            assertThat(alert.threshold()).isEqualTo(0.3);
            assertThat(alert.metadata()).containsEntry("failures", 3).containsEntry("window", 3)
                    .containsEntry("execution_metadata", Map.of("error", "timeout"));
        });
        assertThat(monitor.getPipelineStats("other")).get().extracting(PipelineStats::health).isEqualTo(HealthStatus.HEALTHY);
    }

    @Test
    void persistingErrorRateRepeatsOncePerIntervalAndReArmsOnRecovery() {
        ProductionMonitor monitor = monitor();
        for (int i = 0; i < 5; i++) {
            monitor.recordPipelineExecution("infer", 1.0, false);
        }
        assertThat(alerts(monitor, "error rate")).hasSize(1);
        for (int i = 0; i < 20; i++) {
            monitor.recordPipelineExecution("infer", 1.0, true);
        }
        assertThat(alerts(monitor, "error rate")).hasSize(2).last() // the recovery resolved it
                .satisfies(alert -> assertThat(alert.metadata()).containsEntry("state", "resolved"));
        for (int i = 0; i < 7; i++) {
            monitor.recordPipelineExecution("infer", 1.0, false);
        }
        assertThat(alerts(monitor, "high error rate")).hasSize(2).last()
                .satisfies(alert -> assertThat(alert.message()).contains("(7/20 recent runs failed)"));

        ProductionMonitor everyTime = monitor(ProductionMonitor.builder().repeatInterval(Duration.ZERO));
        for (int i = 0; i < 5; i++) {
            everyTime.recordPipelineExecution("infer", 1.0, false);
        }
        assertThat(alerts(everyTime, "error rate")).hasSize(3).allSatisfy(alert ->
                assertThat(alert.severity()).isEqualTo(AlertSeverity.ERROR));
    }

    @Test
    void statsCarryPercentilesRecentErrorRateAndLastExecution() {
        ProductionMonitor monitor = monitor();
        for (int i = 1; i <= 100; i++) {
            monitor.recordPipelineExecution("etl", Duration.ofMillis(10L * i), true);
        }
        for (int i = 0; i < 20; i++) {
            monitor.recordPipelineExecution("etl", 0.5, i >= 15);
        }
        PipelineStats stats = monitor.getPipelineStats("etl").orElseThrow();
        assertThat(stats.totalExecutions()).isEqualTo(120);
        assertThat(stats.failedExecutions()).isEqualTo(15);
        assertThat(stats.successfulExecutions()).isEqualTo(105);
        assertThat(stats.errorRate()).isCloseTo(0.125, within(1e-12));
        assertThat(stats.recentErrorRate()).isCloseTo(0.15, within(1e-12)); // 15 of the last 100
        assertThat(stats.recentExecutions()).isEqualTo(100);
        // the last 100: 0.21..1.00 s, then twenty 0.5 s
        assertThat(stats.recentMeanExecutionTime()).isCloseTo((IntStream.rangeClosed(21, 100).sum() * 0.01 + 10) / 100,
                within(1e-9));
        assertThat(stats.minExecutionTime()).isCloseTo(0.01, within(1e-12));
        assertThat(stats.maxExecutionTime()).isCloseTo(1.0, within(1e-12));
        assertThat(stats.lastExecutionTime()).isEqualTo(0.5);
        assertThat(stats.lastExecutedAt()).isBetween(java.time.Instant.now().minusSeconds(60), java.time.Instant.now());
        // 100 times 0.01..1.00 and twenty 0.5s: numpy gives median 0.5, p95 0.9405 and p99 0.9881;
        // the monitor's estimates are within 1/32 of them
        assertThat(stats.p50ExecutionTime()).isCloseTo(0.5, within(0.5 / 32));
        assertThat(stats.p95ExecutionTime()).isCloseTo(0.9405, within(0.9405 / 32));
        assertThat(stats.p99ExecutionTime()).isCloseTo(0.9881, within(0.9881 / 32));

        ProductionMonitor small = monitor(ProductionMonitor.builder().percentileWindow(10));
        for (int i = 1; i <= 100; i++) {
            small.recordPipelineExecution("etl", i, true);
        }
        PipelineStats recent = small.getPipelineStats("etl").orElseThrow();
        assertThat(recent.p50ExecutionTime()).isCloseTo(95.5, within(95.5 / 32)); // of 91..100 only
        assertThat(recent.p99ExecutionTime()).isCloseTo(99.91, within(99.91 / 32)).isLessThanOrEqualTo(100.0);
        assertThat(recent.minExecutionTime()).isEqualTo(1.0);
        assertThat(recent.meanExecutionTime()).isCloseTo(50.5, within(1e-9));
        assertThat(recent.lastExecutionTime()).isEqualTo(100.0);
    }

    @Test
    void thresholdsAndWindowsAreConfigurable() {
        ProductionMonitor monitor = monitor(ProductionMonitor.builder()
                .degradationThreshold(0.5)
                .errorRateThreshold(0.6)
                .errorRateWindow(5, 2)
                .healthCutoffs(0.1, 0.3)
                .performanceBaseline("train", 2.0));
        assertThat(monitor.getPerformanceBaselines()).containsEntry("train", 2.0);

        monitor.recordPipelineExecution("train", 2.9, true);
        assertThat(alerts(monitor, "degraded")).isEmpty();
        monitor.recordPipelineExecution("train", 3.1, true);
        assertThat(alerts(monitor, "degraded")).hasSize(1);

        monitor.recordPipelineExecution("infer", 1.0, true);
        monitor.recordPipelineExecution("infer", 1.0, false); // 1/2 = 0.5: not above 0.6
        assertThat(alerts(monitor, "error rate")).isEmpty();
        monitor.recordPipelineExecution("infer", 1.0, false); // 2/3
        assertThat(alerts(monitor, "error rate")).singleElement()
                .satisfies(alert -> assertThat(alert.threshold()).isEqualTo(0.6));

        for (int i = 0; i < 8; i++) {
            monitor.recordPipelineExecution("mostly_fine", 1.0, i != 0); // 1/8 = 0.125 > 0.1
        }
        assertThat(monitor.getPipelineStats("mostly_fine").orElseThrow().health()).isEqualTo(HealthStatus.DEGRADED);
        assertThat(monitor.getPipelineStats("infer").orElseThrow().health()).isEqualTo(HealthStatus.CRITICAL);
        assertThat(monitor.getErrorRateWindow()).isEqualTo(5);
        assertThat(monitor.getErrorRateMinSamples()).isEqualTo(2);
        assertThat(monitor.getDegradedErrorRate()).isEqualTo(0.1);
        assertThat(monitor.getCriticalErrorRate()).isEqualTo(0.3);

        ProductionMonitor defaults = monitor();
        assertThat(defaults.getDegradationThreshold()).isEqualTo(0.2);
        assertThat(defaults.getErrorRateThreshold()).isEqualTo(0.3);
        assertThat(defaults.getErrorRateWindow()).isEqualTo(20);
        assertThat(defaults.getErrorRateMinSamples()).isEqualTo(3);
        assertThat(defaults.getDegradedErrorRate()).isEqualTo(0.2);
        assertThat(defaults.getCriticalErrorRate()).isEqualTo(0.5);
    }

    @Test
    void badInputIsRefusedNamingTheArgumentAndNothingIsLost() {
        ProductionMonitor monitor = monitor();
        monitor.setPerformanceBaseline("train", 2.0);
        monitor.recordPipelineExecution("train", 1.0, true);
        monitor.recordPipelineExecution("train", 1.5, false);

        assertThatIllegalArgumentException().isThrownBy(() -> monitor.recordPipelineExecution("train", Double.NaN, true))
                .withMessageContaining("executionTimeSeconds");
        assertThatIllegalArgumentException().isThrownBy(() -> monitor.recordPipelineExecution("train", -0.1, true))
                .withMessageContaining("executionTimeSeconds");
        assertThatIllegalArgumentException().isThrownBy(() -> monitor.recordPipelineExecution("train", Double.POSITIVE_INFINITY, false))
                .withMessageContaining("executionTimeSeconds");
        assertThatIllegalArgumentException().isThrownBy(() -> monitor.recordPipelineExecution("  ", 1.0, true))
                .withMessageContaining("pipelineName");
        assertThatNullPointerException().isThrownBy(() -> monitor.recordPipelineExecution(null, 1.0, true))
                .withMessageContaining("pipelineName");
        assertThatIllegalArgumentException().isThrownBy(() -> monitor.recordPipelineExecution("train", Duration.ofMillis(-1), true))
                .withMessageContaining("executionTime");
        assertThatNullPointerException().isThrownBy(() -> monitor.recordPipelineExecution("train", (Duration) null, true))
                .withMessageContaining("executionTime");
        Map<String, Object> nullKey = new HashMap<>();
        nullKey.put(null, "x");
        assertThatNullPointerException().isThrownBy(() -> monitor.recordPipelineExecution("train", 1.0, false, nullKey))
                .withMessageContaining("metadata");
        assertThatIllegalArgumentException().isThrownBy(() -> monitor.setPerformanceBaseline("train", 0.0)).withMessageContaining("seconds");
        assertThatIllegalArgumentException().isThrownBy(() -> monitor.setPerformanceBaseline("train", -2.0)).withMessageContaining("seconds");
        assertThatIllegalArgumentException().isThrownBy(() -> monitor.setPerformanceBaseline("train", Double.NaN)).withMessageContaining("seconds");
        assertThatIllegalArgumentException().isThrownBy(() -> monitor.setPerformanceBaseline("", 1.0)).withMessageContaining("pipelineName");
        assertThatIllegalArgumentException().isThrownBy(() -> ProductionMonitor.builder().errorRateThreshold(1.5)).withMessageContaining("errorRateThreshold");
        assertThatIllegalArgumentException().isThrownBy(() -> ProductionMonitor.builder().errorRateWindow(0, 1)).withMessageContaining("executions");
        assertThatIllegalArgumentException().isThrownBy(() -> ProductionMonitor.builder().errorRateWindow(20, 21)).withMessageContaining("minSamples");
        assertThatIllegalArgumentException().isThrownBy(() -> ProductionMonitor.builder().healthCutoffs(0.6, 0.5)).withMessageContaining("degradedAbove");
        assertThatIllegalArgumentException().isThrownBy(() -> ProductionMonitor.builder().degradationThreshold(-0.2)).withMessageContaining("degradationThreshold");
        assertThatIllegalArgumentException().isThrownBy(() -> ProductionMonitor.builder().percentileWindow(0)).withMessageContaining("executions");
        assertThatIllegalArgumentException().isThrownBy(() -> ProductionMonitor.builder().maxPipelines(-1)).withMessageContaining("maxPipelines");

        PipelineHealthReport report = monitor.getPipelineHealthReport();
        assertThat(report.totalExecutions()).isEqualTo(2);
        assertThat(report.baselines()).containsExactlyEntriesOf(Map.of("train", 2.0));
        PipelineStats train = report.pipelines().get("train");
        assertThat(train.failedExecutions()).isEqualTo(1);
        assertThat(train.meanExecutionTime()).isEqualTo(1.25);
        assertThat(train.lastFailureMetadata()).isEmpty();
    }

    @Test
    void concurrentRecordingCountsEveryExecution() throws Exception {
        ProductionMonitor monitor = monitor();
        int threads = 4;
        int perThread = 50_000;
        Concurrently.run(threads, thread -> {
            for (int i = 0; i < perThread; i++) {
                monitor.recordPipelineExecution("p" + (i % 3), 0.001 * (1 + (i % 100)) + thread * 1e-6, i % 50 != 0);
            }
        });
        PipelineHealthReport report = monitor.getPipelineHealthReport();
        assertThat(report.totalExecutions()).isEqualTo((long) threads * perThread);
        long failures = report.pipelines().values().stream().mapToLong(PipelineStats::failedExecutions).sum();
        assertThat(failures).isEqualTo((long) threads * (perThread / 50));
        assertThat(report.pipelines().get("p0").minExecutionTime()).isCloseTo(0.001, within(1e-12));
        assertThat(report.pipelines().get("p0").maxExecutionTime()).isCloseTo(0.1 + 3e-6, within(1e-9));
        assertThat(report.overallHealth()).isEqualTo(HealthStatus.HEALTHY);
    }

    @Test
    void pipelinesBeyondMaxPipelinesAreDroppedAndCounted() {
        ProductionMonitor monitor = monitor(ProductionMonitor.builder().maxPipelines(2));
        monitor.recordPipelineExecution("a", 1.0, true);
        monitor.recordPipelineExecution("b", 1.0, true);
        monitor.recordPipelineExecution("c", 1.0, true);
        monitor.recordPipelineExecution("a", 1.0, true);
        assertThat(monitor.getPipelineHealthReport().pipelines()).containsOnlyKeys("a", "b");
        assertThat(monitor.getPipelineHealthReport().totalExecutions()).isEqualTo(3);
        assertThat(monitor.getDroppedExecutions()).isEqualTo(1);
    }

    @Test
    void inheritsTheAdvancedMonitorAndCountsItsPipelineAlerts() {
        AlertManager shared = new AlertManager();
        try (ProductionMonitor monitor = new ProductionMonitor(shared, null, FakeResourceMonitor.constant(1))) {
            monitor.setThreshold("cpu_percent", 90.0);
            monitor.setPerformanceBaseline("train", 1.0);
            monitor.recordPipelineExecution("train", 5.0, true);
            assertThat(monitor.getMonitoringSummary().thresholds()).containsEntry("cpu_percent", 90.0);
            assertThat(monitor.getMonitoringSummary().alertCount()).isEqualTo(1);
            assertThat(monitor.getAlertManager()).isSameAs(shared);
            assertThat(alerts(monitor, "degraded")).singleElement().extracting(Alert::severity).isEqualTo(AlertSeverity.WARNING);
            assertThat(monitor.removePerformanceBaseline("train")).isTrue();
            monitor.recordPipelineExecution("train", 5.0, true);
            assertThat(monitor.getMonitoringSummary().alertCount()).isEqualTo(1);
        } finally {
            shared.close();
        }
    }

    @Test
    void baselinesApplyWhenSetBeforeOrAfterAPipelineAppearsAndReportsListPipelinesSorted() {
        ProductionMonitor monitor = monitor();
        monitor.recordPipelineExecution("zeta", 5.0, true); // no baseline yet
        assertThat(alerts(monitor, "degraded")).isEmpty();
        monitor.setPerformanceBaseline("zeta", 1.0);
        monitor.recordPipelineExecution("zeta", 5.0, true);
        assertThat(alerts(monitor, "degraded")).hasSize(1);

        monitor.setPerformanceBaseline("alpha", 10.0);
        monitor.recordPipelineExecution("alpha", 5.0, true);
        monitor.recordPipelineExecution("mid", 1.0, true);
        PipelineHealthReport report = monitor.getPipelineHealthReport();
        assertThat(report.pipelines().keySet()).containsExactly("alpha", "mid", "zeta");
        assertThat(report.baselines()).containsExactly(Map.entry("alpha", 10.0), Map.entry("zeta", 1.0));

        monitor.setPerformanceBaseline("zeta", 6.0); // 5 s is within it now
        monitor.recordPipelineExecution("zeta", 5.0, true);
        assertThat(alerts(monitor, "degraded")).hasSize(1);
        assertThat(monitor.getPipelineHealthReport().baselines()).containsEntry("zeta", 6.0);
        assertThat(monitor.removePerformanceBaseline("alpha")).isTrue();
        assertThat(monitor.getPerformanceBaselines()).containsOnlyKeys("zeta");
        assertThat(monitor.getPipelineHealthReport().baselines()).containsOnlyKeys("zeta");
    }

    @Test
    void baselinesSetWhilePipelinesAppearAreNeverLost() throws Exception {
        for (int round = 0; round < 5; round++) {
            ProductionMonitor monitor = monitor(ProductionMonitor.builder().repeatInterval(Duration.ZERO));
            int pipelines = 200;
            Concurrently.run(2, thread -> {
                for (int i = 0; i < pipelines; i++) {
                    if (thread == 0) {
                        monitor.recordPipelineExecution("p" + i, 0.5, true);
                    } else {
                        monitor.setPerformanceBaseline("p" + i, 1.0);
                    }
                }
            });
            for (int i = 0; i < pipelines; i++) {
                monitor.recordPipelineExecution("p" + i, 5.0, true); // degraded against every baseline
            }
            assertThat(monitor.getMonitoringSummary().alertCount()).as("round %d", round).isEqualTo(pipelines);
        }
    }

    @Test
    void maxPipelinesIsStrictUnderConcurrentNewNamesAndDropsAreWarnedAboutOnce() throws Exception {
        ProductionMonitor monitor = monitor(ProductionMonitor.builder().maxPipelines(50));
        try (io.calibrax.testing.LogCapture log = io.calibrax.testing.LogCapture.of(
                io.calibrax.monitoring.internal.pipeline.PipelineTracker.class)) {
            Concurrently.run(4, thread -> {
                for (int i = 0; i < 100; i++) {
                    monitor.recordPipelineExecution("t" + thread + "-" + i, 0.01, true);
                }
            });
            assertThat(monitor.getPipelineHealthReport().pipelines()).hasSize(50);
            assertThat(monitor.getPipelineHealthReport().totalExecutions()).isEqualTo(50);
            assertThat(monitor.getDroppedExecutions()).isEqualTo(350);
            monitor.recordPipelineExecution("later", 0.01, true);
            assertThat(monitor.getDroppedExecutions()).isEqualTo(351);
            assertThat(log.messages(ch.qos.logback.classic.Level.WARN)).singleElement()
                    .satisfies(message -> assertThat(message).contains("maxPipelines = 50"));
        }
    }
}
