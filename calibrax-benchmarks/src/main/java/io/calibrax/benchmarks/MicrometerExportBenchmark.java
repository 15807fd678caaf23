package io.calibrax.benchmarks;

import io.calibrax.api.AlertSeverity;
import io.calibrax.micrometer.CalibraxMeterBinder;
import io.calibrax.micrometer.PrometheusEndpoint;
import io.calibrax.monitoring.AlertManager;
import io.calibrax.monitoring.ProductionMonitor;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * Exporting Calibrax through calibrax-micrometer's {@link CalibraxMeterBinder}.
 *
 * <p>{@link #scrape} is one Prometheus scrape (the text {@code /metrics} answers) of a monitor with
 * 1,000 pipelines, 8 GPUs' readings, the process readings, alerts and 3 handlers: goal ≤ 5 ms. The
 * binder is bound to the {@link PrometheusMeterRegistry} itself, so the pipeline series (10 of the
 * ~8,100) come from its Prometheus collector, built from one health report per scrape, and the rest
 * from Micrometer meters. Its peers in the same run: {@link #scrapeThroughMeters}, the same binder
 * and monitor bound through a {@link CompositeMeterRegistry} around the Prometheus registry, so that
 * every series is a Micrometer meter (the path of every other registry, and of a Prometheus registry
 * before the collector); {@link #scrapeFloorSameSeries}, the same series as plain Micrometer meters
 * over constants; and {@link #healthReportAlone}, the health report of the same 1,000 pipelines,
 * the part of a scrape that reads the monitor. {@link #scrapeToBytes} is the same scrape as
 * {@link PrometheusEndpoint} answers it: written as bytes into a buffer sized after the last
 * answer, without the {@code String} that {@link PrometheusMeterRegistry#scrape()} returns.
 *
 * <p>{@link #recordWithBinderBound} against {@link #recordWithoutBinder}: recording a pipeline
 * execution (the workload of {@link RecordPipelineExecutionBenchmark#calibraxRecordPipelineExecution})
 * into a monitor whose binder is bound to a Prometheus registry, and into one that is not. The meters
 * read the monitor when scraped, so the two should cost the same.
 *
 * @since 0.1.0
 */
@BenchmarkMode(Mode.AverageTime)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MicrometerExportBenchmark {
    static final int PIPELINES = 1000;
    static final int GPUS = 8;
    static final String[] GPU_READINGS = {"utilization", "memory_mb", "memory_percent", "temperature_c", "power_w"};

    /**
     * A monitor with 1,000 pipelines and 8 GPUs' readings, its binder bound to a Prometheus registry
     * directly or through a composite.
     *
     * @since 0.1.0
     */
    @State(Scope.Benchmark)
    public static class Exported {
        AlertManager alerts;
        ProductionMonitor monitor;
        CalibraxMeterBinder binder;
        PrometheusMeterRegistry registry;
        int bodySize;

        void setUp(boolean throughComposite) {
            alerts = new AlertManager();
            for (String handler : new String[]{"slack", "email", "alertmanager"}) {
                alerts.addAlertHandler(alert -> { }, handler);
            }
            monitor = new ProductionMonitor(alerts);
            java.util.Random random = new java.util.Random(42);
            for (int p = 0; p < PIPELINES; p++) {
                for (int i = 0; i < 20; i++) {
                    monitor.recordPipelineExecution("pipeline-" + p, 0.05 + random.nextDouble() * 0.05, i != 7);
                }
            }
            for (int gpu = 0; gpu < GPUS; gpu++) {
                String prefix = gpu == 0 ? "gpu_" : "gpu" + gpu + "_";
                for (String reading : GPU_READINGS) {
                    monitor.recordMetric(prefix + reading, random.nextDouble() * 100);
                }
            }
            monitor.recordMetric("cpu_percent", 12.5);
            monitor.recordMetric("memory_rss_mb", 512);
            for (AlertSeverity severity : AlertSeverity.values()) {
                alerts.triggerAlert("benchmark alert", severity, "latency", 1, 0.5);
            }
            binder = new CalibraxMeterBinder(monitor);
            registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            if (throughComposite) {
                CompositeMeterRegistry composite = new CompositeMeterRegistry();
                composite.add(registry);
                binder.bindTo(composite);
            } else {
                binder.bindTo(registry);
            }
            boolean meters = registry.find("calibrax.pipeline.health").meters().size() == PIPELINES;
            if (meters != throughComposite) {
                throw new IllegalStateException("the pipelines should " + (throughComposite ? "" : "not ") + "be meters");
            }
            String scrape = registry.scrape();
            bodySize = scrape.length() + scrape.length() / 8;
            if (!scrape.contains("pipeline=\"pipeline-999\"") || !scrape.contains("calibrax_gpu_utilization{gpu=\"7\"}")) {
                throw new IllegalStateException("the scrape lacks the pipelines or GPUs it should have");
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            binder.close();
            registry.close();
            monitor.close();
            alerts.close();
        }
    }

    /**
     * The monitor of {@link #scrape}, its binder bound to the Prometheus registry.
     *
     * @since 0.1.0
     */
    public static class Scraped extends Exported {
        @Setup(Level.Trial)
        public void setUp() {
            setUp(false);
        }
    }

    /**
     * The same monitor, its binder bound through a composite registry: every series is a
     * Micrometer meter.
     *
     * @since 0.1.0
     */
    public static class Metered extends Exported {
        @Setup(Level.Trial)
        public void setUp() {
            setUp(true);
        }
    }

    /**
     * The peer: the same series (pipelines, GPU readings, alerts, handlers) as plain Micrometer
     * meters over constant values in a Prometheus registry, so that nothing reads a monitor. Its
     * scrape is what Micrometer and the Prometheus client cost for this many series.
     *
     * @since 0.1.0
     */
    @State(Scope.Benchmark)
    public static class Floor {
        PrometheusMeterRegistry registry;

        @Setup(Level.Trial)
        public void setUp() {
            registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            double[] value = {0.07};
            for (int p = 0; p < PIPELINES; p++) {
                String pipeline = "pipeline-" + p;
                for (String outcome : new String[]{"success", "failure"}) {
                    FunctionCounter.builder("calibrax.pipeline.executions", value, v -> 10)
                            .tags("pipeline", pipeline, "outcome", outcome).register(registry);
                }
                FunctionTimer.builder("calibrax.pipeline.duration", value, v -> 20, v -> 1.4, TimeUnit.SECONDS)
                        .tag("pipeline", pipeline).register(registry);
                Gauge.builder("calibrax.pipeline.duration.seconds.max", value, v -> v[0]).tag("pipeline", pipeline)
                        .register(registry);
                for (String quantile : new String[]{"0.5", "0.95", "0.99"}) {
                    Gauge.builder("calibrax.pipeline.duration.quantile", value, v -> v[0]).baseUnit("seconds")
                            .tags("pipeline", pipeline, "quantile", quantile).register(registry);
                }
                Gauge.builder("calibrax.pipeline.health", value, v -> 0).tag("pipeline", pipeline).register(registry);
            }
            for (int gpu = 0; gpu < GPUS; gpu++) {
                for (String reading : GPU_READINGS) {
                    Gauge.builder("calibrax.gpu_" + reading, value, v -> v[0]).tag("gpu", String.valueOf(gpu))
                            .register(registry);
                }
            }
            for (AlertSeverity severity : AlertSeverity.values()) {
                FunctionCounter.builder("calibrax.alerts", value, v -> 1).tag("severity", severity.value())
                        .register(registry);
            }
            for (String handler : new String[]{"slack", "email", "alertmanager"}) {
                for (String result : new String[]{"delivered", "failed", "dropped", "suppressed"}) {
                    FunctionCounter.builder("calibrax.handler.alerts", value, v -> 1)
                            .tags("handler", handler, "result", result).register(registry);
                }
                Gauge.builder("calibrax.handler.queued", value, v -> 0).tag("handler", handler).register(registry);
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            registry.close();
        }
    }

    /**
     * The recording workload, with or without a binder bound.
     *
     * @since 0.1.0
     */
    @State(Scope.Benchmark)
    public static class Recorded {
        ProductionMonitor monitor;
        CalibraxMeterBinder binder;
        PrometheusMeterRegistry registry;

        void setUp(boolean bound) {
            monitor = new ProductionMonitor(new AlertManager());
            for (String name : RecordPipelineExecutionBenchmark.NAMES) {
                monitor.setPerformanceBaseline(name, 0.100);
                monitor.recordPipelineExecution(name, 0.05, true);
            }
            if (bound) {
                binder = new CalibraxMeterBinder(monitor);
                binder.bindTo(registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            if (binder != null) {
                binder.close();
                registry.close();
            }
            monitor.close();
            monitor.getAlertManager().close();
        }
    }

    /**
     * The monitor of {@link #recordWithBinderBound}.
     *
     * @since 0.1.0
     */
    public static class Bound extends Recorded {
        @Setup(Level.Trial)
        public void setUp() {
            setUp(true);
        }
    }

    /**
     * The monitor of {@link #recordWithoutBinder}.
     *
     * @since 0.1.0
     */
    public static class Unbound extends Recorded {
        @Setup(Level.Trial)
        public void setUp() {
            setUp(false);
        }
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public String scrape(Scraped state) {
        return state.registry.scrape();
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public ByteArrayOutputStream scrapeToBytes(Scraped state) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream(state.bodySize);
        state.registry.scrape(body);
        return body;
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public String scrapeThroughMeters(Metered state) {
        return state.registry.scrape();
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public String scrapeFloorSameSeries(Floor state) {
        return state.registry.scrape();
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public Object healthReportAlone(Scraped state) {
        return state.monitor.getPipelineHealthReport();
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public void recordWithBinderBound(Bound state, RecordPipelineExecutionBenchmark.Cursor cursor) {
        record(state, cursor);
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public void recordWithoutBinder(Unbound state, RecordPipelineExecutionBenchmark.Cursor cursor) {
        record(state, cursor);
    }

    private static void record(Recorded state, RecordPipelineExecutionBenchmark.Cursor cursor) {
        int i = cursor.next();
        state.monitor.recordPipelineExecution(RecordPipelineExecutionBenchmark.NAMES[i % RecordPipelineExecutionBenchmark.PIPELINES],
                RecordPipelineExecutionBenchmark.TIMES[i & 1023], RecordPipelineExecutionBenchmark.succeeds(i));
    }
}
