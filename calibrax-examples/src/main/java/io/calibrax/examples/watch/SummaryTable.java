package io.calibrax.examples.watch;

import io.calibrax.api.Alert;
import io.calibrax.handlers.console.ConsoleAlertHandler;
import io.calibrax.api.AlertSeverity;
import io.calibrax.monitoring.HandlerStats;
import io.calibrax.monitoring.Threshold;

import java.io.PrintWriter;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Prints the end-of-watch summary: per metric latest, min, max and mean; the alerts raised; each
 * handler's delivery statistics. Stateless apart from the time zone; thread-safe.
 */
final class SummaryTable {
    /** Alerts listed in full; the rest are counted (the HTML report lists them all). */
    static final int ALERTS_LISTED = 10;

    private final DateTimeFormatter time;

    SummaryTable(ZoneId zone) {
        this.time = DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT).withZone(zone);
    }

    void print(WatchResult result, PrintWriter out) {
        out.printf(Locale.ROOT, "Watched %s for %s: %d sample%s every %s.%n", result.host(),
                Values.format(result.elapsed()), result.samples(), result.samples() == 1 ? "" : "s",
                Values.format(result.interval()));
        out.println();
        metrics(result, out);
        out.println();
        alerts(result.alertsRaised(), result.alerts(), out);
        out.println();
        handlers(result.handlers(), out);
        out.flush();
    }

    private static void metrics(WatchResult result, PrintWriter out) {
        int width = "metric".length();
        for (MetricSeries.Snapshot metric : result.metrics()) {
            width = Math.max(width, metric.name().length());
        }
        String row = "%-" + width + "s  %10s  %10s  %10s  %10s  %s";
        out.println(String.format(Locale.ROOT, row, "metric", "latest", "min", "max", "mean", "threshold"));
        for (MetricSeries.Snapshot metric : result.metrics()) {
            ThresholdSpec threshold = result.thresholds().get(metric.name());
            out.println(String.format(Locale.ROOT, row, metric.name(), metric.text(metric.latest()),
                    metric.text(metric.min()), metric.text(metric.max()), metric.meanText(),
                    threshold == null ? "" : threshold.label() + stateNote(result.thresholdStates().get(metric.name())))
                    .stripTrailing());
        }
        for (ThresholdSpec threshold : result.thresholds().values()) {
            if (result.metrics().stream().noneMatch(metric -> metric.name().equals(threshold.metric()))) {
                out.printf(Locale.ROOT, "(no reading of %s, so its threshold %s was never checked)%n",
                        threshold.metric(), threshold.label());
            }
        }
    }

    /**
     * {@code " (pending)"} or {@code " (no data)"} after the threshold; nothing when inactive or
     * firing (its alerts are listed below).
     */
    static String stateNote(Threshold.State state) {
        return state == Threshold.State.PENDING || state == Threshold.State.NO_DATA
                ? " (" + LiveOutput.stateWords(state) + ")" : "";
    }

    private void alerts(long raised, List<Alert> alerts, PrintWriter out) {
        if (raised == 0) {
            out.println("Alerts raised: 0");
            return;
        }
        Map<AlertSeverity, Integer> bySeverity = new EnumMap<>(AlertSeverity.class);
        alerts.forEach(alert -> bySeverity.merge(alert.severity(), 1, Integer::sum));
        String of = raised > alerts.size() ? " (newest " + alerts.size() + ": " : " (";
        StringJoiner counts = new StringJoiner(", ", of, ")");
        bySeverity.forEach((severity, count) -> counts.add(count + " " + severity.value()));
        out.println("Alerts raised: " + raised + counts);
        int first = Math.max(0, alerts.size() - ALERTS_LISTED);
        long earlier = raised - (alerts.size() - first);
        if (earlier > 0) {
            out.println("  ... " + earlier + " earlier alert" + (earlier == 1 ? "" : "s") + " (--report lists them)");
        }
        for (Alert alert : alerts.subList(first, alerts.size())) {
            out.println("  " + time.format(alert.timestamp()) + "  " + ConsoleAlertHandler.format(alert));
        }
    }

    private static void handlers(List<HandlerStats> handlers, PrintWriter out) {
        out.println("Alert handlers:");
        int width = "handler".length();
        for (HandlerStats stats : handlers) {
            width = Math.max(width, stats.name().length());
        }
        String row = "  %-" + width + "s  %9s  %6s  %7s  %6s  %10s%n";
        out.printf(Locale.ROOT, row, "handler", "delivered", "failed", "dropped", "queued", "suppressed");
        for (HandlerStats stats : handlers) {
            out.printf(Locale.ROOT, row, stats.name(), stats.delivered(), stats.failed(), stats.dropped(), stats.queued(),
                    stats.suppressed());
        }
    }
}
