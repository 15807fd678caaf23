package io.calibrax.ui;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.calibrax.api.Alert;
import io.calibrax.api.MetricStats;
import io.calibrax.api.MonitoringSummary;
import io.calibrax.monitoring.AdvancedMonitor;
import io.calibrax.monitoring.AlertManager;
import io.calibrax.monitoring.PipelineHealthReport;
import io.calibrax.monitoring.ProductionMonitor;
import io.calibrax.monitoring.Silence;
import io.calibrax.monitoring.Threshold;
import io.calibrax.spi.ConfigValues;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the live page and scripts read and write, as JSON-ready values: every read takes the
 * snapshot the monitor or alert manager offers (as reports and export do), so recording never
 * waits for the page. Thread-safe.
 */
final class UiApi {
    /** Recent alerts answered, newest first. */
    static final int RECENT_ALERTS = 100;

    private final AdvancedMonitor monitor;
    private final AlertManager alertManager;
    // Schubfach for doubles: /api/metrics is mostly numbers
    private final ObjectMapper json = new ObjectMapper(JsonFactory.builder()
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER).build());

    UiApi(AdvancedMonitor monitor, AlertManager alertManager) {
        this.monitor = monitor;
        this.alertManager = alertManager;
    }

    ObjectMapper json() {
        return json;
    }

    /**
     * {@code monitoring}, {@code alert_count} and {@code metrics}: name, latest, min, max, mean,
     * samples, threshold (or null), by name. Written straight to JSON, without a map per metric:
     * with 1,000 metrics this is the page's largest answer.
     */
    byte[] metrics() {
        MonitoringSummary summary = monitor.getMonitoringSummary();
        String[] names = summary.metricHistory().keySet().toArray(new String[0]);
        Arrays.sort(names);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + names.length * 160);
        try (JsonGenerator out = json.getFactory().createGenerator(bytes)) {
            out.writeStartObject();
            out.writeBooleanField("monitoring", summary.isMonitoring());
            out.writeNumberField("alert_count", summary.alertCount());
            out.writeArrayFieldStart("metrics");
            for (String name : names) {
                MetricStats stats = summary.metricHistory().get(name);
                out.writeStartObject();
                out.writeStringField("name", name);
                out.writeNumberField("latest", stats.latest());
                out.writeNumberField("min", stats.min());
                out.writeNumberField("max", stats.max());
                out.writeNumberField("mean", stats.mean());
                out.writeNumberField("samples", stats.samples());
                Double threshold = summary.thresholds().get(name);
                if (threshold == null) {
                    out.writeNullField("threshold");
                } else {
                    out.writeNumberField("threshold", threshold);
                }
                out.writeEndObject();
            }
            out.writeEndArray();
            out.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing /api/metrics in memory failed", e);
        }
        return bytes.toByteArray();
    }

    /** {@link PipelineHealthReport#toMap()}; an empty report for a monitor without pipelines. */
    Map<String, Object> pipelines() {
        if (monitor instanceof ProductionMonitor production) {
            return production.getPipelineHealthReport().toMap();
        }
        return Map.of("overall_health", "healthy", "pipelines", Map.of(), "baselines", Map.of(), "total_executions", 0);
    }

    /** {@code alerts}: the recent alerts, newest first, each {@link Alert#toMap()} with {@code time} (ISO-8601) added. */
    Map<String, Object> alerts() {
        List<Alert> recent = alertManager.getRecentAlerts(RECENT_ALERTS);
        List<Map<String, Object>> alerts = new ArrayList<>(recent.size());
        for (Alert recentAlert : recent) {
            Map<String, Object> alert = new LinkedHashMap<>(recentAlert.toMap());
            alert.put("time", recentAlert.timestamp().toString());
            alerts.add(alert);
        }
        return Map.of("alerts", alerts, "total", alertManager.getTotalTriggered());
    }

    /** {@code handlers}: each handler's delivery statistics. */
    Map<String, Object> handlers() {
        return Map.of("handlers", alertManager.handlerStats());
    }

    /** {@code silences}: those in force, oldest first, each {@link Silence#toMap()}. */
    Map<String, Object> silences() {
        return Map.of("silences", alertManager.silences().stream().map(Silence::toMap).toList());
    }

    /**
     * Adds the silence a body such as {@code {"matchers": "metric=\"disk\"", "duration": "1h",
     * "comment": "maintenance"}} describes.
     *
     * @throws IllegalArgumentException naming the field at fault: not JSON, not an object, a
     *                                  field missing or not text, bad matchers, a duration that is
     *                                  not one or not positive
     */
    Silence addSilence(byte[] body) {
        JsonNode request;
        try {
            request = json.readTree(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the body is not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new IllegalArgumentException("the body cannot be read: " + e.getMessage());
        }
        if (request == null || !request.isObject()) {
            throw new IllegalArgumentException("the body must be a JSON object such as "
                    + "{\"matchers\": \"metric=\\\"disk\\\"\", \"duration\": \"1h\", \"comment\": \"maintenance\"}");
        }
        String matchers = text(request, "matchers").orElseThrow(() -> missing("matchers"));
        String durationText = text(request, "duration").orElseThrow(() -> missing("duration"));
        String comment = text(request, "comment").orElse("");
        Duration duration;
        try {
            duration = ConfigValues.parseDuration(durationText);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("duration: " + e.getMessage(), e);
        }
        if (duration.isZero()) {
            throw new IllegalArgumentException("duration: must be more than zero, got '" + durationText + "'");
        }
        try {
            return alertManager.silence(matchers, duration, comment);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("matchers: " + e.getMessage(), e);
        }
    }

    /** Ends the silence {@code id}; false when none in force has it. */
    boolean expireSilence(String id) {
        return alertManager.expireSilence(id);
    }

    /**
     * One metric's chart as an SVG document: its history by reading (oldest left; the history
     * holds readings, not their times), its threshold,
     * and a mark on the reading of each recent alert of it still in the history.
     */
    Optional<String> chart(String name) {
        List<Double> history = monitor.getMetricHistory(name);
        if (history.isEmpty()) {
            return Optional.empty();
        }
        int size = history.size();
        double[] xs = new double[size];
        double[] values = new double[size];
        for (int i = 0; i < size; i++) {
            xs[i] = i;
            values[i] = history.get(i);
        }
        SvgChart chart = SvgChart.of(name).axis(0, Math.max(1, size - 1),
                "oldest of " + size, "latest").series(xs, values);
        Threshold threshold = monitor.getThresholds().get(name);
        if (threshold != null) {
            chart.threshold(threshold.value(), threshold.direction().breachSymbol() + " " + Readings.format(threshold.value()));
        }
        // an alert carries the reading that raised it: mark the newest such reading not yet marked
        List<Alert> recent = alertManager.getRecentAlerts(RECENT_ALERTS);
        int before = size;
        for (Alert alert : recent) { // newest first
            if (before == 0) {
                break;
            }
            if (!alert.metricName().equals(name)) {
                continue;
            }
            for (int at = before - 1; at >= 0; at--) {
                if (values[at] == alert.metricValue()) {
                    chart.mark(at, values[at], alert.severity().value(),
                            alert.timestamp() + " [" + alert.severity().value() + "] " + alert.message());
                    before = at;
                    break;
                }
            }
        }
        return Optional.of(chart.document());
    }

    private static Optional<String> text(JsonNode request, String field) {
        JsonNode node = request.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isTextual()) {
            throw new IllegalArgumentException(field + ": must be text, got " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
        }
        return Optional.of(node.textValue());
    }

    private static IllegalArgumentException missing(String field) {
        return new IllegalArgumentException(field + ": missing from the body");
    }
}
