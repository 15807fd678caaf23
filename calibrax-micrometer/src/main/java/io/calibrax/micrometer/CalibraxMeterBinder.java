package io.calibrax.micrometer;

import io.calibrax.api.AlertSeverity;
import io.calibrax.api.MetricStats;
import io.calibrax.api.MonitoringSummary;
import io.calibrax.monitoring.AdvancedMonitor;
import io.calibrax.monitoring.AlertManager;
import io.calibrax.monitoring.HandlerStats;
import io.calibrax.monitoring.PipelineHealthReport;
import io.calibrax.monitoring.PipelineStats;
import io.calibrax.monitoring.ProductionMonitor;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.snapshots.Labels;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * Every Calibrax reading as a Micrometer meter, so that Prometheus, OTLP, Datadog and every other
 * registry Micrometer supports get what Calibrax knows. In Prometheus' names:
 * <ul>
 *   <li>{@code calibrax_pipeline_executions_total{pipeline, outcome="success"|"failure"}},
 *       {@code calibrax_pipeline_duration_seconds_count/_sum/_max{pipeline}} (lifetime figures),
 *       {@code calibrax_pipeline_duration_quantile_seconds{pipeline, quantile="0.5"|"0.95"|"0.99"}}
 *       (over the recent executions), {@code calibrax_pipeline_health{pipeline}} (0 healthy,
 *       1 degraded, 2 critical), for a {@link ProductionMonitor};</li>
 *   <li>each monitored metric {@code m} as the gauge {@code calibrax_<m>} (its latest reading),
 *       GPU readings as {@code calibrax_gpu_<reading>{gpu}};</li>
 *   <li>{@code calibrax_alerts_total{severity}},
 *       {@code calibrax_handler_alerts_total{handler, result="delivered"|"failed"|"dropped"|"suppressed"}}
 *       and {@code calibrax_handler_queued{handler}}, from the monitor's alert manager.</li>
 * </ul>
 * The only tags are the pipeline, handler and GPU names, which the monitor caps.
 *
 * <p>Meters are read when the registry asks (function counters, function timers and gauges):
 * recording a pipeline execution or a reading pays nothing for export. One scrape takes one
 * health report and one monitoring summary, shared by its meters (see {@link ScrapeSnapshot}).
 * A pipeline, metric or handler that first appears after {@link #bindTo} gets its meters within
 * a second, whether or not the monitoring loop runs: a daemon thread
 * ({@code calibrax-micrometer-binder}) looks for new names every half second until {@link #close()}.
 *
 * <p>Bound to a {@link PrometheusMeterRegistry} itself (not through a composite), the binder
 * exports the pipeline series, ten per pipeline, not as Micrometer meters but as one Prometheus
 * collector registered on its {@link PrometheusMeterRegistry#getPrometheusRegistry() Prometheus
 * registry} ({@link PipelineCollector}): each scrape builds them from one health report, with
 * labels built once per pipeline, for a scrape of a thousand pipelines several times cheaper
 * than through ten thousand meters. The text scraped is the same either way: same names, labels
 * (the registry's common tags included), help texts and values. Where the registry's meter
 * filters or naming convention do more to the binder's meters than add common tags, or its
 * descriptions are off, the pipelines are meters there too, so that the filters apply to them.
 * A second binder of a pipeline monitor bound to the same Prometheus registry exports no
 * pipelines (warned about): the registry takes one exporter of a family name. Every other
 * registry gets meters only.
 *
 * <p>The meters read through this binder: keep it (or its registry's owner) for as long as they
 * are scraped. Thread-safe; may be bound to several registries.
 *
 * @since 0.1.0
 */
public final class CalibraxMeterBinder implements MeterBinder, AutoCloseable {
    /** How often the binder looks for pipelines, metrics and handlers that have no meters yet. */
    static final Duration DISCOVERY_INTERVAL = Duration.ofMillis(500);
    private static final Logger log = LoggerFactory.getLogger(CalibraxMeterBinder.class);
    /** Whether the Prometheus client on the class path can take the pipeline collector (looked up once). */
    private static final boolean CLIENT_CAN_COLLECT = clientCanCollect(CalibraxMeterBinder.class.getClassLoader());
    private static final AtomicBoolean OLD_CLIENT_NOTED = new AtomicBoolean();
    private static final String[] QUANTILES = {"0.5", "0.95", "0.99"};

    private final AdvancedMonitor monitor;
    private final ProductionMonitor pipelines;
    private final AlertManager alertManager;
    private final AtomicInteger readers = new AtomicInteger();
    // all guarded by this
    private final List<Snapshots> registries = new ArrayList<>();
    private final Set<String> pipelineNames = new HashSet<>();
    private final Set<String> metricNames = new HashSet<>();
    private final Set<String> handlerNames = new HashSet<>();
    private ScheduledExecutorService discovery;
    private boolean closed;

    /**
     * Exports {@code monitor}'s readings, its alert manager's counts and, when it is a
     * {@link ProductionMonitor}, its pipelines.
     *
     * @throws NullPointerException if monitor is null
     */
    public CalibraxMeterBinder(AdvancedMonitor monitor) {
        this.monitor = Objects.requireNonNull(monitor, "monitor");
        this.pipelines = monitor instanceof ProductionMonitor production ? production : null;
        this.alertManager = monitor.getAlertManager();
    }

    /**
     * The snapshots that the meters of one registry share; the meters hold it weakly, the binder
     * strongly.
     */
    private record Snapshots(MeterRegistry registry, ScrapeSnapshot<PipelineHealthReport> reports,
                             ScrapeSnapshot<MonitoringSummary> summaries, @Nullable PipelineCollector collector) {
    }

    /**
     * Registers the meters of every pipeline, metric and handler there is now and, from then on,
     * of each that appears.
     *
     * @throws NullPointerException  if registry is null
     * @throws IllegalStateException if this binder is closed
     */
    @Override
    public void bindTo(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("CalibraxMeterBinder is closed; cannot bind it to " + registry);
            }
            for (AlertSeverity severity : AlertSeverity.values()) {
                FunctionCounter.builder("calibrax.alerts", alertManager, manager -> manager.totalTriggered(severity))
                        .description(PipelineCollector.ALERTS_HELP)
                        .tag("severity", severity.value()).register(registry);
            }
            // after the alerts counter: the collector copies what the registry made of it
            PipelineCollector collector = pipelines != null && registry instanceof PrometheusMeterRegistry prometheus
                    && collectorSupported(prometheus) ? registerCollector(prometheus) : null;
            Snapshots snapshots = new Snapshots(registry,
                    pipelines == null || collector != null ? null : new ScrapeSnapshot<>(pipelines::getPipelineHealthReport),
                    new ScrapeSnapshot<>(monitor::getMonitoringSummary), collector);
            registries.add(snapshots);
            registerPipelines(snapshots, pipelineNames);
            metricNames.forEach(name -> registerMetric(snapshots, name));
            handlerNames.forEach(name -> registerHandler(registry, name));
            if (discovery == null) {
                discovery = Executors.newSingleThreadScheduledExecutor(task -> {
                    Thread thread = new Thread(task, "calibrax-micrometer-binder");
                    thread.setDaemon(true);
                    return thread;
                });
                long period = DISCOVERY_INTERVAL.toMillis();
                discovery.scheduleWithFixedDelay(this::discoverQuietly, period, period, TimeUnit.MILLISECONDS);
            }
        }
        discover();
    }

    /** Registers meters for the pipelines, metrics and handlers that have none yet (every half second). */
    void discover() {
        List<String> newPipelines = new ArrayList<>();
        if (pipelines != null) {
            newPipelines.addAll(pipelines.getPipelineHealthReport().pipelines().keySet());
        }
        List<String> newMetrics = new ArrayList<>(monitor.getMonitoringSummary().metricHistory().keySet());
        List<String> newHandlers = new ArrayList<>();
        alertManager.handlerStats().forEach(stats -> newHandlers.add(stats.name()));
        synchronized (this) {
            if (closed) {
                return;
            }
            newPipelines.removeIf(name -> !pipelineNames.add(name));
            newMetrics.removeIf(name -> !metricNames.add(name));
            newHandlers.removeIf(name -> !handlerNames.add(name));
            for (Snapshots snapshots : registries) {
                registerPipelines(snapshots, newPipelines);
                newMetrics.forEach(name -> registerMetric(snapshots, name));
                newHandlers.forEach(name -> registerHandler(snapshots.registry(), name));
            }
        }
    }

    private void discoverQuietly() {
        try {
            discover();
        } catch (RuntimeException e) {
            log.warn("Looking for new pipelines, metrics and handlers to export failed; trying again in {} ms",
                    DISCOVERY_INTERVAL.toMillis(), e);
        }
    }

    /** The pipelines' series: in the registry's collector when it has one, else as meters. */
    private void registerPipelines(Snapshots snapshots, Collection<String> names) {
        if (snapshots.collector() != null) {
            snapshots.collector().add(names);
        } else {
            names.forEach(name -> registerPipeline(snapshots, name));
        }
    }

    /**
     * Whether the Prometheus client on the class path can take the pipeline collector: 1.7 or
     * later, where {@code MetricFamilyDescriptor} and {@code MetricType} exist. Spring Boot 4.0's dependency management
     * brings 1.4; there the pipelines stay meters (a slower scrape), said once at INFO.
     */
    private static boolean collectorSupported(PrometheusMeterRegistry registry) {
        if (CLIENT_CAN_COLLECT) {
            return true;
        }
        if (OLD_CLIENT_NOTED.compareAndSet(false, true)) {
            log.info("The Prometheus client on the class path is older than 1.7 (Spring Boot 4.0 manages 1.4): "
                    + "Calibrax exports its pipelines to {} as Micrometer meters, which scrape slower; "
                    + "io.prometheus:prometheus-metrics-bom 1.7.0 or later makes them one collector", registry);
        }
        return false;
    }

    /** Whether {@code loader} sees the Prometheus client types the pipeline collector needs. */
    static boolean clientCanCollect(ClassLoader loader) {
        try {
            Class.forName("io.prometheus.metrics.model.snapshots.MetricFamilyDescriptor", false, loader);
            Class.forName("io.prometheus.metrics.model.registry.MetricType", false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /**
     * The collector of the pipeline series, registered on the registry's Prometheus registry, or
     * null where only meters read as they should (see {@link PipelineCollector#commonLabels}). One
     * that the registry refuses (its names exported already) exports nothing, warned about.
     */
    private @Nullable PipelineCollector registerCollector(PrometheusMeterRegistry registry) {
        Labels common = PipelineCollector.commonLabels(registry);
        if (common == null) {
            log.debug("{} changes Calibrax's meters: the pipelines are exported as meters", registry);
            return null;
        }
        PipelineCollector collector = new PipelineCollector(pipelines, common);
        guard(registry, "the pipelines", () -> registry.getPrometheusRegistry().register(collector));
        return collector;
    }

    private void registerPipeline(Snapshots snapshots, String pipeline) {
        MeterRegistry registry = snapshots.registry();
        guard(registry, "pipeline " + pipeline, () -> {
            FunctionCounter.builder("calibrax.pipeline.executions", snapshots, pipelineReading(pipeline,
                            stats -> stats.successfulExecutions()))
                    .description("Pipeline executions recorded, by outcome")
                    .tags("pipeline", pipeline, "outcome", "success").register(registry);
            FunctionCounter.builder("calibrax.pipeline.executions", snapshots, pipelineReading(pipeline,
                            stats -> stats.failedExecutions()))
                    .description("Pipeline executions recorded, by outcome")
                    .tags("pipeline", pipeline, "outcome", "failure").register(registry);
            ToDoubleFunction<Snapshots> count = pipelineReading(pipeline, stats -> stats.totalExecutions());
            ToDoubleFunction<Snapshots> sum = pipelineReading(pipeline,
                    stats -> stats.meanExecutionTime() * stats.totalExecutions());
            FunctionTimer.builder("calibrax.pipeline.duration", snapshots, state -> (long) count.applyAsDouble(state),
                            sum, TimeUnit.SECONDS)
                    .description("Pipeline execution times since start")
                    .tag("pipeline", pipeline).register(registry);
            // Micrometer's own timers export their max as <name>_seconds_max in Prometheus: so does this gauge
            Gauge.builder("calibrax.pipeline.duration.seconds.max", snapshots,
                            pipelineReading(pipeline, PipelineStats::maxExecutionTime))
                    .description("Longest pipeline execution since start, in seconds")
                    .tag("pipeline", pipeline).register(registry);
            for (String quantile : QUANTILES) {
                ToDoubleFunction<PipelineStats> value = switch (quantile) {
                    case "0.5" -> PipelineStats::p50ExecutionTime;
                    case "0.95" -> PipelineStats::p95ExecutionTime;
                    default -> PipelineStats::p99ExecutionTime;
                };
                Gauge.builder("calibrax.pipeline.duration.quantile", snapshots, pipelineReading(pipeline, value))
                        .description("Quantiles of the recent pipeline execution times")
                        .baseUnit("seconds").tags("pipeline", pipeline, "quantile", quantile).register(registry);
            }
            Gauge.builder("calibrax.pipeline.health", snapshots, pipelineReading(pipeline, stats -> PipelineCollector.health(stats.health())))
                    .description("Pipeline health: 0 healthy, 1 degraded, 2 critical")
                    .tag("pipeline", pipeline).register(registry);
        });
    }

    private void registerMetric(Snapshots snapshots, String metric) {
        MetricMeterName meter = MetricMeterName.of(metric);
        int reader = readers.getAndIncrement();
        guard(snapshots.registry(), "metric " + metric, () -> Gauge.builder(meter.name(), snapshots, state -> {
                    MetricStats stats = state.summaries().read(reader, summary -> summary.metricHistory().containsKey(metric))
                            .metricHistory().get(metric);
                    return stats == null ? Double.NaN : stats.latest();
                })
                .description("Latest reading of the Calibrax metric " + metric)
                .tags(meter.tags()).register(snapshots.registry()));
    }

    private void registerHandler(MeterRegistry registry, String handler) {
        guard(registry, "handler " + handler, () -> {
            for (HandlerCounts count : HandlerCounts.values()) {
                FunctionCounter.builder("calibrax.handler.alerts", alertManager,
                                manager -> handlerSum(manager, handler, count::of))
                        .description("Alerts offered to a handler, by what became of them")
                        .tags("handler", handler, "result", count.result()).register(registry);
            }
            Gauge.builder("calibrax.handler.queued", alertManager,
                            manager -> handlerSum(manager, handler, HandlerStats::queued))
                    .description("Alerts waiting in a handler's queue or being handled now")
                    .tag("handler", handler).register(registry);
        });
    }

    /** Handlers may share a name: the meter of a name counts for all of them. */
    private static double handlerSum(AlertManager manager, String handler,
                                     ToLongFunction<HandlerStats> count) {
        long sum = 0;
        for (HandlerStats stats : manager.handlerStats()) {
            if (stats.name().equals(handler)) {
                sum += count.applyAsLong(stats);
            }
        }
        return sum;
    }

    /** A reading of one pipeline's statistics through its own reader of the shared report. */
    private ToDoubleFunction<Snapshots> pipelineReading(String pipeline, ToDoubleFunction<PipelineStats> value) {
        int reader = readers.getAndIncrement();
        return state -> {
            PipelineStats stats = state.reports().read(reader, report -> report.pipelines().containsKey(pipeline))
                    .pipelines().get(pipeline);
            return stats == null ? Double.NaN : value.applyAsDouble(stats);
        };
    }

    /** A meter that cannot be registered (its name taken with other tags) costs a warning, never the others. */
    private static void guard(MeterRegistry registry, String what, Runnable registration) {
        try {
            registration.run();
        } catch (RuntimeException e) {
            log.warn("Could not register the meters of {} in {}: {}", what, registry.getClass().getSimpleName(),
                    e.toString());
        }
    }

    /**
     * Stops looking for new pipelines, metrics and handlers; the meters registered (and the
     * pipeline collector of a Prometheus registry) stay and keep reading. Idempotent.
     */
    @Override
    public void close() {
        ScheduledExecutorService stopping;
        synchronized (this) {
            closed = true;
            stopping = discovery;
            discovery = null;
        }
        if (stopping != null) {
            stopping.shutdownNow();
            try {
                stopping.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        synchronized (this) {
            return "CalibraxMeterBinder[pipelines=" + pipelineNames.size() + ", metrics=" + metricNames.size()
                    + ", handlers=" + handlerNames.size() + ", registries=" + registries.size()
                    + (closed ? ", closed" : "") + "]";
        }
    }
}
