package io.calibrax.micrometer;

import io.calibrax.api.AlertSeverity;
import io.calibrax.monitoring.AdvancedMonitor;
import io.calibrax.monitoring.AlertManager;
import io.calibrax.monitoring.ProductionMonitor;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class CalibraxMeterBinderTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private AlertManager alerts;
    private ProductionMonitor monitor;
    private CalibraxMeterBinder binder;
    private PrometheusMeterRegistry registry;

    @BeforeEach
    void setUp() {
        alerts = new AlertManager();
        monitor = new ProductionMonitor(alerts, null, null);
        binder = new CalibraxMeterBinder(monitor);
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    }

    @AfterEach
    void tearDown() {
        binder.close();
        monitor.close();
        alerts.close();
        registry.close();
    }

    @Test
    void prometheusOutputHasPipelinesThresholdMetricGpusAlertsAndHandlers() {
        alerts.addAlertHandler(alert -> { }, "memory");
        alerts.addAlertHandler(alert -> {
            throw new IllegalStateException("down");
        }, "broken");
        monitor.recordPipelineExecution("etl", 0.5, true);
        monitor.recordPipelineExecution("etl", 1.5, false);
        monitor.recordPipelineExecution("train", 2.0, true);
        monitor.setThreshold("latency", 100);
        monitor.recordMetric("latency", 250); // 2.5x the threshold: one CRITICAL alert
        monitor.recordMetric("gpu_utilization", 50);
        monitor.recordMetric("gpu1_utilization", 70);
        monitor.recordMetric("gpu1_temperature_c", 65);
        alerts.triggerAlert("disk filling", AlertSeverity.WARNING, "disk", 91, 90);
        assertThat(alerts.flush(WAIT)).isTrue();

        binder.bindTo(registry);
        String scrape = registry.scrape();

        assertThat(scrape.lines()).contains(
                "calibrax_pipeline_executions_total{outcome=\"success\",pipeline=\"etl\"} 1.0",
                "calibrax_pipeline_executions_total{outcome=\"failure\",pipeline=\"etl\"} 1.0",
                "calibrax_pipeline_executions_total{outcome=\"success\",pipeline=\"train\"} 1.0",
                "calibrax_pipeline_duration_seconds_count{pipeline=\"etl\"} 2",
                "calibrax_pipeline_duration_seconds_sum{pipeline=\"etl\"} 2.0",
                "calibrax_pipeline_duration_seconds_max{pipeline=\"etl\"} 1.5",
                "calibrax_pipeline_health{pipeline=\"etl\"} 1.0", // half failed: degraded
                "calibrax_pipeline_health{pipeline=\"train\"} 0.0",
                "calibrax_latency 250.0",
                "calibrax_gpu_utilization{gpu=\"0\"} 50.0",
                "calibrax_gpu_utilization{gpu=\"1\"} 70.0",
                "calibrax_gpu_temperature_c{gpu=\"1\"} 65.0",
                "calibrax_alerts_total{severity=\"critical\"} 1.0",
                "calibrax_alerts_total{severity=\"warning\"} 1.0",
                "calibrax_alerts_total{severity=\"error\"} 0.0",
                "calibrax_alerts_total{severity=\"info\"} 0.0",
                "calibrax_handler_alerts_total{handler=\"memory\",result=\"delivered\"} 2.0",
                "calibrax_handler_alerts_total{handler=\"broken\",result=\"failed\"} 2.0",
                "calibrax_handler_alerts_total{handler=\"broken\",result=\"delivered\"} 0.0",
                "calibrax_handler_alerts_total{handler=\"broken\",result=\"dropped\"} 0.0",
                "calibrax_handler_alerts_total{handler=\"broken\",result=\"suppressed\"} 0.0",
                "calibrax_handler_queued{handler=\"memory\"} 0.0");
        assertThat(scrape).containsPattern(
                "calibrax_pipeline_duration_quantile_seconds\\{pipeline=\"train\",quantile=\"0.5\"} (1\\.9\\d*|2\\.0\\d*)");
        for (String quantile : List.of("0.5", "0.95", "0.99")) {
            assertThat(scrape).contains("calibrax_pipeline_duration_quantile_seconds{pipeline=\"etl\",quantile=\""
                    + quantile + "\"}");
        }
        // the only tags are the capped names
        assertThat(registry.getMeters()).allSatisfy(meter -> assertThat(meter.getId().getTags())
                .allSatisfy(tag -> assertThat(tag.getKey())
                        .isIn("pipeline", "outcome", "quantile", "gpu", "severity", "handler", "result")));
    }

    @Test
    void valuesAreReadWhenScrapedNotWhenBound() {
        monitor.recordPipelineExecution("etl", 1.0, true);
        binder.bindTo(registry);
        assertThat(registry.scrape()).contains("calibrax_pipeline_duration_seconds_count{pipeline=\"etl\"} 1");

        // a scrape right after the last one still sees what was recorded in between
        for (int i = 2; i <= 5; i++) {
            monitor.recordPipelineExecution("etl", 1.0, false);
            assertThat(registry.scrape()).contains("calibrax_pipeline_duration_seconds_count{pipeline=\"etl\"} " + i)
                    .contains("calibrax_pipeline_executions_total{outcome=\"failure\",pipeline=\"etl\"} " + (i - 1) + ".0");
        }
        assertThat(registry.scrape()).contains("calibrax_pipeline_health{pipeline=\"etl\"} 2.0");
    }

    @Test
    void pipelinesMetricsAndHandlersAppearingAfterBindGetMetersWithoutTheMonitoringLoop() {
        binder.bindTo(registry);
        assertThat(monitor.isMonitoring()).isFalse();
        assertThat(registry.scrape()).doesNotContain("pipeline=\"late\"");

        long start = System.nanoTime();
        monitor.recordPipelineExecution("late", 0.25, true);
        monitor.recordMetric("queue_depth", 12);
        alerts.addAlertHandler(alert -> { }, "pager");
        await("meters of the late pipeline, metric and handler").atMost(WAIT).until(registry::scrape,
                scrape -> scrape.contains("calibrax_pipeline_executions_total{outcome=\"success\",pipeline=\"late\"} 1.0")
                        && scrape.contains("calibrax_queue_depth 12.0")
                        && scrape.contains("calibrax_handler_queued{handler=\"pager\"} 0.0"));
        // the discovery thread looks every half second; allow for a loaded machine
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void anAdvancedMonitorExportsItsMetricsAndAlertsWithoutPipelineMeters() {
        try (AdvancedMonitor plain = new AdvancedMonitor(alerts, null, null);
             CalibraxMeterBinder plainBinder = new CalibraxMeterBinder(plain)) {
            plain.recordMetric("throughput", 42);
            SimpleMeterRegistry simple = new SimpleMeterRegistry();
            plainBinder.bindTo(simple);
            assertThat(simple.get("calibrax.throughput").gauge().value()).isEqualTo(42.0);
            assertThat(simple.find("calibrax.pipeline.executions").meters()).isEmpty();
            assertThat(simple.get("calibrax.alerts").tag("severity", "info").functionCounter().count()).isZero();
        }
    }

    @Test
    void oneBinderServesSeveralRegistries() {
        SimpleMeterRegistry other = new SimpleMeterRegistry();
        binder.bindTo(registry);
        binder.bindTo(other);
        monitor.recordPipelineExecution("etl", 3.0, true);
        await("the pipeline in both registries").atMost(WAIT).until(
                () -> other.find("calibrax.pipeline.duration").tag("pipeline", "etl").functionTimer(),
                timer -> timer != null && timer.count() == 1);
        assertThat(registry.scrape()).contains("calibrax_pipeline_duration_seconds_sum{pipeline=\"etl\"} 3.0");
    }

    @Test
    void closeStopsTheDiscoveryThreadAndRefusesNewRegistries() {
        binder.bindTo(registry);
        assertThat(discoveryThreads()).isNotEmpty();
        binder.close();
        binder.close();
        await("the discovery thread to end").atMost(WAIT).until(CalibraxMeterBinderTest::discoveryThreads, List::isEmpty);
        assertThatThrownBy(() -> binder.bindTo(new SimpleMeterRegistry()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        // the meters already registered keep reading
        monitor.recordPipelineExecution("after", 1, true);
        assertThat(registry.scrape()).doesNotContain("pipeline=\"after\"");
    }

    @Test
    void scrapesWhileManyThreadsRecordSeeMonotonicCountsAndTheExactTotalAtTheEnd() throws Exception {
        int threads = 4;
        int perThread = 20_000;
        monitor.recordPipelineExecution("hot", 0.01, true);
        PrometheusMeterRegistry second = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        List<PrometheusMeterRegistry> scraped = List.of(registry, second);
        scraped.forEach(binder::bindTo);
        CountDownLatch start = new CountDownLatch(1);
        AtomicBoolean recording = new AtomicBoolean(true);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> recorders = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            String pipeline = t % 2 == 0 ? "hot" : "pipeline-" + t;
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        monitor.recordPipelineExecution(pipeline, 0.01, i % 10 != 0);
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "recorder-" + t);
            thread.start();
            recorders.add(thread);
        }
        List<Thread> scrapers = new ArrayList<>();
        for (PrometheusMeterRegistry target : scraped) {
            Thread scraper = new Thread(() -> {
                try {
                    start.await();
                    double last = 0;
                    while (recording.get()) {
                        double count = counter(target.scrape(), "calibrax_pipeline_duration_seconds_count{pipeline=\"hot\"}");
                        assertThat(count).isGreaterThanOrEqualTo(last);
                        last = count;
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "scraper-" + scrapers.size());
            scraper.start();
            scrapers.add(scraper);
        }
        start.countDown();
        for (Thread thread : recorders) {
            thread.join();
        }
        recording.set(false);
        for (Thread thread : scrapers) {
            thread.join();
        }
        assertThat(failure.get()).isNull();
        binder.discover(); // the pipelines that appeared meanwhile, without waiting for the discovery thread
        // a scrape may serve a snapshot up to ScrapeSnapshot.MAX_AGE old, so the exact total shows within it
        for (PrometheusMeterRegistry target : scraped) {
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                String scrape = target.scrape();
                assertThat(counter(scrape, "calibrax_pipeline_duration_seconds_count{pipeline=\"hot\"}"))
                        .isEqualTo(1 + 2.0 * perThread);
                assertThat(counter(scrape, "calibrax_pipeline_executions_total{outcome=\"failure\",pipeline=\"pipeline-1\"}"))
                        .isEqualTo(perThread / 10.0);
            });
        }
        second.close();
    }

    private static double counter(String scrape, String series) {
        return scrape.lines().filter(line -> line.startsWith(series + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(series.length() + 1)))
                .findFirst().orElse(0);
    }

    private static List<Thread> discoveryThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().equals("calibrax-micrometer-binder") && thread.isAlive())
                .toList();
    }
}
