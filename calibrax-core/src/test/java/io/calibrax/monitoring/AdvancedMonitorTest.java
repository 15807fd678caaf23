package io.calibrax.monitoring;

import io.calibrax.api.Alert;
import io.calibrax.api.AlertSeverity;
import io.calibrax.api.GpuProfiler;
import io.calibrax.api.MetricStats;
import io.calibrax.api.MonitoringSummary;
import io.calibrax.testing.Await;
import io.calibrax.testing.Concurrently;
import io.calibrax.testing.FakeGpuProfiler;
import io.calibrax.testing.FakeResourceMonitor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class AdvancedMonitorTest {
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final AlertManager manager = new AlertManager();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable closeable : closeables) {
            closeable.close();
        }
        manager.close();
    }

    private <T extends AutoCloseable> T track(T closeable) {
        closeables.add(closeable);
        return closeable;
    }

    /** A monitor on the shared manager with a fake resource monitor, so only pushed metrics matter. */
    private AdvancedMonitor quietMonitor() {
        return track(AdvancedMonitor.builder().alertManager(manager)
                .resourceMonitor(FakeResourceMonitor.constant(100)).build());
    }

    private List<Alert> alertsFor(String metric) {
        return allAlerts().stream().filter(a -> a.metricName().equals(metric)).collect(Collectors.toList());
    }

    private List<Alert> allAlerts() {
        List<Alert> alerts = new ArrayList<>(manager.getRecentAlerts(manager.getMaxAlerts()));
        Collections.reverse(alerts); // oldest first
        return alerts;
    }

    @Test
    void memoryRssThresholdAlertsWithinAFewCyclesWithTheDefaultResourceMonitor() {
        AdvancedMonitor monitor = track(new AdvancedMonitor(manager));
        monitor.setThreshold("memory_rss_mb", 0.0001);

        monitor.startMonitoring(0.05);
        Await.until("a memory_rss_mb alert", () -> !alertsFor("memory_rss_mb").isEmpty());
        monitor.stopMonitoring();

        Alert alert = alertsFor("memory_rss_mb").get(0);
        assertThat(alert.message()).matches("memory_rss_mb exceeded threshold: \\d+\\.\\d\\d > 0\\.00 \\(trend: (increasing|decreasing|stable)\\)");
        assertThat(alert.severity()).isEqualTo(AlertSeverity.CRITICAL);
        assertThat(alert.threshold()).isEqualTo(0.0001);
        assertThat(alert.metadata()).containsEntry("state", "firing").containsKey("trend");
        MonitoringSummary summary = monitor.getMonitoringSummary();
        assertThat(summary.metricHistory()).containsKeys("cpu_percent", "memory_rss_mb");
        assertThat(summary.metricHistory().get("memory_rss_mb").latest()).isPositive();
        assertThat(summary.alertCount()).isEqualTo(1);
        assertThat(summary.isMonitoring()).isFalse();
    }

    @Test
    void continuousBreachOverFiftyCyclesAlertsOnce() throws Exception {
        FakeResourceMonitor resources = new FakeResourceMonitor(k -> 500, 50, 0);
        AdvancedMonitor monitor = track(AdvancedMonitor.builder().alertManager(manager).resourceMonitor(resources).build());
        monitor.setThreshold("memory_rss_mb", 100);

        monitor.startMonitoring(Duration.ofMillis(1));
        assertThat(resources.latch().await(20, TimeUnit.SECONDS)).isTrue();
        monitor.stopMonitoring();

        assertThat(resources.samples()).isGreaterThanOrEqualTo(50);
        assertThat(alertsFor("memory_rss_mb")).hasSize(1);
        assertThat(monitor.getMonitoringSummary().alertCount()).isEqualTo(1);
    }

    @Test
    void runCycleCollectsAndChecksOnTheCallersThreadWithoutTheLoop() {
        AdvancedMonitor monitor = quietMonitor();
        List<String> threads = new ArrayList<>();
        monitor.addMetricSource(() -> {
            threads.add(Thread.currentThread().getName());
            return Map.of("queue_depth", 42.0);
        });
        monitor.setThreshold("queue_depth", 10);

        monitor.runCycle();

        assertThat(threads).containsExactly(Thread.currentThread().getName());
        assertThat(monitor.getMonitoringSummary().metricHistory()).containsKey("queue_depth");
        assertThat(alertsFor("queue_depth")).hasSize(1);
        assertThat(monitor.isMonitoring()).isFalse();
        monitor.close();
        assertThatThrownBy(monitor::runCycle).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aGpuReadingThatFailsDoesNotCostTheOtherReadings() {
        GpuProfiler flakyPower = new GpuProfiler() {
            @Override public int index() { return 0; }
            @Override public String name() { return "flaky"; }
            @Override public java.util.Optional<io.calibrax.api.GpuMemory> memory() {
                return java.util.Optional.of(new io.calibrax.api.GpuMemory(512, 1024));
            }
            @Override public java.util.OptionalDouble utilization() { return java.util.OptionalDouble.of(77); }
            @Override public java.util.Optional<io.calibrax.api.GpuClocks> clocks() { return java.util.Optional.empty(); }
            @Override public java.util.Optional<io.calibrax.api.GpuPower> power() {
                throw new IllegalStateException("NVML_ERROR_UNKNOWN");
            }
            @Override public java.util.OptionalDouble temperatureCelsius() { return java.util.OptionalDouble.of(61); }
        };
        AdvancedMonitor monitor = track(AdvancedMonitor.builder().alertManager(manager)
                .resourceMonitor(FakeResourceMonitor.constant(100)).gpuProfiler(flakyPower).build());

        monitor.runCycle();

        assertThat(monitor.getMonitoringSummary().metricHistory())
                .containsKeys("gpu_utilization", "gpu_memory_mb", "gpu_temperature_c")
                .doesNotContainKey("gpu_power_w");
    }

    @Test
    void invalidReadingsFromASourceAreCountedNotLostSilently() {
        AdvancedMonitor monitor = quietMonitor();
        Map<String, Double> readings = new java.util.HashMap<>();
        readings.put("good", 1.0);
        readings.put("nan", Double.NaN);
        readings.put("infinite", Double.POSITIVE_INFINITY);
        readings.put(" ", 2.0);
        monitor.addMetricSource(() -> readings);

        monitor.runCycle();

        assertThat(monitor.getInvalidReadings()).isEqualTo(3);
        assertThat(monitor.getMonitoringSummary().metricHistory()).containsKey("good")
                .doesNotContainKeys("nan", "infinite", " ");
    }

    @Test
    void pushedValuesAtTheThresholdDoNotAlert() {
        AdvancedMonitor monitor = quietMonitor();
        monitor.setThreshold("latency", 1.5);
        monitor.setThreshold("throughput", Threshold.below(500));

        for (int i = 0; i < 5; i++) {
            monitor.recordMetric("latency", 1.5);
            monitor.recordMetric("throughput", 500);
        }
        assertThat(allAlerts()).isEmpty();

        monitor.recordMetric("latency", 2.0);
        monitor.recordMetric("throughput", 400);
        assertThat(allAlerts()).extracting(Alert::message).containsExactly(
                "latency exceeded threshold: 2.00 > 1.50 (trend: increasing)",
                "throughput fell below threshold: 400.00 < 500.00 (trend: decreasing)");
    }

    @Test
    void severityFollowsTheValueToThresholdRatio() {
        AdvancedMonitor monitor = quietMonitor();
        Map<Double, AlertSeverity> expected = Map.of(85.0, AlertSeverity.INFO, 100.0, AlertSeverity.WARNING,
                130.0, AlertSeverity.ERROR, 200.0, AlertSeverity.CRITICAL);
        expected.forEach((value, severity) -> {
            String metric = "cpu_" + value.intValue();
            monitor.setThreshold(metric, 80.0);
            monitor.recordMetric(metric, value);
            assertThat(alertsFor(metric)).singleElement().extracting(Alert::severity).isEqualTo(severity);
        });

        monitor.setThreshold("errors", 0.0);
        monitor.recordMetric("errors", 1.0);
        assertThat(alertsFor("errors")).singleElement().extracting(Alert::severity).isEqualTo(AlertSeverity.CRITICAL);

        // below: the inverse ratio threshold/value
        Map<Double, AlertSeverity> below = Map.of(90.0, AlertSeverity.INFO, 80.0, AlertSeverity.WARNING,
                60.0, AlertSeverity.ERROR, 40.0, AlertSeverity.CRITICAL, 0.0, AlertSeverity.CRITICAL);
        below.forEach((value, severity) -> {
            String metric = "throughput_" + value.intValue();
            monitor.setThreshold(metric, Threshold.below(100));
            monitor.recordMetric(metric, value);
            assertThat(alertsFor(metric)).singleElement().extracting(Alert::severity).isEqualTo(severity);
        });
    }

    @Test
    void trendComesFromTheLeastSquaresSlope() {
        AdvancedMonitor monitor = quietMonitor();
        for (int i = 0; i < 19; i++) {
            monitor.recordMetric("rising", i);
            monitor.recordMetric("falling", 20 - i);
            monitor.recordMetric("flat", 50);
        }
        monitor.setThreshold("rising", 18.5);
        monitor.setThreshold("falling", Threshold.below(1.5));
        monitor.setThreshold("flat", 40);
        monitor.recordMetric("rising", 19);
        monitor.recordMetric("falling", 1);
        monitor.recordMetric("flat", 50);

        assertThat(alertsFor("rising")).singleElement().satisfies(alert -> {
            assertThat(alert.metadata()).containsEntry("trend", "increasing");
            assertThat(alert.message()).isEqualTo("rising exceeded threshold: 19.00 > 18.50 (trend: increasing)");
        });
        assertThat(alertsFor("falling")).singleElement().satisfies(alert ->
                assertThat(alert.metadata()).containsEntry("trend", "decreasing"));
        assertThat(alertsFor("flat")).singleElement().satisfies(alert ->
                assertThat(alert.metadata()).containsEntry("trend", "stable"));

        // fewer than 3 samples is stable, however steep
        monitor.recordMetric("short", 1);
        monitor.setThreshold("short", 5);
        monitor.recordMetric("short", 100);
        assertThat(alertsFor("short")).singleElement().satisfies(alert ->
                assertThat(alert.metadata()).containsEntry("trend", "stable"));
    }

    @Test
    void persistingBreachRepeatsOncePerIntervalAndClearingRaisesResolved() {
        AtomicLong clock = new AtomicLong();
        AdvancedMonitor monitor = track(AdvancedMonitor.builder().alertManager(manager)
                .resourceMonitor(FakeResourceMonitor.constant(1)).repeatInterval(Duration.ofHours(1))
                .ticker(clock::get).build());
        monitor.setThreshold("queue_depth", 80);

        monitor.recordMetric("queue_depth", 90);
        clock.addAndGet(Duration.ofMinutes(59).toNanos());
        monitor.recordMetric("queue_depth", 95);
        assertThat(alertsFor("queue_depth")).hasSize(1);

        clock.addAndGet(Duration.ofMinutes(1).toNanos());
        monitor.recordMetric("queue_depth", 95);
        assertThat(alertsFor("queue_depth")).hasSize(2);

        monitor.recordMetric("queue_depth", 50);
        List<Alert> alerts = alertsFor("queue_depth");
        assertThat(alerts).hasSize(3);
        Alert resolved = alerts.get(2);
        assertThat(resolved.severity()).isEqualTo(AlertSeverity.INFO);
        assertThat(resolved.metadata()).containsEntry("state", "resolved").containsKey("trend");
        assertThat(resolved.message()).startsWith("queue_depth back within threshold: 50.00 <= 80.00");
        assertThat(resolved.metricValue()).isEqualTo(50);

        // a new breach after clearing alerts at once
        monitor.recordMetric("queue_depth", 85);
        assertThat(alertsFor("queue_depth")).hasSize(4);
        assertThat(monitor.getMonitoringSummary().alertCount()).isEqualTo(4);
    }

    @Test
    void zeroRepeatIntervalAlertsOnEveryBreach() {
        AdvancedMonitor monitor = track(AdvancedMonitor.builder().alertManager(manager)
                .resourceMonitor(FakeResourceMonitor.constant(1)).repeatInterval(Duration.ZERO).build());
        monitor.setThreshold("latency", 1);
        for (int i = 0; i < 4; i++) {
            monitor.recordMetric("latency", 2);
        }
        assertThat(alertsFor("latency")).hasSize(4);
    }

    @Test
    void consecutiveSamplesHysteresisAndFixedSeverityRefineAThreshold() {
        AdvancedMonitor monitor = quietMonitor();
        monitor.setThreshold("latency", Threshold.above(80).withConsecutiveSamples(3).withClearLevel(70)
                .withSeverity(AlertSeverity.CRITICAL));

        monitor.recordMetric("latency", 90);
        monitor.recordMetric("latency", 90);
        monitor.recordMetric("latency", 60); // streak broken
        monitor.recordMetric("latency", 90);
        monitor.recordMetric("latency", 90);
        assertThat(alertsFor("latency")).isEmpty();
        monitor.recordMetric("latency", 81);
        assertThat(alertsFor("latency")).singleElement().extracting(Alert::severity).isEqualTo(AlertSeverity.CRITICAL);

        monitor.recordMetric("latency", 75); // within the hysteresis band: still firing, nothing raised
        monitor.recordMetric("latency", 85);
        assertThat(alertsFor("latency")).hasSize(1);
        monitor.recordMetric("latency", 70);
        assertThat(alertsFor("latency")).hasSize(2).last().satisfies(alert -> {
            assertThat(alert.metadata()).containsEntry("state", "resolved");
            assertThat(alert.message()).startsWith("latency back within threshold: 70.00 <= 70.00");
        });
        assertThat(monitor.getThresholds()).containsKey("latency");
        assertThat(monitor.getMonitoringSummary().thresholds()).containsEntry("latency", 80.0);
    }

    @Test
    void gpuReadingsAppearInTheSummaryAndAThrowingGpuDoesNotStopTheLoop() {
        FakeResourceMonitor resources = new FakeResourceMonitor(k -> 100, 1, 0);
        FakeGpuProfiler gpu0 = new FakeGpuProfiler(0, 75, 4096, 65, 250);
        FakeGpuProfiler lost = FakeGpuProfiler.lost(1);
        FakeGpuProfiler gpu2 = new FakeGpuProfiler(2, 30, 1024, 50, 120);
        AdvancedMonitor monitor = track(AdvancedMonitor.builder().alertManager(manager).resourceMonitor(resources)
                .gpuProfilers(List.of(gpu0, lost, gpu2)).build());

        monitor.startMonitoring(Duration.ofMillis(2));
        Await.until("10 cycles", () -> resources.samples() >= 10);
        assertThat(monitor.isMonitoring()).isTrue();
        monitor.stopMonitoring();

        Map<String, MetricStats> history = monitor.getMonitoringSummary().metricHistory();
        assertThat(history.get("gpu_utilization").latest()).isEqualTo(75);
        assertThat(history.get("gpu_memory_mb").max()).isBetween(4096.0, 4097.0);
        assertThat(history.get("gpu_temperature_c").mean()).isEqualTo(65);
        assertThat(history.get("gpu_power_w").min()).isEqualTo(250);
        assertThat(history.get("gpu_graphics_clock_mhz").latest()).isEqualTo(1980);
        assertThat(history.get("gpu2_utilization").latest()).isEqualTo(30);
        assertThat(history.get("gpu2_memory_mb").samples()).isGreaterThanOrEqualTo(10);
        assertThat(history).doesNotContainKeys("gpu1_utilization", "gpu1_memory_mb");
        assertThat(lost.reads()).isGreaterThanOrEqualTo(10);
        assertThat(monitor.getGpuProfilers()).containsExactly(gpu0, lost, gpu2);
    }

    @Test
    void singleGpuThroughTheThreeArgumentConstructorIsNamedGpu() {
        FakeResourceMonitor resources = new FakeResourceMonitor(k -> 100, 1, 0);
        AdvancedMonitor monitor = track(new AdvancedMonitor(manager, new FakeGpuProfiler(0, 75, 4096, 65, 250), resources));
        monitor.startMonitoring(Duration.ofMillis(2));
        Await.until("gpu readings", () -> monitor.getMonitoringSummary().metricHistory().containsKey("gpu_utilization"));
        monitor.stopMonitoring();
        assertThat(monitor.getAlertManager()).isSameAs(manager);
        assertThat(monitor.getResourceMonitor()).containsSame(resources);
    }

    @Test
    void failingMetricSourceIsSkippedAndTheCycleGoesOn() {
        FakeResourceMonitor resources = new FakeResourceMonitor(k -> 100, 1, 3);
        AtomicInteger failures = new AtomicInteger();
        AdvancedMonitor monitor = track(AdvancedMonitor.builder().alertManager(manager).resourceMonitor(resources)
                .metricSource(() -> {
                    failures.incrementAndGet();
                    throw new IllegalStateException("database down");
                })
                .build());
        AtomicInteger depth = new AtomicInteger();
        monitor.addMetricSource(() -> Map.of("queue_depth", (double) depth.incrementAndGet(), "not_a_number", Double.NaN));
        monitor.setThreshold("queue_depth", 1_000_000);

        monitor.startMonitoring(Duration.ofMillis(2));
        Await.until("5 queue_depth readings", () -> monitor.getMetricHistory("queue_depth").size() >= 5);
        monitor.stopMonitoring();

        assertThat(failures.get()).isGreaterThanOrEqualTo(5);
        assertThat(monitor.getMonitoringSummary().metricHistory()).doesNotContainKey("not_a_number");
        assertThat(monitor.getMetricHistory("memory_rss_mb")).isNotEmpty(); // resource monitor fails every 3rd sample only
        assertThat(allAlerts()).isEmpty();
    }

    @Test
    void doubleStartRunsOneLoopOnOneNamedDaemonThread() throws Exception {
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        AtomicInteger cycles = new AtomicInteger();
        AdvancedMonitor monitor = track(AdvancedMonitor.builder().alertManager(manager)
                .resourceMonitor(FakeResourceMonitor.constant(1)).build());
        monitor.addMetricSource(() -> {
            threads.add(Thread.currentThread());
            cycles.incrementAndGet();
            return Map.of();
        });

        Concurrently.run(4, thread -> monitor.startMonitoring(Duration.ofMillis(2)));
        monitor.startMonitoring();
        Await.until("10 cycles", () -> cycles.get() >= 10);

        assertThat(threads).hasSize(1);
        Thread loop = threads.iterator().next();
        assertThat(loop.getName()).startsWith("calibrax-monitor-");
        assertThat(loop.isDaemon()).isTrue();
        long sameName = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(loop.getName())).count();
        assertThat(sameName).isEqualTo(1);

        monitor.stopMonitoring();
        assertThat(loop.isAlive()).isFalse();
        assertThat(monitor.isMonitoring()).isFalse();
        int after = cycles.get();
        monitor.stopMonitoring(); // idempotent
        assertThat(cycles.get()).isEqualTo(after);
    }

    @Test
    void stopMonitoringReturnsOnlyOnceTheLoopHasEnded() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicLong loopThreadId = new AtomicLong();
        AdvancedMonitor monitor = track(AdvancedMonitor.builder().alertManager(manager)
                .resourceMonitor(FakeResourceMonitor.constant(1)).build());
        monitor.addMetricSource(() -> {
            loopThreadId.set(Thread.currentThread().getId());
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Map.of("slow", 1.0);
        });
        monitor.startMonitoring(Duration.ofMillis(1));
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

        ExecutorService stopper = Executors.newSingleThreadExecutor();
        try {
            Future<?> stop = stopper.submit(monitor::stopMonitoring);
            assertThatThrownBy(() -> stop.get(200, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
            release.countDown();
            stop.get(10, TimeUnit.SECONDS);
        } finally {
            stopper.shutdownNow();
        }
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getId() == loopThreadId.get());
        assertThat(monitor.getMetricHistory("slow")).hasSize(1);
    }

    @Test
    void historyIsBoundedAndSummarised() {
        AdvancedMonitor monitor = track(AdvancedMonitor.builder().alertManager(manager)
                .resourceMonitor(FakeResourceMonitor.constant(1)).historySize(10).build());
        for (int i = 1; i <= 100; i++) {
            monitor.recordMetric("latency", i);
        }
        assertThat(monitor.getMetricHistory("latency")).containsExactly(91.0, 92.0, 93.0, 94.0, 95.0, 96.0, 97.0, 98.0, 99.0, 100.0);
        MetricStats stats = monitor.getMonitoringSummary().metricHistory().get("latency");
        assertThat(stats).isEqualTo(new MetricStats(100, 91, 100, 95.5, 10));
        assertThat(monitor.getHistorySize()).isEqualTo(10);
    }

    @Test
    void metricsBeyondMaxMetricsAreDroppedAndCounted() {
        AdvancedMonitor monitor = track(AdvancedMonitor.builder().alertManager(manager)
                .resourceMonitor(FakeResourceMonitor.constant(1)).maxMetrics(3).build());
        for (int i = 0; i < 5; i++) {
            monitor.recordMetric("metric_" + i, i);
        }
        assertThat(monitor.getMonitoringSummary().metricHistory()).containsOnlyKeys("metric_0", "metric_1", "metric_2");
        assertThat(monitor.getDroppedReadings()).isEqualTo(2);
    }

    @Test
    void badInputIsRefusedNamingTheArgumentAndNothingIsLost() {
        AdvancedMonitor monitor = quietMonitor();
        monitor.setThreshold("latency", 1.5);
        monitor.recordMetric("latency", 1.0);

        assertThatNullPointerException().isThrownBy(() -> monitor.setThreshold(null, 1.0)).withMessageContaining("metricName");
        assertThatIllegalArgumentException().isThrownBy(() -> monitor.setThreshold(" ", 1.0)).withMessageContaining("metricName");
        assertThatIllegalArgumentException().isThrownBy(() -> monitor.setThreshold("latency", Double.NaN)).withMessageContaining("threshold");
        assertThatIllegalArgumentException().isThrownBy(() -> monitor.setThreshold("latency", Double.POSITIVE_INFINITY)).withMessageContaining("threshold");
        assertThatNullPointerException().isThrownBy(() -> monitor.setThreshold("latency", (Threshold) null)).withMessageContaining("threshold");
        assertThatIllegalArgumentException().isThrownBy(() -> monitor.recordMetric("latency", Double.NaN)).withMessageContaining("value");
        assertThatIllegalArgumentException().isThrownBy(() -> monitor.recordMetric("", 1.0)).withMessageContaining("name");
        assertThatNullPointerException().isThrownBy(() -> monitor.recordMetric(null, 1.0)).withMessageContaining("name");
        assertThatIllegalArgumentException().isThrownBy(() -> monitor.startMonitoring(0.0)).withMessageContaining("interval");
        assertThatIllegalArgumentException().isThrownBy(() -> monitor.startMonitoring(-1.0)).withMessageContaining("interval");
        assertThatIllegalArgumentException().isThrownBy(() -> monitor.startMonitoring(Double.NaN)).withMessageContaining("interval");
        assertThatIllegalArgumentException().isThrownBy(() -> monitor.startMonitoring(Duration.ZERO)).withMessageContaining("interval");
        assertThatIllegalArgumentException().isThrownBy(() -> monitor.startMonitoring(Duration.ofSeconds(-5))).withMessageContaining("interval");
        assertThatNullPointerException().isThrownBy(() -> monitor.startMonitoring((Duration) null)).withMessageContaining("interval");
        assertThatNullPointerException().isThrownBy(() -> monitor.addMetricSource(null)).withMessageContaining("source");
        assertThatIllegalArgumentException().isThrownBy(() -> AdvancedMonitor.builder().historySize(0)).withMessageContaining("historySize");
        assertThatIllegalArgumentException().isThrownBy(() -> AdvancedMonitor.builder().repeatInterval(Duration.ofSeconds(-1))).withMessageContaining("repeatInterval");
        assertThatIllegalArgumentException().isThrownBy(() -> Threshold.above(1).withConsecutiveSamples(0)).withMessageContaining("samples");
        assertThatIllegalArgumentException().isThrownBy(() -> Threshold.above(80).withClearLevel(90)).withMessageContaining("clearLevel");
        assertThatIllegalArgumentException().isThrownBy(() -> Threshold.below(80).withClearLevel(70)).withMessageContaining("clearLevel");

        assertThat(monitor.isMonitoring()).isFalse();
        MonitoringSummary summary = monitor.getMonitoringSummary();
        assertThat(summary.thresholds()).containsExactlyEntriesOf(Map.of("latency", 1.5));
        assertThat(summary.metricHistory().get("latency")).isEqualTo(new MetricStats(1.0, 1.0, 1.0, 1.0, 1));
    }

    @Test
    void alertCountCountsOnlyThisMonitorsAlerts() {
        AdvancedMonitor first = quietMonitor();
        AdvancedMonitor second = quietMonitor();
        first.setThreshold("a", 1);
        second.setThreshold("b", 1);
        first.recordMetric("a", 5);
        second.recordMetric("b", 5);
        second.recordMetric("b", 0.5); // resolved
        assertThat(first.getMonitoringSummary().alertCount()).isEqualTo(1);
        assertThat(second.getMonitoringSummary().alertCount()).isEqualTo(2);
        assertThat(manager.getRecentAlerts(100)).hasSize(3);
    }

    @Test
    void constructorsTreatNullAsAbsentAndCloseOnlyWhatTheMonitorOwns() {
        AdvancedMonitor owning = new AdvancedMonitor(null, null, null);
        AlertManager own = owning.getAlertManager();
        assertThat(own).isNotNull().isNotSameAs(manager);
        assertThat(owning.getResourceMonitor()).isPresent();
        assertThat(owning.getGpuProfilers()).isEmpty();
        owning.close();
        assertThat(own.isClosed()).isTrue();
        assertThat(owning.isClosed()).isTrue();
        assertThatThrownBy(() -> owning.startMonitoring(1.0)).isInstanceOf(IllegalStateException.class);
        owning.close(); // idempotent

        try (AdvancedMonitor nullManager = new AdvancedMonitor(null);
             ProductionMonitor nullProduction = new ProductionMonitor(null)) {
            assertThat(nullManager.getAlertManager()).isNotNull();
            assertThat(nullProduction.getAlertManager()).isNotNull().isNotSameAs(nullManager.getAlertManager());
        }

        AdvancedMonitor borrowing = new AdvancedMonitor(manager);
        borrowing.startMonitoring(Duration.ofHours(1));
        assertThat(borrowing.isMonitoring()).isTrue();
        borrowing.close();
        assertThat(borrowing.isMonitoring()).isFalse();
        assertThat(manager.isClosed()).isFalse();

        try (AdvancedMonitor plain = new AdvancedMonitor()) {
            plain.setThreshold("latency", 1.5);
            assertThat(plain.getMonitoringSummary().thresholds()).containsEntry("latency", 1.5);
            assertThat(plain.getRepeatInterval()).isEqualTo(Duration.ofHours(4));
        }
    }

    @Test
    void builderTakesThresholdsSourcesAndGpus() {
        AdvancedMonitor monitor = track(AdvancedMonitor.builder()
                .alertManager(manager)
                .resourceMonitor(FakeResourceMonitor.constant(1))
                .threshold("latency", 1.5)
                .threshold("throughput", Threshold.below(500))
                .metricSource(() -> Map.of("throughput", 100.0))
                .gpuProfiler(new FakeGpuProfiler(0, 10, 10, 10, 10))
                .build());
        monitor.startMonitoring(Duration.ofMillis(2));
        Await.until("a throughput alert", () -> !alertsFor("throughput").isEmpty());
        monitor.stopMonitoring();
        assertThat(monitor.getThresholds()).containsOnlyKeys("latency", "throughput");
        assertThat(alertsFor("throughput").get(0).severity()).isEqualTo(AlertSeverity.CRITICAL);
        assertThat(monitor.removeThreshold("latency")).isTrue();
        assertThat(monitor.removeThreshold("latency")).isFalse();
    }

    @Test
    void concurrentRecordingKeepsEveryReadingOfAMetric() throws Exception {
        AdvancedMonitor monitor = track(AdvancedMonitor.builder().alertManager(manager)
                .resourceMonitor(FakeResourceMonitor.constant(1)).historySize(100_000).build());
        monitor.setThreshold("load", 0.5);
        Concurrently.run(4, thread -> {
            for (int i = 0; i < 10_000; i++) {
                monitor.recordMetric("load", 1.0);
            }
        });
        assertThat(monitor.getMonitoringSummary().metricHistory().get("load").samples()).isEqualTo(40_000);
        assertThat(alertsFor("load")).hasSize(1);
        assertThat(monitor.getMonitoringSummary().metricHistory().get("load").mean()).isCloseTo(1.0, within(1e-12));
    }
}
