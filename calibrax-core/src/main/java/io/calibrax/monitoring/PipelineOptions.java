package io.calibrax.monitoring;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The pipeline options of {@link ProductionMonitor.Builder}: thresholds, windows, health cut-offs,
 * caps and baselines, each checked when it is set. Not thread-safe.
 *
 * @param <B> the concrete builder, which every setter returns
 */
abstract class PipelineOptions<B extends PipelineOptions<B>> extends AdvancedMonitor.Builder<B> {
    double degradationThreshold = ProductionMonitor.DEFAULT_DEGRADATION_THRESHOLD;
    double errorRateThreshold = ProductionMonitor.DEFAULT_ERROR_RATE_THRESHOLD;
    int errorRateWindow = ProductionMonitor.DEFAULT_ERROR_RATE_WINDOW;
    int errorRateMinSamples = ProductionMonitor.DEFAULT_ERROR_RATE_MIN_SAMPLES;
    double degradedErrorRate = ProductionMonitor.DEFAULT_DEGRADED_ERROR_RATE;
    double criticalErrorRate = ProductionMonitor.DEFAULT_CRITICAL_ERROR_RATE;
    int healthWindow = ProductionMonitor.DEFAULT_HEALTH_WINDOW;
    int percentileWindow = ProductionMonitor.DEFAULT_PERCENTILE_WINDOW;
    int maxPipelines = ProductionMonitor.DEFAULT_MAX_PIPELINES;
    final Map<String, Double> baselines = new LinkedHashMap<>();

    /**
     * The fraction over its baseline beyond which an execution is degraded (0.2: more than 20%
     * slower).
     *
     * @throws IllegalArgumentException if fraction is negative, NaN or infinite
     */
    public B degradationThreshold(double fraction) {
        if (!Double.isFinite(fraction) || fraction < 0) {
            throw new IllegalArgumentException("degradationThreshold must be a finite fraction, not negative, got " + fraction);
        }
        this.degradationThreshold = fraction;
        return self();
    }

    /**
     * The recent error rate above which a failure raises an error-rate alert (0.3).
     *
     * @throws IllegalArgumentException if rate is outside 0..1
     */
    public B errorRateThreshold(double rate) {
        this.errorRateThreshold = checkRate(rate, "errorRateThreshold");
        return self();
    }

    /**
     * The recent error rate covers a pipeline's latest {@code executions} (20), judged once it
     * holds {@code minSamples} (3).
     *
     * @throws IllegalArgumentException if executions is not positive or minSamples is not within 1..executions
     */
    public B errorRateWindow(int executions, int minSamples) {
        positive(executions, "executions");
        if (minSamples <= 0 || minSamples > executions) {
            throw new IllegalArgumentException("minSamples must be between 1 and executions (" + executions
                    + "), got " + minSamples);
        }
        this.errorRateWindow = executions;
        this.errorRateMinSamples = minSamples;
        return self();
    }

    /**
     * The health cut-offs: a pipeline whose error rate is above {@code degradedAbove} (0.2) is
     * DEGRADED, above {@code criticalAbove} (0.5) CRITICAL.
     *
     * @throws IllegalArgumentException if a cut-off is outside 0..1 or degradedAbove exceeds criticalAbove
     */
    public B healthCutoffs(double degradedAbove, double criticalAbove) {
        checkRate(degradedAbove, "degradedAbove");
        checkRate(criticalAbove, "criticalAbove");
        if (degradedAbove > criticalAbove) {
            throw new IllegalArgumentException("degradedAbove (" + degradedAbove
                    + ") must not exceed criticalAbove (" + criticalAbove + ")");
        }
        this.degradedErrorRate = degradedAbove;
        this.criticalErrorRate = criticalAbove;
        return self();
    }

    /**
     * How many of a pipeline's latest executions its health judges (100): the recent error rate
     * and the recent mean time against the baseline.
     *
     * @throws IllegalArgumentException if executions is zero or negative
     */
    public B healthWindow(int executions) {
        this.healthWindow = positive(executions, "executions");
        return self();
    }

    /**
     * How many of a pipeline's latest executions the percentiles cover (1024). A report's cost
     * does not depend on it; memory grows by 2 bytes per execution.
     *
     * @throws IllegalArgumentException if executions is zero or negative
     */
    public B percentileWindow(int executions) {
        this.percentileWindow = positive(executions, "executions");
        return self();
    }

    /**
     * How many pipelines are tracked, and baselines kept (1000); executions of further pipelines
     * and further baselines are refused, counted and warned about once.
     *
     * @throws IllegalArgumentException if maxPipelines is zero or negative
     */
    public B maxPipelines(int maxPipelines) {
        this.maxPipelines = positive(maxPipelines, "maxPipelines");
        return self();
    }

    /**
     * A performance baseline, as {@link ProductionMonitor#setPerformanceBaseline(String, double)}.
     *
     * @throws IllegalArgumentException if pipelineName is blank or seconds is not positive and finite
     */
    public B performanceBaseline(String pipelineName, double seconds) {
        MetricNames.checkNotBlank(pipelineName, "pipelineName");
        baselines.put(pipelineName, checkBaseline(seconds, "seconds"));
        return self();
    }

    private static int positive(int number, String name) {
        if (number <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + number);
        }
        return number;
    }

    private static double checkRate(double rate, String name) {
        if (!(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException(name + " must be between 0 and 1, got " + rate);
        }
        return rate;
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    static double checkBaseline(double seconds, String argument) {
        if (!Double.isFinite(seconds) || seconds <= 0) {
            throw new IllegalArgumentException(argument + " must be a positive finite number of seconds, got " + seconds);
        }
        return seconds;
    }
}
