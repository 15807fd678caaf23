package io.calibrax.monitoring.internal.pipeline;

import io.calibrax.api.AlertSeverity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Words and raises the alerts a pipeline's executions call for; the decision is its {@link
 * PipelineState}'s. A sink that throws is logged: recording never fails for an alert. Not public
 * API; thread-safe.
 */
final class PipelineAlerts {
    private static final Logger log = LoggerFactory.getLogger(PipelineAlerts.class);

    private final PipelineTracker.AlertSink sink;
    private final double degradationThreshold;
    private final double errorRateThreshold;

    PipelineAlerts(PipelineTracker.AlertSink sink, double degradationThreshold, double errorRateThreshold) {
        this.sink = sink;
        this.degradationThreshold = degradationThreshold;
        this.errorRateThreshold = errorRateThreshold;
    }

    void degraded(String name, double seconds, double baseline, double degradation, Map<String, Object> metadata) {
        String message = String.format(Locale.ROOT, "Pipeline '%s' degraded: %.2fs vs baseline %.2fs (%.0f%% slower)",
                name, seconds, baseline, degradation * 100);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("pipeline", name);
        details.put("baseline", baseline);
        details.put("degradation", degradation);
        raise(message, AlertSeverity.WARNING, "pipeline_" + name + "_time", seconds,
                baseline * (1 + degradationThreshold), details, metadata);
    }

    void errorRate(String name, int failed, int recent, Map<String, Object> metadata) {
        double rate = (double) failed / recent;
        String message = String.format(Locale.ROOT, "Pipeline '%s' high error rate: %.0f%% (%d/%d recent runs failed)",
                name, rate * 100, failed, recent);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("pipeline", name);
        details.put("failures", failed);
        details.put("window", recent);
        raise(message, AlertSeverity.ERROR, "pipeline_" + name + "_error_rate", rate, errorRateThreshold,
                details, metadata);
    }

    private void raise(String message, AlertSeverity severity, String metric, double value, double threshold,
                       Map<String, Object> details, Map<String, Object> metadata) {
        if (!metadata.isEmpty()) {
            details.put("execution_metadata", metadata);
        }
        try {
            sink.raise(message, severity, metric, value, threshold, details);
        } catch (RuntimeException e) {
            log.error("Could not raise the alert '{}'", message, e);
        }
    }
}
