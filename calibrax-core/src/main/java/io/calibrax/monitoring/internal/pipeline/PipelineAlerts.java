package io.calibrax.monitoring.internal.pipeline;

import io.calibrax.api.AlertSeverity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Words and raises the alerts a pipeline calls for, firing ({@code state=firing}) and resolved
 * ({@code state=resolved}, INFO, same metric); the decision is its {@link PipelineState}'s. A sink
 * that throws is logged: recording never fails for an alert. Not public API; thread-safe.
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
        Map<String, Object> details = details(name, "firing");
        details.put("baseline", baseline);
        details.put("degradation", degradation);
        raise(message, AlertSeverity.WARNING, timeMetric(name), seconds, baseline * (1 + degradationThreshold),
                details, metadata);
    }

    void degradationResolved(String name, double seconds, double baseline, Map<String, Object> metadata) {
        String message = String.format(Locale.ROOT, "Pipeline '%s' back within its baseline: %.2fs vs baseline %.2fs",
                name, seconds, baseline);
        Map<String, Object> details = details(name, "resolved");
        details.put("baseline", baseline);
        raise(message, AlertSeverity.INFO, timeMetric(name), seconds, baseline * (1 + degradationThreshold),
                details, metadata);
    }

    /** The recent error rate went over the limit ({@code firing}) or came back within it. */
    void errorRate(String name, int failed, int recent, boolean firing, Map<String, Object> metadata) {
        double rate = (double) failed / recent;
        String message = String.format(Locale.ROOT, firing ? "Pipeline '%s' high error rate: %.0f%% (%d/%d recent runs failed)"
                : "Pipeline '%s' error rate back within limit: %.0f%% (%d/%d recent runs failed)", name, rate * 100, failed, recent);
        Map<String, Object> details = details(name, firing ? "firing" : "resolved");
        details.put("failures", failed);
        details.put("window", recent);
        raise(message, firing ? AlertSeverity.ERROR : AlertSeverity.INFO, errorRateMetric(name), rate,
                errorRateThreshold, details, metadata);
    }

    void missing(String name, Instant since, double gapSeconds, Duration maxGap, boolean neverRecorded) {
        String message = String.format(Locale.ROOT, "Pipeline '%s' is missing: %s since %s (expected every %s)",
                name, neverRecorded ? "no execution recorded" : "no execution", since, maxGap);
        Map<String, Object> details = details(name, "firing");
        details.put("missing_since", since.toString());
        raise(message, AlertSeverity.CRITICAL, missingMetric(name), gapSeconds, seconds(maxGap), details, Map.of());
    }

    /** The missing pipeline recorded again ({@code recorded}), or is no longer expected. */
    void missingResolved(String name, Instant since, double gapSeconds, Duration maxGap, boolean recorded) {
        String message = String.format(Locale.ROOT, recorded ? "Pipeline '%s' recorded again after missing since %s"
                : "Pipeline '%s' is no longer expected (missing since %s)", name, since);
        Map<String, Object> details = details(name, "resolved");
        details.put("missing_since", since.toString());
        raise(message, AlertSeverity.INFO, missingMetric(name), gapSeconds, seconds(maxGap), details, Map.of());
    }

    private static double seconds(Duration duration) {
        return duration.getSeconds() + duration.getNano() / 1e9;
    }

    private static Map<String, Object> details(String name, String state) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("pipeline", name);
        details.put("state", state);
        return details;
    }

    private static String timeMetric(String name) {
        return "pipeline_" + name + "_time";
    }

    private static String errorRateMetric(String name) {
        return "pipeline_" + name + "_error_rate";
    }

    static String missingMetric(String name) {
        return "pipeline_" + name + "_missing";
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
