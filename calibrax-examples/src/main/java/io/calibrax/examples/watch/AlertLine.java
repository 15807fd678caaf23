package io.calibrax.examples.watch;

import io.calibrax.api.Alert;

import java.util.Locale;

/** The one-line form of an alert used on the console. */
final class AlertLine {
    private AlertLine() {
    }

    static String format(Alert alert) {
        return String.format(Locale.ROOT, "[%s] %s: %s=%.2f (threshold=%.2f)", alert.severity().value(),
                alert.message(), alert.metricName(), alert.metricValue(), alert.threshold());
    }
}
