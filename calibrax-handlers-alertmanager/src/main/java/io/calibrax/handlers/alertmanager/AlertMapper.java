package io.calibrax.handlers.alertmanager;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.calibrax.api.Alert;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a Calibrax {@link Alert} into Alertmanager labels and annotations.
 *
 * <p>Labels are the alert's identity, so only stable values go there: {@code alertname} (the
 * metric), {@code severity}, {@code instance}, the configured static labels, and the metadata
 * entries named as identity keys (by default {@code pipeline}). Everything else the alert carries
 * (message, value, threshold, trend, other metadata) is an annotation, which Alertmanager replaces
 * on each post without creating a new alert. Immutable and thread-safe.
 */
final class AlertMapper {
    static final String ALERTNAME = "alertname";
    static final String SEVERITY = "severity";
    static final String INSTANCE = "instance";
    /** Metadata key whose value {@code resolved} marks a cleared breach. */
    static final String STATE = "state";
    static final String TREND = "trend";

    private static final Set<String> OWN_ANNOTATIONS = Set.of("summary", "value", "threshold", TREND);

    private final String instance;
    private final Map<String, String> staticLabels;
    private final List<String> identityKeys;
    private final ObjectMapper json;

    AlertMapper(String instance, Map<String, String> staticLabels, List<String> identityKeys, ObjectMapper json) {
        this.instance = instance;
        this.staticLabels = Map.copyOf(staticLabels);
        this.identityKeys = List.copyOf(identityKeys);
        this.json = json;
    }

    /** True for the alert a monitor raises when a breach clears (metadata {@code state=resolved}). */
    static boolean isResolution(Alert alert) {
        Object state = alert.metadata().get(STATE);
        return state != null && "resolved".equalsIgnoreCase(String.valueOf(state).strip());
    }

    /** True for an alert that a later {@code state=resolved} alert will end (metadata {@code state=firing}). */
    static boolean isFiring(Alert alert) {
        Object state = alert.metadata().get(STATE);
        return state != null && "firing".equalsIgnoreCase(String.valueOf(state).strip());
    }

    /** The labels minus {@code severity}: what stays the same while a breach worsens or eases. */
    static Map<String, String> identity(Map<String, String> labels) {
        Map<String, String> identity = new HashMap<>(labels);
        identity.remove(SEVERITY);
        return Map.copyOf(identity);
    }

    /** The alert's labels. */
    Map<String, String> labels(Alert alert) {
        Map<String, String> labels = new HashMap<>();
        labels.put(ALERTNAME, alert.metricName());
        labels.put(SEVERITY, alert.severity().value());
        labels.put(INSTANCE, instance);
        labels.putAll(staticLabels);
        // the alert's own labels map one to one (its identity for Alertmanager's grouping, silences
        // and inhibition); `metric` is the alertname already, and the alert's own beat the handler's
        alert.labels().forEach((name, value) -> {
            if (!name.equals("metric") && !name.equals(ALERTNAME) && !name.equals(SEVERITY) && !value.isEmpty()) {
                labels.put(name, value);
            }
        });
        for (String key : identityKeys) {
            Object value = alert.metadata().get(key);
            String text = scalar(value);
            if (text != null && !text.isBlank()) {
                labels.putIfAbsent(LabelNames.sanitize(key), text);
            }
        }
        return labels;
    }

    /**
     * The alert's annotations: {@code summary}, {@code value}, {@code threshold}, {@code trend}
     * when known, then every metadata entry that did not become a label (lists and maps as JSON),
     * so nothing the alert carried is lost.
     */
    Map<String, String> annotations(Alert alert, Map<String, String> labels) {
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put("summary", alert.message());
        annotations.put("value", number(alert.metricValue()));
        annotations.put("threshold", number(alert.threshold()));
        Object trend = alert.metadata().get(TREND);
        if (trend != null) {
            annotations.put(TREND, String.valueOf(trend));
        }
        for (Map.Entry<String, Object> entry : alert.metadata().entrySet()) {
            String key = entry.getKey();
            if (entry.getValue() == null || key.equals(TREND) || key.equals(STATE) || becameLabel(key, entry.getValue(), labels)) {
                continue;
            }
            String name = LabelNames.sanitize(key);
            if (OWN_ANNOTATIONS.contains(name) || annotations.containsKey(name)) {
                name = "metadata_" + name;
            }
            annotations.putIfAbsent(name, text(entry.getValue()));
        }
        return annotations;
    }

    private boolean becameLabel(String key, Object value, Map<String, String> labels) {
        return identityKeys.contains(key) && String.valueOf(scalar(value)).equals(labels.get(LabelNames.sanitize(key)));
    }

    /** A plain decimal: {@code 0.95}, {@code 1500}, never {@code 1.5E3}. */
    static String number(double value) {
        BigDecimal decimal = BigDecimal.valueOf(value).stripTrailingZeros();
        return decimal.scale() < 0 ? decimal.setScale(0).toPlainString() : decimal.toPlainString();
    }

    private static String scalar(Object value) {
        if (value instanceof CharSequence || value instanceof Boolean || value instanceof Enum<?>
                || value instanceof Character) {
            return value.toString();
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            return Double.isFinite(d) ? number(d) : null;
        }
        if (value instanceof Number) {
            return value.toString();
        }
        return null;
    }

    private String text(Object value) {
        String scalar = scalar(value);
        if (scalar != null) {
            return scalar;
        }
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException | RuntimeException e) {
            return String.valueOf(value);
        }
    }
}
