package io.calibrax.micrometer;

import io.calibrax.api.AlertSeverity;
import io.calibrax.monitoring.AlertManager;
import io.calibrax.monitoring.ProductionMonitor;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pipeline series of a binder bound to a Prometheus registry come from {@link PipelineCollector};
 * these pin that a scrape reads exactly as it does through the binder's Micrometer meters.
 */
class PipelineCollectorTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String OPEN_METRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    private AlertManager alerts;
    private ProductionMonitor monitor;
    private CalibraxMeterBinder binder;
    private PrometheusMeterRegistry collected;
    private PrometheusMeterRegistry metered;
    private CompositeMeterRegistry composite;

    @BeforeEach
    void setUp() {
        alerts = new AlertManager();
        monitor = new ProductionMonitor(alerts, null, null);
        binder = new CalibraxMeterBinder(monitor);
        collected = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        // bound through a composite, the binder cannot see the Prometheus registry: it registers meters
        metered = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        composite = new CompositeMeterRegistry();
        composite.add(metered);
    }

    @AfterEach
    void tearDown() {
        binder.close();
        monitor.close();
        alerts.close();
        composite.close();
        metered.close();
        collected.close();
    }

    @Test
    void aScrapeReadsTheSameAsThroughMicrometerMetersInBothTextFormats() {
        alerts.addAlertHandler(alert -> { }, "memory");
        monitor.setPerformanceBaseline("train", 1.0);
        for (int i = 0; i < 30; i++) {
            monitor.recordPipelineExecution("etl", 0.01 * (i + 1), i % 4 != 0); // a quarter failed: degraded
            monitor.recordPipelineExecution("train", 2.0 + i, true);           // over its baseline: degraded
            monitor.recordPipelineExecution("broken", 0.5, i % 4 == 0);         // three quarters failed: critical
        }
        monitor.recordPipelineExecution("needs \"escaping\" \\ and\nnewline", 0.125, true);
        monitor.recordPipelineExecution("ä-unicode.name", 1e-7, false);
        monitor.recordPipelineExecution("Z-sorts-first", 12345.678, true);
        monitor.setThreshold("latency", 100);
        monitor.recordMetric("latency", 250);
        monitor.recordMetric("gpu_utilization", 50);
        monitor.recordMetric("gpu1_utilization", 70);
        alerts.triggerAlert("disk filling", AlertSeverity.WARNING, "disk", 91, 90);
        assertThat(alerts.flush(WAIT)).isTrue();

        binder.bindTo(collected);
        binder.bindTo(composite);

        // both paths are taken: meters in one registry, none in the other
        assertThat(metered.find("calibrax.pipeline.executions").meters()).hasSize(12);
        assertThat(metered.find("calibrax.pipeline.health").meters()).hasSize(6);
        assertThat(collected.find("calibrax.pipeline.executions").meters()).isEmpty();
        assertThat(collected.find("calibrax.pipeline.health").meters()).isEmpty();
        assertSameScrapes();
        assertThat(collected.scrape()).contains("calibrax_pipeline_health{pipeline=\"broken\"} 2.0",
                "calibrax_pipeline_health{pipeline=\"train\"} 1.0",
                "calibrax_pipeline_duration_seconds_count{pipeline=\"etl\"} 30",
                "calibrax_pipeline_executions_total{outcome=\"failure\",pipeline=\"needs \\\"escaping\\\" \\\\ and\\nnewline\"} 0.0",
                "calibrax_pipeline_duration_seconds_max{pipeline=\"Z-sorts-first\"} 12345.678");

        // what is recorded later, and a pipeline discovered later, read the same way
        monitor.recordPipelineExecution("etl", 7.0, false);
        monitor.recordPipelineExecution("late", 0.3, true);
        binder.discover();
        assertSameScrapes();
        assertThat(collected.scrape()).contains("calibrax_pipeline_health{pipeline=\"late\"} 0.0");
    }

    @Test
    void commonTagsOfTheRegistryLabelThePipelineSeriesAsTheyLabelMeters() {
        collected.config().commonTags("application", "shop", "zone", "eu-1");
        metered.config().commonTags("application", "shop", "zone", "eu-1");
        monitor.recordPipelineExecution("etl", 0.5, true);
        monitor.recordPipelineExecution("etl", 1.5, false);
        monitor.recordPipelineExecution("train", 2.0, true);

        binder.bindTo(collected);
        binder.bindTo(composite);

        assertThat(collected.find("calibrax.pipeline.health").meters()).isEmpty();
        assertSameScrapes();
        assertThat(collected.scrape()).contains(
                "calibrax_pipeline_executions_total{application=\"shop\",outcome=\"failure\",pipeline=\"etl\",zone=\"eu-1\"} 1.0");
    }

    @Test
    void aRegistryWhoseFiltersDoMoreThanAddTagsOrWithoutDescriptionsGetsPipelineMeters() {
        monitor.recordPipelineExecution("etl", 0.5, true);
        PrometheusMeterRegistry renaming = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        renaming.config().meterFilter(MeterFilter.renameTag("calibrax", "severity", "level"));
        PrometheusMeterRegistry quiet = new PrometheusMeterRegistry(new PrometheusConfig() {
            @Override
            public String get(String key) {
                return null;
            }

            @Override
            public boolean descriptions() {
                return false;
            }
        });
        try {
            binder.bindTo(renaming);
            binder.bindTo(quiet);

            assertThat(renaming.find("calibrax.pipeline.health").meters()).hasSize(1);
            assertThat(renaming.scrape()).contains("calibrax_alerts_total{level=\"info\"} 0.0",
                    "calibrax_pipeline_health{pipeline=\"etl\"} 0.0");
            assertThat(quiet.find("calibrax.pipeline.health").meters()).hasSize(1);
            assertThat(quiet.scrape()).contains("calibrax_pipeline_health{pipeline=\"etl\"} 0.0")
                    .doesNotContain("Pipeline health: 0 healthy");
        } finally {
            renaming.close();
            quiet.close();
        }
    }

    private void assertSameScrapes() {
        assertThat(collected.scrape()).isEqualTo(metered.scrape());
        assertThat(collected.scrape(OPEN_METRICS)).isEqualTo(metered.scrape(OPEN_METRICS));
        Set<String> included = Set.of("calibrax_pipeline_health", "calibrax_pipeline_executions_total",
                "calibrax_alerts_total");
        String filtered = collected.scrape(OPEN_METRICS, included);
        assertThat(filtered).isEqualTo(metered.scrape(OPEN_METRICS, included))
                .contains("calibrax_pipeline_health{").doesNotContain("calibrax_pipeline_duration");
    }

    @Test
    void labelsAreBuiltOnceAndReusedByEveryScrape() {
        monitor.recordPipelineExecution("etl", 1.0, true);
        monitor.recordPipelineExecution("train", 1.0, false);
        PipelineCollector collector = new PipelineCollector(monitor, Labels.EMPTY);
        collector.add(List.of("train", "etl", "train"));

        MetricSnapshots first = collector.collect();
        monitor.recordPipelineExecution("etl", 3.0, true);
        MetricSnapshots second = collector.collect();

        assertThat(first.size()).isEqualTo(5);
        for (int family = 0; family < first.size(); family++) {
            List<? extends DataPointSnapshot> before = first.get(family).getDataPoints();
            List<? extends DataPointSnapshot> after = second.get(family).getDataPoints();
            assertThat(after).hasSameSizeAs(before).isNotEmpty();
            for (int i = 0; i < before.size(); i++) {
                assertThat((Object) after.get(i).getLabels()).isSameAs(before.get(i).getLabels());
            }
        }
        MetricSnapshot executions = second.stream()
                .filter(family -> family.getMetadata().getName().equals("calibrax_pipeline_executions"))
                .findFirst().orElseThrow();
        assertThat(executions.getDataPoints()).extracting(point -> point.getLabels().get("outcome") + " "
                + point.getLabels().get("pipeline")).containsExactly("failure etl", "failure train", "success etl",
                "success train");
    }

    @Test
    void aSecondBinderOnTheSamePrometheusRegistryIsRefusedItsPipelinesAndScrapesStillWork() {
        try (AlertManager otherAlerts = new AlertManager();
             ProductionMonitor other = new ProductionMonitor(otherAlerts, null, null);
             CalibraxMeterBinder otherBinder = new CalibraxMeterBinder(other)) {
            monitor.recordPipelineExecution("etl", 1.0, true);
            other.recordPipelineExecution("etl", 5.0, true);
            other.recordPipelineExecution("other", 5.0, true);
            binder.bindTo(collected);
            otherBinder.bindTo(collected);

            String scrape = collected.scrape();
            assertThat(scrape).contains("calibrax_pipeline_duration_seconds_sum{pipeline=\"etl\"} 1.0")
                    .doesNotContain("pipeline=\"other\"");
            assertThat(scrape.lines().filter(line -> line.startsWith("calibrax_pipeline_health{"))).hasSize(1);
        }
    }

    @Test
    void pipelinesAddedWhileManyThreadsScrapeAppearInOrderAndStay() throws Exception {
        int adders = 4;
        int perAdder = 100;
        binder.bindTo(collected);
        CountDownLatch start = new CountDownLatch(1);
        AtomicBoolean adding = new AtomicBoolean(true);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < adders; t++) {
            int adder = t;
            threads.add(new Thread(() -> {
                try {
                    start.await();
                    for (int i = 0; i < perAdder; i++) {
                        monitor.recordPipelineExecution("p-" + adder + "-" + i, 0.01, true);
                        if (i % 10 == 9) {
                            binder.discover();
                        }
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "adder-" + t));
        }
        List<Thread> scrapers = new ArrayList<>();
        for (int s = 0; s < 2; s++) {
            scrapers.add(new Thread(() -> {
                try {
                    start.await();
                    List<String> last = List.of();
                    while (adding.get()) {
                        List<String> names = healthPipelines(collected.scrape());
                        assertThat(names).isSorted().doesNotHaveDuplicates().containsAll(last);
                        last = names;
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "scraper-" + s));
        }
        threads.forEach(Thread::start);
        scrapers.forEach(Thread::start);
        start.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        adding.set(false);
        for (Thread thread : scrapers) {
            thread.join();
        }
        assertThat(failure.get()).isNull();
        binder.discover();
        assertThat(healthPipelines(collected.scrape())).hasSize(adders * perAdder);
    }

    private static List<String> healthPipelines(String scrape) {
        String prefix = "calibrax_pipeline_health{pipeline=\"";
        return scrape.lines().filter(line -> line.startsWith(prefix))
                .map(line -> line.substring(prefix.length(), line.indexOf('"', prefix.length()))).toList();
    }
}
