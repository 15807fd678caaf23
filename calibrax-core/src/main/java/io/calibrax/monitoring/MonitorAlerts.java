package io.calibrax.monitoring;

import io.calibrax.api.Alert;
import io.calibrax.api.AlertSeverity;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Where a monitor's alerts go: its {@link AlertManager} (its own, closed with it, or the caller's,
 * left open), each alert labelled with its metric and what it is about, and counted.
 *
 * <p>Thread-safe: the count is a {@link LongAdder} and the manager is thread-safe.
 */
final class MonitorAlerts {
    /** Metadata that names what an alert is about, copied into its labels. */
    private static final List<String> IDENTITY_LABELS = List.of("pipeline", "gpu");

    private final AlertManager manager;
    private final boolean ownsManager;
    private final LongAdder raised = new LongAdder();

    /** Alerts through {@code manager}, or through a new one of its own when null. */
    MonitorAlerts(AlertManager manager) {
        this.ownsManager = manager == null;
        this.manager = ownsManager ? new AlertManager() : manager;
    }

    AlertManager manager() {
        return manager;
    }

    long raised() {
        return raised.sum();
    }

    Alert raise(String message, AlertSeverity severity, String metricName, double value, double threshold,
                Map<String, ?> metadata) {
        Map<String, Object> copied = Alert.copyMetadata(metadata);
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("metric", metricName);
        for (String identity : IDENTITY_LABELS) { // a pipeline's or a GPU's alerts say which, as labels too
            Object named = copied.get(identity);
            if (named != null) {
                labels.put(identity, named.toString());
            }
        }
        Alert alert = manager.triggerAlert(new Alert(message, severity, metricName, value, threshold,
                Instant.now(), copied, labels));
        raised.increment();
        return alert;
    }

    /** Closes the manager (which drains it) if the monitor made it. */
    void close() {
        if (ownsManager) {
            manager.close();
        }
    }
}
