package io.calibrax.monitoring;

import io.calibrax.api.Alert;
import io.calibrax.api.GpuProfiler;
import io.calibrax.api.ResourceMonitor;
import io.calibrax.monitoring.internal.PeriodicLoop;
import io.calibrax.monitoring.internal.pipeline.PipelineSettings;
import io.calibrax.monitoring.internal.pipeline.PipelineState;
import io.calibrax.monitoring.internal.pipeline.PipelineTracker;
import org.jspecify.annotations.Nullable;

import java.time.Duration;
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
 * <p><b>Health</b> says how a pipeline is doing now, judged on its recent executions (the last 100,
 * {@link Builder#healthWindow}): a recent error rate above 0.5 is CRITICAL, above 0.2 DEGRADED; a
 * recent mean time more than 20% over its baseline is DEGRADED; else HEALTHY. A pipeline expected
 * with {@link #expectEvery} that has not recorded within its gap is CRITICAL. The overall health is
 * the worst pipeline's (HEALTHY without executions). The totals of {@link PipelineStats} stay
 * lifetime figures; the recent ones have their own accessors.
 *
 * <p><b>Alerts.</b> An execution slower than its pipeline's baseline by more than 20% raises a
 * WARNING whose message contains {@code degraded}, metric {@code pipeline_<name>_time}. A failure
 * that brings the error rate over that pipeline's own last 20 executions (at least 3) above 0.3
 * raises an ERROR whose message contains {@code error rate}, metric
 * {@code pipeline_<name>_error_rate}. Either condition, while it persists, re-alerts at most once
 * per repeat interval (as threshold breaches do; {@link Duration#ZERO} alerts on every execution);
 * an execution within the baseline, or a success that brings the error rate back to the limit or
 * below, clears it with a resolved alert (INFO, metadata {@code state=resolved}, same metric). A
 * missing pipeline raises a CRITICAL {@code pipeline_<name>_missing}, resolved when it records
 * again; the monitoring cycle checks for it. Every figure here is configurable through {@link #builder()}. Alerts carry the
 * execution's metadata under {@code execution_metadata}.
 *
 * <p><b>Exact under any concurrency.</b> Each pipeline keeps its state under one lock (exact totals,
 * a sliding histogram of its latest times, its latest outcomes), and every execution is judged
 * under it: a failure that brings the last 20 executions, in the order recorded, over the limit
 * alerts at once, however many threads record. Readings never fail while others record, and cost
 * the same after a billion executions as after a thousand. Keep the handle of {@link
 * #pipeline(String)} in a field for a pipeline recorded often: it skips the lookup by name.
 *
 * <p><b>Caps.</b> At most {@code maxPipelines} (1000) pipelines are tracked and as many baselines
 * kept; executions of further pipelines and further baselines are refused, counted
 * ({@link #droppedExecutions()}, {@link #refusedBaselines()}) and warned about once. Names longer
 * than {@code maxNameLength} are refused with an exception.
 *
 * <p><b>Precision.</b> Everything is exact except the percentiles, within 1/32 (3.2%): see
 * {@link PipelineStats}.
 *
 * <p>Thread-safe: every method may be called from any thread.
 *
 * @since 0.1.0
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
    /** Health judges this many of a pipeline's latest executions. */
    public static final int DEFAULT_HEALTH_WINDOW = 100;
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
    public ProductionMonitor(@Nullable AlertManager alertManager) {
        this(builder().absentIfNull(alertManager, null, null));
    }

    /**
     * A monitor with an alert manager, one GPU and a resource monitor; each may be null, meaning
     * absent. Several GPUs and the other options go through {@link #builder()}.
     */
    public ProductionMonitor(@Nullable AlertManager alertManager, @Nullable GpuProfiler gpuProfiler,
                             @Nullable ResourceMonitor resourceMonitor) {
        this(builder().absentIfNull(alertManager, gpuProfiler, resourceMonitor));
    }

    private ProductionMonitor(Builder builder) {
        super(builder, "calibrax-monitor-production-");
        this.settings = new PipelineSettings(builder.degradationThreshold, builder.errorRateThreshold,
                builder.errorRateWindow, builder.errorRateMinSamples, builder.healthWindow, builder.degradedErrorRate,
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
        tracker.setBaseline(pipelineName, PipelineOptions.checkBaseline(seconds, "seconds"));
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
        tracker.setBaseline(pipelineName, PipelineOptions.checkBaseline(PipelineRecorder.seconds(baseline), "baseline"));
    }

    /**
     * A dead-man's switch: expects {@code pipelineName} to record at least every {@code maxGap}.
     * Each monitoring cycle ({@link #runCycle()}, or the loop) checks it, so nothing depends on the
     * pipeline's own thread: one that has not recorded within {@code maxGap} (counted from when this
     * was called if it never recorded) is CRITICAL in the health report and raises a CRITICAL alert,
     * metric {@code pipeline_<name>_missing}, saying since when it is missing (again once per repeat
     * interval while it stays missing); when it records again, a resolved alert (INFO, metadata
     * {@code state=resolved}) follows. Calling it again replaces the gap.
     *
     * @throws NullPointerException     if pipelineName or maxGap is null
     * @throws IllegalArgumentException if pipelineName is blank or too long, or maxGap is zero or negative
     * @throws IllegalStateException    if the pipeline is new and {@code maxPipelines} are already tracked
     */
    public void expectEvery(String pipelineName, Duration maxGap) {
        checkName(pipelineName, "pipelineName");
        PeriodicLoop.positiveNanos(maxGap, "maxGap");
        if (!tracker.expectEvery(pipelineName, maxGap)) {
            throw new IllegalStateException("Cannot expect pipeline '" + pipelineName + "': maxPipelines ("
                    + settings.maxPipelines() + ") pipelines are already tracked");
        }
    }

    /** Stops expecting {@code pipelineName} to record regularly; a missing alert it raised is resolved. */
    public void stopExpecting(String pipelineName) {
        Objects.requireNonNull(pipelineName, "pipelineName");
        tracker.expectEvery(pipelineName, null);
    }

    @Override
    void checkTimers() {
        super.checkTimers();
        tracker.checkMissing();
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

    /**
     * The statistics of one pipeline, if it has executions (or is expected, see {@link #expectEvery});
     * never fails while others record.
     */
    public Optional<PipelineStats> getPipelineStats(String pipelineName) {
        Objects.requireNonNull(pipelineName, "pipelineName");
        return tracker.stats(pipelineName);
    }

    /** Executions dropped because {@code maxPipelines} pipelines were already tracked. */
    public long getDroppedExecutions() {
        return tracker.droppedExecutions();
    }

    /** @deprecated renamed {@link #getDroppedExecutions()}, the get-style of the monitors' accessors. */
    @Deprecated(since = "0.1.0", forRemoval = true)
    public long droppedExecutions() {
        return getDroppedExecutions();
    }

    /** Baselines refused because {@code maxPipelines} pipelines already had one. */
    public long getRefusedBaselines() {
        return tracker.refusedBaselines();
    }

    /** @deprecated renamed {@link #getRefusedBaselines()}, the get-style of the monitors' accessors. */
    @Deprecated(since = "0.1.0", forRemoval = true)
    public long refusedBaselines() {
        return getRefusedBaselines();
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

    /** How many of a pipeline's latest executions its health judges. */
    public int getHealthWindow() {
        return settings.healthWindow();
    }

    /** How many of a pipeline's latest executions the percentiles cover. */
    public int getPercentileWindow() {
        return settings.percentileWindow();
    }

    /** How many pipelines are tracked, and baselines kept, at most. */
    public int getMaxPipelines() {
        return settings.maxPipelines();
    }

    /**
     * Builds a {@link ProductionMonitor}; not thread-safe.
     *
     * @since 0.1.0
     */
    public static final class Builder extends PipelineOptions<Builder> {
        private Builder() {
        }

        /** A new monitor (not yet monitoring). */
        @Override
        public ProductionMonitor build() {
            return new ProductionMonitor(this);
        }
    }
}
