package io.calibrax.examples;

import io.calibrax.api.Alert;
import io.calibrax.api.AlertSeverity;
import io.calibrax.monitoring.AlertManager;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Walkthrough 1 of the documentation, "Alert Management": an {@link AlertManager} with one
 * handler, an alert, then querying and clearing the stored alerts. Prints:
 * <pre>
 * [warning] Throughput below minimum: throughput=850.00 (threshold=1000.00)
 * </pre>
 * Run it with {@code java -cp calibrax.jar io.calibrax.examples.AlertManagerWalkthrough}.
 *
 * @since 0.1.0
 */
public final class AlertManagerWalkthrough {
    private AlertManagerWalkthrough() {
    }

    public static void main(String[] args) {
        run(new PrintWriter(System.out, true));
    }

    /** Runs the walkthrough, printing to {@code out}. */
    public static void run(PrintWriter out) {
        try (AlertManager manager = new AlertManager(1000)) {
            // Register a handler: any lambda that accepts an Alert. Each handler is called on its
            // own thread, so a slow one never holds up triggerAlert or the other handlers.
            manager.addAlertHandler(alert -> out.printf(Locale.ROOT, "[%s] %s: %s=%.2f (threshold=%.2f)%n",
                    alert.severity().value(), alert.message(), alert.metricName(), alert.metricValue(),
                    alert.threshold()));

            // Trigger an alert.
            manager.triggerAlert("Throughput below minimum", AlertSeverity.WARNING, "throughput", 850.0, 1000.0);

            // Delivery is asynchronous: wait until the handler has printed before going on.
            manager.flush(Duration.ofSeconds(5));

            // Most recent alerts (newest first), alerts of one severity (oldest first).
            List<Alert> recent = manager.getRecentAlerts(5);
            List<Alert> errors = manager.getAlertsBySeverity(AlertSeverity.ERROR);
            out.printf("Recent alerts: %d (newest: %s)%n", recent.size(), recent.get(0).message());
            out.printf("Errors: %d%n", errors.size());

            // Clear all alerts.
            manager.clearAlerts();
            out.printf("Stored after clearAlerts(): %d%n", manager.getRecentAlerts().size());
        }
    }
}
