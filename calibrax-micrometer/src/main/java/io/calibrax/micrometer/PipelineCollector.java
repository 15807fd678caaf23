package io.calibrax.micrometer;

import io.calibrax.api.HealthStatus;
import io.calibrax.monitoring.PipelineStats;
import io.calibrax.monitoring.ProductionMonitor;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.registry.MetricType;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Exemplars;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Label;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricFamilyDescriptor;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Quantiles;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import io.prometheus.metrics.model.snapshots.SummarySnapshot.SummaryDataPointSnapshot;
import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * The pipeline series of a {@link CalibraxMeterBinder} bound to a Prometheus registry, as one
 * Prometheus {@link MultiCollector} rather than ten Micrometer meters per pipeline: each scrape
 * takes one health report and builds the five families from it. The names, labels (with the
 * registry's common tags), help texts and values are those the binder's Micrometer meters give in
 * a Prometheus registry (see {@link CalibraxMeterBinder}), and so is the text a scrape writes.
 *
 * <p>What does not change between scrapes is built once, when a pipeline is added: its
 * {@link Labels} (validated and sorted by the Prometheus client on construction) and its place in
 * the order the client writes series in, so a scrape only reads the report and wraps each value
 * in a data point. Only the pipelines added are exported, as the binder's meters are.
 *
 * <p>Thread-safe: {@link #add} publishes a new immutable array of pipelines; {@link #collect}
 * reads whichever is current.
 */
final class PipelineCollector implements MultiCollector {
    /** The binder's alerts counter, as Prometheus names it, and its help text. */
    static final String ALERTS = "calibrax_alerts";
    static final String ALERTS_HELP = "Alerts triggered since start, by severity";
    private static final MetricMetadata EXECUTIONS = new MetricMetadata("calibrax_pipeline_executions",
            "Pipeline executions recorded, by outcome");
    private static final MetricMetadata DURATION = new MetricMetadata("calibrax_pipeline_duration_seconds",
            "Pipeline execution times since start");
    private static final MetricMetadata DURATION_MAX = new MetricMetadata("calibrax_pipeline_duration_seconds_max",
            "Longest pipeline execution since start, in seconds");
    private static final MetricMetadata QUANTILE = new MetricMetadata("calibrax_pipeline_duration_quantile_seconds",
            "Quantiles of the recent pipeline execution times");
    private static final MetricMetadata HEALTH = new MetricMetadata("calibrax_pipeline_health",
            "Pipeline health: 0 healthy, 1 degraded, 2 critical");
    /** The quantile label values, in the order the client sorts them, and the figure each shows. */
    private static final String[] QUANTILES = {"0.5", "0.95", "0.99"};
    private static final List<ToDoubleFunction<PipelineStats>> QUANTILE_VALUES = List.of(
            PipelineStats::p50ExecutionTime, PipelineStats::p95ExecutionTime, PipelineStats::p99ExecutionTime);

    private final ProductionMonitor monitor;
    private final Labels common;
    private final List<MetricFamilyDescriptor> descriptors;
    /** Sorted by name, as the client sorts the pipeline label; replaced whole, never changed. */
    private volatile Pipeline[] pipelines = new Pipeline[0];

    /**
     * @param common the labels every series gets besides its own, as the registry's common tags
     *               give every meter (see {@link #commonLabels})
     */
    PipelineCollector(ProductionMonitor monitor, Labels common) {
        this.monitor = Objects.requireNonNull(monitor, "monitor");
        this.common = Objects.requireNonNull(common, "common");
        this.descriptors = List.of(descriptor(MetricType.COUNTER, EXECUTIONS, "outcome"),
                descriptor(MetricType.SUMMARY, DURATION, null), descriptor(MetricType.GAUGE, DURATION_MAX, null),
                descriptor(MetricType.GAUGE, QUANTILE, "quantile"), descriptor(MetricType.GAUGE, HEALTH, null));
    }

    private MetricFamilyDescriptor descriptor(MetricType type, MetricMetadata metadata, @Nullable String label) {
        List<String> names = new ArrayList<>(List.of("pipeline"));
        if (label != null) {
            names.add(label);
        }
        common.forEach(commonLabel -> names.add(commonLabel.getName()));
        return MetricFamilyDescriptor.of(type, metadata, names);
    }

    /**
     * The labels that {@code registry} gives every meter besides its own tags (its common tags),
     * read off the binder's alerts counter as the registry writes it; null when that counter is
     * not written exactly as the binder made it plus such labels (the registry's meter filters or
     * naming convention change it, it has no help text, or a common label is one of the pipeline
     * series' own): then only meters read as the registry's configuration says.
     */
    static @Nullable Labels commonLabels(PrometheusMeterRegistry registry) {
        for (MetricSnapshot family : registry.getPrometheusRegistry().scrape(name -> name.startsWith(ALERTS))) {
            if (!family.getMetadata().getPrometheusName().equals(ALERTS)
                    || !ALERTS_HELP.equals(family.getMetadata().getHelp())) {
                continue;
            }
            for (DataPointSnapshot point : family.getDataPoints()) {
                if (!"info".equals(point.getLabels().get("severity"))) {
                    continue;
                }
                Labels common = Labels.EMPTY;
                for (Label label : point.getLabels()) {
                    if (!label.getName().equals("severity")) {
                        common = common.add(label.getName(), label.getValue());
                    }
                }
                boolean clash = common.contains("pipeline") || common.contains("outcome") || common.contains("quantile");
                return clash ? null : common;
            }
        }
        return null;
    }

    /** The labels of one pipeline's series, built once. */
    private record Pipeline(String name, Labels plain, Labels success, Labels failure, Labels[] quantiles) {
        static Pipeline of(String name, Labels common) {
            Labels[] quantiles = new Labels[QUANTILES.length];
            for (int i = 0; i < QUANTILES.length; i++) {
                quantiles[i] = Labels.of("pipeline", name, "quantile", QUANTILES[i]).merge(common);
            }
            return new Pipeline(name, Labels.of("pipeline", name).merge(common),
                    Labels.of("pipeline", name, "outcome", "success").merge(common),
                    Labels.of("pipeline", name, "outcome", "failure").merge(common), quantiles);
        }
    }

    /** Exports these pipelines too (the ones exported already are skipped). */
    synchronized void add(Collection<String> names) {
        Pipeline[] current = pipelines;
        List<Pipeline> next = new ArrayList<>(Arrays.asList(current));
        Set<String> known = new HashSet<>();
        for (Pipeline pipeline : current) {
            known.add(pipeline.name());
        }
        for (String name : names) {
            if (known.add(name)) {
                next.add(Pipeline.of(name, common));
            }
        }
        if (next.size() > current.length) {
            next.sort(Comparator.comparing(Pipeline::name));
            pipelines = next.toArray(new Pipeline[0]);
        }
    }

    /** The five pipeline families from one health report. */
    @Override
    public MetricSnapshots collect() {
        Pipeline[] exported = pipelines;
        Map<String, PipelineStats> report = monitor.getPipelineHealthReport().pipelines();
        int n = exported.length;
        PipelineStats[] stats = new PipelineStats[n];
        List<CounterDataPointSnapshot> executions = new ArrayList<>(2 * n);
        List<SummaryDataPointSnapshot> durations = new ArrayList<>(n);
        List<GaugeDataPointSnapshot> maxima = new ArrayList<>(n);
        List<GaugeDataPointSnapshot> quantiles = new ArrayList<>(QUANTILES.length * n);
        List<GaugeDataPointSnapshot> health = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Pipeline pipeline = exported[i];
            PipelineStats pipelineStats = report.get(pipeline.name());
            stats[i] = pipelineStats;
            if (pipelineStats == null) {
                continue; // a monitor never forgets a pipeline; should one, its series go
            }
            // outcome sorts before pipeline: every failure, then every success
            executions.add(new CounterDataPointSnapshot(pipelineStats.failedExecutions(), pipeline.failure(), null, 0));
            durations.add(new SummaryDataPointSnapshot(pipelineStats.totalExecutions(),
                    pipelineStats.meanExecutionTime() * pipelineStats.totalExecutions(), Quantiles.EMPTY,
                    pipeline.plain(), Exemplars.EMPTY, 0));
            maxima.add(new GaugeDataPointSnapshot(pipelineStats.maxExecutionTime(), pipeline.plain(), null));
            for (int q = 0; q < QUANTILES.length; q++) {
                quantiles.add(new GaugeDataPointSnapshot(QUANTILE_VALUES.get(q).applyAsDouble(pipelineStats),
                        pipeline.quantiles()[q], null));
            }
            health.add(new GaugeDataPointSnapshot(health(pipelineStats.health()), pipeline.plain(), null));
        }
        for (int i = 0; i < n; i++) {
            if (stats[i] != null) {
                executions.add(new CounterDataPointSnapshot(stats[i].successfulExecutions(), exported[i].success(),
                        null, 0));
            }
        }
        List<MetricSnapshot> families = List.of(new CounterSnapshot(EXECUTIONS, executions),
                new SummarySnapshot(DURATION, durations), new GaugeSnapshot(DURATION_MAX, maxima),
                new GaugeSnapshot(QUANTILE, quantiles), new GaugeSnapshot(HEALTH, health));
        return new MetricSnapshots(families);
    }

    /** The five families' names, types and label names, so that the registry refuses a second exporter of them. */
    @Override
    public List<MetricFamilyDescriptor> getMetricFamilyDescriptors() {
        return descriptors;
    }

    static double health(HealthStatus status) {
        return switch (status) {
            case HEALTHY -> 0;
            case DEGRADED -> 1;
            case CRITICAL -> 2;
        };
    }

    @Override
    public String toString() {
        return "PipelineCollector[pipelines=" + pipelines.length + "]";
    }
}
