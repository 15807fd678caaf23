package io.calibrax.monitoring;

import io.calibrax.api.Alert;
import io.calibrax.api.AlertSeverity;
import io.calibrax.api.GpuProfiler;
import io.calibrax.api.HealthStatus;
import io.calibrax.api.ResourceMonitor;
import io.calibrax.monitoring.internal.RateLimit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * An {@link AdvancedMonitor} that also tracks pipeline executions and reports their health.
 *
 * <pre>{@code
 * ProductionMonitor monitor = new ProductionMonitor();
 * monitor.setPerformanceBaseline("inference", 0.05);
 * monitor.recordPipelineExecution("inference", 0.048, true);
 * monitor.recordPipelineExecution("inference", 0.150, false, Map.of("error", "timeout"));
 * PipelineHealthReport report = monitor.getPipelineHealthReport();
 * report.overallHealth();                                  // DEGRADED
 * report.pipelines().get("inference").meanExecutionTime(); // 0.099
 * }</pre>
 *
 * <p><b>Health.</b> A pipeline's health comes from its error rate: above 0.5 CRITICAL, above 0.2
 * DEGRADED, else HEALTHY. The overall health is the worst pipeline's (HEALTHY without executions).
 *
 * <p><b>Alerts.</b> An execution slower than its pipeline's baseline by more than 20% raises a
 * WARNING whose message contains {@code degraded}, metric {@code pipeline_<name>_time}. A failure
 * that brings the error rate over that pipeline's own last 20 executions (at least 3) above 0.3
 * raises an ERROR whose message contains {@code error rate}, metric
 * {@code pipeline_<name>_error_rate} (when several threads record one pipeline at once, see below).
 * Either condition, while it persists, re-alerts at most once
 * per repeat interval (as threshold breaches do; {@link Duration#ZERO} alerts on every execution);
 * an execution within the baseline, or a success that brings the error rate back to the limit or
 * below, re-arms it. Every figure here is configurable through {@link #builder()}. Alerts carry the
 * execution's metadata under {@code execution_metadata}.
 *
 * <p><b>Cost.</b> Recording shares no write between threads: a pipeline's state is split into
 * stripes (one at first, more when threads record it at the same moments, as {@code LongAdder}
 * does) and each execution goes to its thread's stripe.
 *
 * <p><b>Error rate with several threads.</b> While a pipeline has one stripe (until threads record
 * it at the same moments, unless {@code initialStripes} says otherwise), every failure judges its
 * last 20 executions, exactly as above. With several (normally one per recording thread, at most
 * 16), those 20 are merged across stripes by time, which reads what other cores write, so each
 * stripe has a budget of judgements: 4 at once, one more back every 10 ms. A failure judges them
 * when its stripe's own recent executions are over the threshold, or when the budget has a
 * judgement left; otherwise its judgement is put off to its stripe's next execution once the
 * budget has one again, within 10 ms (a success then raises the alert if they are still over the
 * threshold and no alert is active), or, if the stripe records nothing more, to the next
 * monitoring cycle ({@link #runCycle()}, which the loop of {@link #startMonitoring()} runs). A
 * stripe whose failures come at most once per 10 ms, or in bursts of up to 4 after 40 ms without,
 * thus has every failure judged over the whole pipeline when it happens, exactly; a stripe that
 * fails faster has the pipeline judged about once per 10 ms. A success merges them while an
 * error-rate alert is active, within a budget of its own, to re-arm it: a stripe's successes
 * beyond it are judged at its next success once that budget allows. With a repeat interval of
 * {@link Duration#ZERO}, a striped pipeline thus alerts on every failure judged at once, not on
 * every execution.
 *
 * <p>Recording allocates nothing and formats no string unless
 * an alert fires, and keeps memory bounded however many executions are recorded: exact running
 * aggregates for totals, mean, min and max; a sliding histogram of the most recent times for
 * percentiles (the 1024 most recent per stripe, in log-linear buckets); a ring of the most recent
 * outcomes for the recent error rate (the 20 most recent, merged across stripes in time order).
 * {@link #getPipelineHealthReport()} merges those histograms with one walk per pipeline: it costs the
 * same after a thousand executions as after a billion, and recording goes on meanwhile. At most
 * {@code maxPipelines} (1000) pipelines are tracked, strictly; executions of further pipelines are
 * dropped, counted and reported by a warning at most once a minute, with the count so far.
 *
 * <p><b>Recent percentiles.</b> The percentiles cover the pipeline's recent executions: the stripes'
 * windows, less any stripe that is no longer recent. A stripe is left out when its newest execution
 * is more than the percentile expiry (2 minutes) older than the pipeline's newest, or older than
 * every execution another stripe holds in a full window of its own. So after a burst from many
 * threads, the times one thread records go on take over the percentiles within two windows of its
 * executions (2048), or once the expiry has passed.
 *
 * <p><b>Precision.</b> Totals, rates, mean, min, max and the recent error rate are exact. The
 * percentiles estimate what numpy's default (linear interpolation between the nearest ranks) gives
 * over the recent times, to within 1/32 (3.2%) of it for times from 2<sup>-24</sup> s (60 ns) to
 * 2<sup>20</sup> s (12 days); below that range to within 2<sup>-29</sup> s (2 ns); above it (an
 * overflow bucket without resolution) they are the largest time held there. They never fall outside
 * the minimum and maximum.
 *
 * <p>Thread-safe: every method may be called from any thread.
 */
public class ProductionMonitor extends AdvancedMonitor {
    private static final Logger log = LoggerFactory.getLogger(ProductionMonitor.class);

    /** An execution more than this fraction slower than its baseline is degraded. */
    public static final double DEFAULT_DEGRADATION_THRESHOLD = 0.2;
    /** A recent error rate above this raises an error-rate alert. */
    public static final double DEFAULT_ERROR_RATE_THRESHOLD = 0.3;
    /** The recent error rate covers this many of a pipeline's latest executions. */
    public static final int DEFAULT_ERROR_RATE_WINDOW = 20;
    /** The recent error rate is judged once the window holds this many executions. */
    public static final int DEFAULT_ERROR_RATE_MIN_SAMPLES = 3;
    /** A pipeline whose error rate is above this is DEGRADED. */
    public static final double DEFAULT_DEGRADED_ERROR_RATE = 0.2;
    /** A pipeline whose error rate is above this is CRITICAL. */
    public static final double DEFAULT_CRITICAL_ERROR_RATE = 0.5;
    /** Percentiles cover this many of a pipeline's latest executions. */
    public static final int DEFAULT_PERCENTILE_WINDOW = 1024;
    /** Pipelines tracked, by default. */
    public static final int DEFAULT_MAX_PIPELINES = 1000;
    /** A stripe idle for longer than this before its pipeline's newest execution leaves the percentiles. */
    public static final Duration DEFAULT_PERCENTILE_EXPIRY = Duration.ofMinutes(2);

    private final ConcurrentHashMap<String, PipelineState> pipelines = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Double> baselines = new ConcurrentHashMap<>();
    /** Guards changes of the pipeline order and of baselines, so that each pipeline's copy of its baseline stays current. */
    private final Object structureLock = new Object();
    /** Every pipeline by name, sorted: a report walks it instead of sorting. Replaced under structureLock. */
    private volatile Named[] sortedPipelines = new Named[0];
    /** Changes of baselines so far (under structureLock), and the sorted copy of one version. */
    private volatile long baselineVersion;
    private volatile SortedBaselines sortedBaselines;
    private final double degradationThreshold;
    private final double errorRateThreshold;
    private final int errorRateWindow;
    private final int errorRateMinSamples;
    private final double degradedErrorRate;
    private final double criticalErrorRate;
    private final int percentileWindow;
    private final int maxPipelines;
    private final Duration percentileExpiry;
    private final int initialStripes;
    private final LongAdder droppedExecutions = new LongAdder();
    /** Dropped executions are reported at most once a minute, by the monitor's clock. */
    private final RateLimit dropWarnings = new RateLimit(Duration.ofMinutes(1));

    /** A monitor with its own {@link AlertManager} and the default resource monitor. */
    public ProductionMonitor() {
        this(builder());
    }

    /** A monitor that raises alerts through {@code alertManager} (null: its own). */
    public ProductionMonitor(AlertManager alertManager) {
        this(builder().absentIfNull(alertManager, null, null));
    }

    /**
     * A monitor with an alert manager, one GPU and a resource monitor; each may be null, meaning
     * absent. Several GPUs and the other options go through {@link #builder()}.
     */
    public ProductionMonitor(AlertManager alertManager, GpuProfiler gpuProfiler, ResourceMonitor resourceMonitor) {
        this(builder().absentIfNull(alertManager, gpuProfiler, resourceMonitor));
    }

    private ProductionMonitor(Builder builder) {
        super(builder, "calibrax-monitor-production-");
        this.degradationThreshold = builder.degradationThreshold;
        this.errorRateThreshold = builder.errorRateThreshold;
        this.errorRateWindow = builder.errorRateWindow;
        this.errorRateMinSamples = builder.errorRateMinSamples;
        this.degradedErrorRate = builder.degradedErrorRate;
        this.criticalErrorRate = builder.criticalErrorRate;
        this.percentileWindow = builder.percentileWindow;
        this.maxPipelines = builder.maxPipelines;
        this.percentileExpiry = builder.percentileExpiry;
        this.initialStripes = builder.initialStripes;
        builder.baselines.forEach(baselines::put);
    }

    /**
     * A builder for everything {@link AdvancedMonitor#builder()} takes plus the pipeline thresholds
     * and windows.
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Sets the expected execution time of {@code pipelineName}: executions more than 20% slower
     * raise a degradation alert.
     *
     * @throws NullPointerException     if pipelineName is null
     * @throws IllegalArgumentException if pipelineName is blank, or seconds is not a positive finite number
     */
    public void setPerformanceBaseline(String pipelineName, double seconds) {
        checkName(pipelineName, "pipelineName");
        putBaseline(pipelineName, checkBaseline(seconds, "seconds"));
    }

    /**
     * Sets the expected execution time of {@code pipelineName}.
     *
     * @throws NullPointerException     if pipelineName or baseline is null
     * @throws IllegalArgumentException if pipelineName is blank or baseline is zero or negative
     */
    public void setPerformanceBaseline(String pipelineName, Duration baseline) {
        checkName(pipelineName, "pipelineName");
        Objects.requireNonNull(baseline, "baseline");
        putBaseline(pipelineName, checkBaseline(seconds(baseline), "baseline"));
    }

    /**
     * Removes the baseline of {@code pipelineName}.
     *
     * @return true if it had one
     */
    public boolean removePerformanceBaseline(String pipelineName) {
        Objects.requireNonNull(pipelineName, "pipelineName");
        synchronized (structureLock) {
            boolean removed = baselines.remove(pipelineName) != null;
            if (removed) {
                baselineChanged(pipelineName, Double.NaN);
            }
            return removed;
        }
    }

    private void putBaseline(String pipelineName, double seconds) {
        synchronized (structureLock) {
            baselines.put(pipelineName, seconds);
            baselineChanged(pipelineName, seconds);
        }
    }

    /** Under structureLock: the pipeline's own copy follows, and the sorted copy is stale. */
    private void baselineChanged(String pipelineName, double seconds) {
        baselineVersion++;
        Named[] order = sortedPipelines;
        int index = Named.find(order, pipelineName);
        if (index >= 0) {
            order[index].state().baseline = seconds;
        }
    }

    /** Every baseline in seconds, by pipeline name (sorted). */
    public Map<String, Double> getPerformanceBaselines() {
        long version = baselineVersion;
        SortedBaselines sorted = sortedBaselines;
        if (sorted == null || sorted.version() != version) {
            // read after the version: a change meanwhile leaves this copy marked with the older one
            sorted = new SortedBaselines(version, Collections.unmodifiableMap(new TreeMap<>(baselines)));
            sortedBaselines = sorted;
        }
        return sorted.baselines();
    }

    /** Baselines sorted by name as of a version of them. */
    private record SortedBaselines(long version, Map<String, Double> baselines) {
    }

    /** A pipeline and its name, in the sorted order a report walks. */
    private record Named(String name, PipelineState state) {
        /** The index of {@code name} in sorted {@code order}, or -(insertion point) - 1. */
        static int find(Named[] order, String name) {
            int low = 0;
            int high = order.length - 1;
            while (low <= high) {
                int middle = (low + high) >>> 1;
                int comparison = order[middle].name.compareTo(name);
                if (comparison < 0) {
                    low = middle + 1;
                } else if (comparison > 0) {
                    high = middle - 1;
                } else {
                    return middle;
                }
            }
            return -(low + 1);
        }
    }

    /**
     * Records one execution of {@code pipelineName}.
     *
     * @throws NullPointerException     if pipelineName is null
     * @throws IllegalArgumentException if pipelineName is blank or executionTimeSeconds is negative,
     *                                  NaN or infinite; nothing is recorded then
     */
    public void recordPipelineExecution(String pipelineName, double executionTimeSeconds, boolean success) {
        checkExecution(pipelineName, executionTimeSeconds, "executionTimeSeconds");
        record(pipelineName, executionTimeSeconds, success, Map.of());
    }

    /**
     * Records one execution with metadata (copied): the metadata of the latest failure shows in
     * {@link PipelineStats#lastFailureMetadata()}, and an alert this execution raises carries it.
     *
     * @throws NullPointerException     if pipelineName or a metadata key is null
     * @throws IllegalArgumentException if pipelineName is blank or executionTimeSeconds is negative,
     *                                  NaN or infinite; nothing is recorded then
     */
    public void recordPipelineExecution(String pipelineName, double executionTimeSeconds, boolean success,
                                        Map<String, ?> metadata) {
        checkExecution(pipelineName, executionTimeSeconds, "executionTimeSeconds");
        record(pipelineName, executionTimeSeconds, success, Alert.copyMetadata(metadata));
    }

    /**
     * Records one execution.
     *
     * @throws NullPointerException     if pipelineName or executionTime is null
     * @throws IllegalArgumentException if pipelineName is blank or executionTime is negative
     */
    public void recordPipelineExecution(String pipelineName, Duration executionTime, boolean success) {
        recordPipelineExecution(pipelineName, executionTime, success, null);
    }

    /**
     * Records one execution with metadata (copied).
     *
     * @throws NullPointerException     if pipelineName, executionTime or a metadata key is null
     * @throws IllegalArgumentException if pipelineName is blank or executionTime is negative
     */
    public void recordPipelineExecution(String pipelineName, Duration executionTime, boolean success,
                                        Map<String, ?> metadata) {
        Objects.requireNonNull(executionTime, "executionTime");
        if (executionTime.isNegative()) {
            throw new IllegalArgumentException("executionTime must not be negative, got " + executionTime);
        }
        double seconds = seconds(executionTime);
        checkExecution(pipelineName, seconds, "executionTime");
        record(pipelineName, seconds, success, Alert.copyMetadata(metadata));
    }

    /**
     * The health of every pipeline: statistics by name (sorted), the baselines, the overall health
     * (the worst pipeline's) and the executions of all pipelines together. Its cost depends on the
     * number of pipelines, not of executions; it is computed afresh on every call, while recording
     * goes on.
     */
    public PipelineHealthReport getPipelineHealthReport() {
        Named[] order = sortedPipelines;
        Map<String, PipelineStats> stats = new LinkedHashMap<>(Math.max(4, order.length * 2));
        HealthStatus overall = HealthStatus.HEALTHY;
        long total = 0;
        for (Named named : order) {
            PipelineStats pipeline = named.state().snapshot(degradedErrorRate, criticalErrorRate);
            if (pipeline != null) {
                stats.put(named.name(), pipeline);
                overall = overall.worst(pipeline.health());
                total += pipeline.totalExecutions();
            }
        }
        return new PipelineHealthReport(overall, stats, getPerformanceBaselines(), total);
    }

    /** The statistics of one pipeline, if it has executions. */
    public Optional<PipelineStats> getPipelineStats(String pipelineName) {
        Objects.requireNonNull(pipelineName, "pipelineName");
        PipelineState state = pipelines.get(pipelineName);
        return state == null ? Optional.empty()
                : Optional.ofNullable(state.snapshot(degradedErrorRate, criticalErrorRate));
    }

    /** Executions dropped because {@code maxPipelines} pipelines were already tracked. */
    public long droppedExecutions() {
        return droppedExecutions.sum();
    }

    /** The fraction over its baseline beyond which an execution is degraded. */
    public double getDegradationThreshold() {
        return degradationThreshold;
    }

    /** The recent error rate above which a failure raises an error-rate alert. */
    public double getErrorRateThreshold() {
        return errorRateThreshold;
    }

    /** How many of a pipeline's latest executions the recent error rate covers. */
    public int getErrorRateWindow() {
        return errorRateWindow;
    }

    /** How many executions the window must hold before the error rate is judged. */
    public int getErrorRateMinSamples() {
        return errorRateMinSamples;
    }

    /** The error rate above which a pipeline is DEGRADED. */
    public double getDegradedErrorRate() {
        return degradedErrorRate;
    }

    /** The error rate above which a pipeline is CRITICAL. */
    public double getCriticalErrorRate() {
        return criticalErrorRate;
    }

    /** How many of a pipeline's latest executions the percentiles cover. */
    public int getPercentileWindow() {
        return percentileWindow;
    }

    /** How long a stripe may go without executions, before its pipeline's newest, and still count in the percentiles. */
    public Duration getPercentileExpiry() {
        return percentileExpiry;
    }

    private void record(String name, double seconds, boolean success, Map<String, Object> metadata) {
        PipelineState state = pipelines.get(name);
        if (state == null) {
            state = newPipeline(name);
            if (state == null) {
                return;
            }
        }
        long now = nanoTime();
        long stripeRecent = state.record(seconds, success, now, metadata);
        double baseline = state.baseline;
        if (!Double.isNaN(baseline)) {
            checkDegradation(name, state, seconds, baseline, metadata, now);
        }
        // The pipeline's recent outcomes (merged across stripes) are judged when record() asks for
        // it: after a failure that may have put them over the threshold; after a success, when a
        // failure's judgement was put off (they may still be over it) or while an alert is active
        // (they may be back under it, which re-arms the alert).
        if (PipelineState.judgeNow(stripeRecent)) {
            if (!success) {
                checkErrorRate(name, state, metadata, now);
            } else {
                long outcomes = state.recentPacked();
                if (PipelineState.recentRate(outcomes) <= errorRateThreshold) {
                    state.errorRate.clear();
                } else if (!state.errorRate.isActive()) {
                    // a put-off judgement: this success's metadata is not the failure's
                    raiseErrorRate(name, state, outcomes, Map.of(), now);
                }
            }
        }
    }

    /**
     * Makes the error-rate judgements that pipelines recorded by several threads put off and have
     * not made since (a thread that failed beyond its budget and then recorded nothing more): the
     * monitoring loop thus makes them within a cycle.
     */
    @Override
    void afterCycle() {
        for (Named named : sortedPipelines) {
            PipelineState state = named.state();
            if (state.stripeCount() > 1 && state.takePutOffJudgements()) {
                checkErrorRate(named.name(), state, Map.of(), nanoTime());
            }
        }
    }

    /**
     * The state of a pipeline not tracked yet: made, entered in the sorted order (before the map
     * publishes it, so that a report sees every pipeline that has executions) and given its baseline,
     * all under structureLock, which also makes the limit on pipelines strict. Null when the limit
     * is reached: the execution is dropped and counted.
     */
    private PipelineState newPipeline(String name) {
        checkName(name, "pipelineName"); // names in the map were checked when they were added
        if (pipelines.size() < maxPipelines) { // pipelines are never removed: once full, no lock is needed to drop
            synchronized (structureLock) {
                PipelineState state = pipelines.get(name);
                if (state != null) {
                    return state;
                }
                if (pipelines.size() < maxPipelines) {
                    state = new PipelineState(percentileWindow, errorRateWindow, initialStripes,
                            percentileExpiry.toNanos(), nanoTime(), errorRateThreshold);
                    state.baseline = baselines.getOrDefault(name, Double.NaN);
                    Named[] order = sortedPipelines;
                    int at = -Named.find(order, name) - 1;
                    Named[] grown = new Named[order.length + 1];
                    System.arraycopy(order, 0, grown, 0, at);
                    grown[at] = new Named(name, state);
                    System.arraycopy(order, at, grown, at + 1, order.length - at);
                    sortedPipelines = grown;
                    pipelines.put(name, state);
                    return state;
                }
            }
        }
        droppedExecutions.increment();
        warnAboutDrops(name);
        return null;
    }

    /** Reports dropped executions at most once a minute, with how many so far. */
    private void warnAboutDrops(String name) {
        if (dropWarnings.tryAcquire(nanoTime())) {
            log.warn("Already tracking {} pipelines (maxPipelines); {} executions of further pipelines dropped so far, "
                    + "such as '{}'", maxPipelines, droppedExecutions.sum(), name);
        }
    }

    private void checkDegradation(String name, PipelineState state, double seconds, double baseline,
                                  Map<String, Object> metadata, long now) {
        double degradation = (seconds - baseline) / baseline;
        if (degradation <= degradationThreshold) {
            state.degradation.clear();
            return;
        }
        if (!state.degradation.open(now, repeatNanos())) {
            return;
        }
        String message = String.format(Locale.ROOT, "Pipeline '%s' degraded: %.2fs vs baseline %.2fs (%.0f%% slower)",
                name, seconds, baseline, degradation * 100);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("pipeline", name);
        details.put("baseline", baseline);
        details.put("degradation", degradation);
        raiseSafely(message, AlertSeverity.WARNING, "pipeline_" + name + "_time", seconds,
                baseline * (1 + degradationThreshold), details, metadata);
    }

    /**
     * A failure that may have brought the pipeline's recent error rate above the limit: alerts if it
     * did. A failure never lowers the rate, so an active alert is cleared by the next success within
     * the limit, not here.
     */
    private void checkErrorRate(String name, PipelineState state, Map<String, Object> metadata, long now) {
        if (!state.errorRate.due(now, repeatNanos())) {
            return; // alerted within the repeat interval: nothing to do until it passes
        }
        raiseErrorRate(name, state, state.recentPacked(), metadata, now);
    }

    /** Raises the error-rate alert if {@code outcomes} (the pipeline's recent, packed) are over the threshold and it is due. */
    private void raiseErrorRate(String name, PipelineState state, long outcomes, Map<String, Object> metadata, long now) {
        int recent = PipelineState.recentCount(outcomes);
        int failed = PipelineState.recentFailed(outcomes);
        double rate = PipelineState.recentRate(outcomes);
        if (recent < errorRateMinSamples || rate <= errorRateThreshold || !state.errorRate.open(now, repeatNanos())) {
            return;
        }
        String message = String.format(Locale.ROOT, "Pipeline '%s' high error rate: %.0f%% (%d/%d recent runs failed)",
                name, rate * 100, failed, recent);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("pipeline", name);
        details.put("failures", failed);
        details.put("window", recent);
        raiseSafely(message, AlertSeverity.ERROR, "pipeline_" + name + "_error_rate", rate, errorRateThreshold,
                details, metadata);
    }

    private void raiseSafely(String message, AlertSeverity severity, String metric, double value, double threshold,
                             Map<String, Object> details, Map<String, Object> metadata) {
        if (!metadata.isEmpty()) {
            details.put("execution_metadata", metadata);
        }
        try {
            raise(message, severity, metric, value, threshold, details);
        } catch (RuntimeException e) {
            log.error("Could not raise the alert '{}'", message, e);
        }
    }

    /** Checks the time; the name only for null here, for blankness where a new pipeline is added. */
    private static void checkExecution(String pipelineName, double seconds, String argument) {
        Objects.requireNonNull(pipelineName, "pipelineName");
        if (!Double.isFinite(seconds) || seconds < 0) {
            throw new IllegalArgumentException(argument + " must be a finite number of seconds, not negative, got "
                    + seconds + " (pipeline '" + pipelineName + "')");
        }
    }

    private static double checkBaseline(double seconds, String argument) {
        if (!Double.isFinite(seconds) || seconds <= 0) {
            throw new IllegalArgumentException(argument + " must be a positive finite number of seconds, got " + seconds);
        }
        return seconds;
    }

    private static double seconds(Duration duration) {
        return duration.getSeconds() + duration.getNano() / 1e9;
    }

    /** Builds a {@link ProductionMonitor}; not thread-safe. */
    public static final class Builder extends AdvancedMonitor.Builder<Builder> {
        private double degradationThreshold = DEFAULT_DEGRADATION_THRESHOLD;
        private double errorRateThreshold = DEFAULT_ERROR_RATE_THRESHOLD;
        private int errorRateWindow = DEFAULT_ERROR_RATE_WINDOW;
        private int errorRateMinSamples = DEFAULT_ERROR_RATE_MIN_SAMPLES;
        private double degradedErrorRate = DEFAULT_DEGRADED_ERROR_RATE;
        private double criticalErrorRate = DEFAULT_CRITICAL_ERROR_RATE;
        private int percentileWindow = DEFAULT_PERCENTILE_WINDOW;
        private int maxPipelines = DEFAULT_MAX_PIPELINES;
        private Duration percentileExpiry = DEFAULT_PERCENTILE_EXPIRY;
        private int initialStripes = 1;
        private final Map<String, Double> baselines = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * The fraction over its baseline beyond which an execution is degraded (0.2: more than 20%
         * slower).
         *
         * @throws IllegalArgumentException if fraction is negative, NaN or infinite
         */
        public Builder degradationThreshold(double fraction) {
            if (!Double.isFinite(fraction) || fraction < 0) {
                throw new IllegalArgumentException("degradationThreshold must be a finite fraction, not negative, got " + fraction);
            }
            this.degradationThreshold = fraction;
            return this;
        }

        /**
         * The recent error rate above which a failure raises an error-rate alert (0.3).
         *
         * @throws IllegalArgumentException if rate is outside 0..1
         */
        public Builder errorRateThreshold(double rate) {
            this.errorRateThreshold = checkRate(rate, "errorRateThreshold");
            return this;
        }

        /**
         * The recent error rate covers a pipeline's latest {@code executions} (20), judged once it
         * holds {@code minSamples} (3).
         *
         * @throws IllegalArgumentException if executions is not positive or minSamples is not within 1..executions
         */
        public Builder errorRateWindow(int executions, int minSamples) {
            if (executions <= 0) {
                throw new IllegalArgumentException("executions must be positive, got " + executions);
            }
            if (minSamples <= 0 || minSamples > executions) {
                throw new IllegalArgumentException("minSamples must be between 1 and executions (" + executions
                        + "), got " + minSamples);
            }
            this.errorRateWindow = executions;
            this.errorRateMinSamples = minSamples;
            return this;
        }

        /**
         * The health cut-offs: a pipeline whose error rate is above {@code degradedAbove} (0.2) is
         * DEGRADED, above {@code criticalAbove} (0.5) CRITICAL.
         *
         * @throws IllegalArgumentException if a cut-off is outside 0..1 or degradedAbove exceeds criticalAbove
         */
        public Builder healthCutoffs(double degradedAbove, double criticalAbove) {
            checkRate(degradedAbove, "degradedAbove");
            checkRate(criticalAbove, "criticalAbove");
            if (degradedAbove > criticalAbove) {
                throw new IllegalArgumentException("degradedAbove (" + degradedAbove
                        + ") must not exceed criticalAbove (" + criticalAbove + ")");
            }
            this.degradedErrorRate = degradedAbove;
            this.criticalErrorRate = criticalAbove;
            return this;
        }

        /**
         * How many of a pipeline's latest executions the percentiles cover (1024; per stripe when
         * several threads record one pipeline at once). A report's cost does not depend on it;
         * memory grows by 2 bytes per execution per stripe.
         *
         * @throws IllegalArgumentException if executions is zero or negative
         */
        public Builder percentileWindow(int executions) {
            if (executions <= 0) {
                throw new IllegalArgumentException("executions must be positive, got " + executions);
            }
            this.percentileWindow = executions;
            return this;
        }

        /**
         * How many pipelines are tracked (1000); executions of further ones are dropped and counted.
         *
         * @throws IllegalArgumentException if maxPipelines is zero or negative
         */
        public Builder maxPipelines(int maxPipelines) {
            if (maxPipelines <= 0) {
                throw new IllegalArgumentException("maxPipelines must be positive, got " + maxPipelines);
            }
            this.maxPipelines = maxPipelines;
            return this;
        }

        /**
         * How long (2 minutes) a pipeline's stripe may go without executions, before the pipeline's
         * newest, and still count in its percentiles: see the class's "Recent percentiles".
         *
         * @throws NullPointerException     if expiry is null
         * @throws IllegalArgumentException if expiry is zero or negative
         */
        public Builder percentileExpiry(Duration expiry) {
            Objects.requireNonNull(expiry, "percentileExpiry");
            if (expiry.isNegative() || expiry.isZero()) {
                throw new IllegalArgumentException("percentileExpiry must be positive, got " + expiry);
            }
            this.percentileExpiry = expiry;
            return this;
        }

        /** Stripes every pipeline starts with (a power of two up to PipelineState.MAX_STRIPES): for tests of the merging paths. */
        Builder initialStripes(int stripes) {
            if (stripes <= 0 || stripes > PipelineState.MAX_STRIPES || Integer.bitCount(stripes) != 1) {
                throw new IllegalArgumentException("initialStripes must be a power of two up to "
                        + PipelineState.MAX_STRIPES + ", got " + stripes);
            }
            this.initialStripes = stripes;
            return this;
        }

        /**
         * A performance baseline, as {@link ProductionMonitor#setPerformanceBaseline(String, double)}.
         *
         * @throws IllegalArgumentException if pipelineName is blank or seconds is not positive and finite
         */
        public Builder performanceBaseline(String pipelineName, double seconds) {
            checkName(pipelineName, "pipelineName");
            baselines.put(pipelineName, checkBaseline(seconds, "seconds"));
            return this;
        }

        private static double checkRate(double rate, String name) {
            if (!(rate >= 0 && rate <= 1)) {
                throw new IllegalArgumentException(name + " must be between 0 and 1, got " + rate);
            }
            return rate;
        }

        /** A new monitor (not yet monitoring). */
        @Override
        public ProductionMonitor build() {
            return new ProductionMonitor(this);
        }
    }
}
