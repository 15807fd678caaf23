package io.calibrax.monitoring;

import io.calibrax.api.Alert;
import io.calibrax.api.GpuProfiler;
import io.calibrax.api.ResourceMonitor;
import io.calibrax.monitoring.internal.pipeline.PipelineSettings;
import io.calibrax.monitoring.internal.pipeline.PipelineState;
import io.calibrax.monitoring.internal.pipeline.PipelineTracker;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

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
 * {@code pipeline_<name>_error_rate}. Either condition, while it persists, re-alerts at most once
 * per repeat interval (as threshold breaches do; {@link Duration#ZERO} alerts on every execution);
 * an execution within the baseline, or a success that brings the error rate back to the limit or
 * below, re-arms it. Every figure here is configurable through {@link #builder()}. Alerts carry the
 * execution's metadata under {@code execution_metadata}.
 *
 * <p><b>Exact under any concurrency.</b> Each pipeline keeps its state under one lock: exact
 * totals (count, failures, sum, min, max), a sliding histogram of the latest execution times (1024
 * by default) for percentiles, and its latest outcomes (20) for the recent error rate. Every
 * execution is judged under that lock, so a failure that brings the last 20 executions, in the
 * order recorded, over the limit alerts at once, however many threads record. Readings take the
 * same lock for a moment and never fail while others record. Recording allocates nothing and
 * formats no string unless an alert fires; {@link #getPipelineHealthReport()} costs the same after a
 * thousand executions as after a billion. For a pipeline recorded often, keep the handle of
 * {@link #pipeline(String)} in a field: it skips the lookup by name.
 *
 * <p><b>Caps.</b> At most {@code maxPipelines} (1000) pipelines are tracked and as many baselines
 * kept; executions of further pipelines and further baselines are refused, counted
 * ({@link #droppedExecutions()}, {@link #refusedBaselines()}) and warned about once. Names longer
 * than {@code maxNameLength} are refused with an exception.
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
    /** Pipelines tracked (and baselines kept), by default. */
    public static final int DEFAULT_MAX_PIPELINES = 1000;

    private final PipelineSettings settings;
    private final PipelineTracker tracker;

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
        this.settings = new PipelineSettings(builder.degradationThreshold, builder.errorRateThreshold,
                builder.errorRateWindow, builder.errorRateMinSamples, builder.degradedErrorRate,
                builder.criticalErrorRate, builder.percentileWindow, builder.maxPipelines, repeatNanos());
        this.tracker = new PipelineTracker(settings, this::raise, this::nanoTime);
        builder.baselines.forEach((name, seconds) -> {
            checkName(name, "pipelineName");
            tracker.setBaseline(name, seconds);
        });
    }

    /**
     * A builder for everything {@link AdvancedMonitor#builder()} takes plus the pipeline thresholds
     * and windows.
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A handle bound to {@code pipelineName}, cheap to keep in a field: its {@code record} forms skip
     * the lookup by name. Past {@code maxPipelines}, its executions are dropped and counted, as
     * {@link #recordPipelineExecution} drops them.
     *
     * @throws NullPointerException     if pipelineName is null
     * @throws IllegalArgumentException if pipelineName is blank or too long
     */
    public PipelineRecorder pipeline(String pipelineName) {
        checkName(pipelineName, "pipelineName");
        return new PipelineRecorder(pipelineName, tracker, this::nanoTime);
    }

    /**
     * Sets the expected execution time of {@code pipelineName}: executions more than 20% slower
     * raise a degradation alert. Past {@code maxPipelines} baselines, a new one is refused and
     * counted ({@link #refusedBaselines()}).
     *
     * @throws NullPointerException     if pipelineName is null
     * @throws IllegalArgumentException if pipelineName is blank or too long, or seconds is not a
     *                                  positive finite number
     */
    public void setPerformanceBaseline(String pipelineName, double seconds) {
        checkName(pipelineName, "pipelineName");
        tracker.setBaseline(pipelineName, checkBaseline(seconds, "seconds"));
    }

    /**
     * Sets the expected execution time of {@code pipelineName}.
     *
     * @throws NullPointerException     if pipelineName or baseline is null
     * @throws IllegalArgumentException if pipelineName is blank or too long, or baseline is zero or negative
     */
    public void setPerformanceBaseline(String pipelineName, Duration baseline) {
        checkName(pipelineName, "pipelineName");
        Objects.requireNonNull(baseline, "baseline");
        tracker.setBaseline(pipelineName, checkBaseline(PipelineRecorder.seconds(baseline), "baseline"));
    }

    /**
     * Removes the baseline of {@code pipelineName}.
     *
     * @return true if it had one
     */
    public boolean removePerformanceBaseline(String pipelineName) {
        Objects.requireNonNull(pipelineName, "pipelineName");
        return tracker.removeBaseline(pipelineName);
    }

    /** Every baseline in seconds, by pipeline name (sorted). */
    public Map<String, Double> getPerformanceBaselines() {
        return tracker.baselines();
    }

    /**
     * Records one execution of {@code pipelineName}.
     *
     * @throws NullPointerException     if pipelineName is null
     * @throws IllegalArgumentException if pipelineName is blank or too long, or executionTimeSeconds is
     *                                  negative, NaN or infinite; nothing is recorded then
     */
    public void recordPipelineExecution(String pipelineName, double executionTimeSeconds, boolean success) {
        record(pipelineName, executionTimeSeconds, success, Map.of());
    }

    /**
     * Records one execution with metadata (copied): the metadata of the latest failure shows in
     * {@link PipelineStats#lastFailureMetadata()}, and an alert this execution raises carries it.
     *
     * @throws NullPointerException     if pipelineName or a metadata key is null
     * @throws IllegalArgumentException if pipelineName is blank or too long, or executionTimeSeconds is
     *                                  negative, NaN or infinite; nothing is recorded then
     */
    public void recordPipelineExecution(String pipelineName, double executionTimeSeconds, boolean success,
                                        Map<String, ?> metadata) {
        record(pipelineName, executionTimeSeconds, success, Alert.copyMetadata(metadata));
    }

    /**
     * Records one execution.
     *
     * @throws NullPointerException     if pipelineName or executionTime is null
     * @throws IllegalArgumentException if pipelineName is blank or too long, or executionTime is negative
     */
    public void recordPipelineExecution(String pipelineName, Duration executionTime, boolean success) {
        recordPipelineExecution(pipelineName, executionTime, success, null);
    }

    /**
     * Records one execution with metadata (copied).
     *
     * @throws NullPointerException     if pipelineName, executionTime or a metadata key is null
     * @throws IllegalArgumentException if pipelineName is blank or too long, or executionTime is negative
     */
    public void recordPipelineExecution(String pipelineName, Duration executionTime, boolean success,
                                        Map<String, ?> metadata) {
        double seconds = PipelineRecorder.seconds(executionTime, "executionTime");
        record(pipelineName, seconds, success, Alert.copyMetadata(metadata));
    }

    private void record(String pipelineName, double seconds, boolean success, Map<String, Object> metadata) {
        Objects.requireNonNull(pipelineName, "pipelineName");
        PipelineRecorder.checkSeconds(seconds, "executionTimeSeconds", pipelineName);
        PipelineState state = tracker.find(pipelineName);
        if (state == null) { // a new name: checked once, before it is added
            checkName(pipelineName, "pipelineName");
            state = tracker.resolve(pipelineName);
            if (state == null) {
                return;
            }
        }
        tracker.record(state, seconds, success, metadata);
    }

    /**
     * The health of every pipeline: statistics by name (sorted), the baselines, the overall health
     * (the worst pipeline's) and the executions of all pipelines together. Its cost depends on the
     * number of pipelines, not of executions; it is computed afresh on every call, while recording
     * goes on, and never fails for it.
     */
    public PipelineHealthReport getPipelineHealthReport() {
        return tracker.report();
    }

    /** The statistics of one pipeline, if it has executions; never fails while others record. */
    public Optional<PipelineStats> getPipelineStats(String pipelineName) {
        Objects.requireNonNull(pipelineName, "pipelineName");
        return tracker.stats(pipelineName);
    }

    /** Executions dropped because {@code maxPipelines} pipelines were already tracked. */
    public long droppedExecutions() {
        return tracker.droppedExecutions();
    }

    /** Baselines refused because {@code maxPipelines} pipelines already had one. */
    public long refusedBaselines() {
        return tracker.refusedBaselines();
    }

    /** The fraction over its baseline beyond which an execution is degraded. */
    public double getDegradationThreshold() {
        return settings.degradationThreshold();
    }

    /** The recent error rate above which a failure raises an error-rate alert. */
    public double getErrorRateThreshold() {
        return settings.errorRateThreshold();
    }

    /** How many of a pipeline's latest executions the recent error rate covers. */
    public int getErrorRateWindow() {
        return settings.errorRateWindow();
    }

    /** How many executions the window must hold before the error rate is judged. */
    public int getErrorRateMinSamples() {
        return settings.errorRateMinSamples();
    }

    /** The error rate above which a pipeline is DEGRADED. */
    public double getDegradedErrorRate() {
        return settings.degradedErrorRate();
    }

    /** The error rate above which a pipeline is CRITICAL. */
    public double getCriticalErrorRate() {
        return settings.criticalErrorRate();
    }

    /** How many of a pipeline's latest executions the percentiles cover. */
    public int getPercentileWindow() {
        return settings.percentileWindow();
    }

    /** How many pipelines are tracked, and baselines kept, at most. */
    public int getMaxPipelines() {
        return settings.maxPipelines();
    }

    private static double checkBaseline(double seconds, String argument) {
        if (!Double.isFinite(seconds) || seconds <= 0) {
            throw new IllegalArgumentException(argument + " must be a positive finite number of seconds, got " + seconds);
        }
        return seconds;
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
         * How many of a pipeline's latest executions the percentiles cover (1024). A report's cost
         * does not depend on it; memory grows by 2 bytes per execution.
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
         * How many pipelines are tracked, and baselines kept (1000); executions of further pipelines
         * and further baselines are refused, counted and warned about once.
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
         * A performance baseline, as {@link ProductionMonitor#setPerformanceBaseline(String, double)}.
         *
         * @throws IllegalArgumentException if pipelineName is blank or seconds is not positive and finite
         */
        public Builder performanceBaseline(String pipelineName, double seconds) {
            checkNotBlank(pipelineName, "pipelineName");
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
