package io.calibrax.monitoring.internal.pipeline;

/**
 * What a {@link PipelineTracker} judges by: the alert limits, the windows, the health cut-offs and
 * the caps, as {@code ProductionMonitor}'s builder set them (and checked them). Not public API.
 *
 * @param degradationThreshold fraction over the baseline beyond which an execution is degraded
 * @param errorRateThreshold   recent error rate above which a failure alerts
 * @param errorRateWindow      executions the recent error rate covers
 * @param errorRateMinSamples  executions the window must hold before it is judged
 * @param healthWindow         executions the health (recent error rate and recent mean) covers
 * @param degradedErrorRate    error rate above which a pipeline is DEGRADED
 * @param criticalErrorRate    error rate above which a pipeline is CRITICAL
 * @param percentileWindow     executions the percentiles cover
 * @param maxPipelines         pipelines tracked, and baselines kept, at most
 * @param repeatNanos          how often a persisting condition re-alerts
 * @since 0.1.0
 */
public record PipelineSettings(double degradationThreshold, double errorRateThreshold, int errorRateWindow,
                               int errorRateMinSamples, int healthWindow, double degradedErrorRate, double criticalErrorRate,
                               int percentileWindow, int maxPipelines, long repeatNanos) {
}
