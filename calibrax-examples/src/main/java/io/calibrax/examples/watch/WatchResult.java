package io.calibrax.examples.watch;

import io.calibrax.api.Alert;
import io.calibrax.monitoring.HandlerStats;
import io.calibrax.monitoring.Threshold;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a watch saw, for the summary table and the HTML report.
 *
 * <p>Immutable: the lists and map are copied.
 *
 * @param host       the machine's name
 * @param started    when the first sample was taken
 * @param ended      when the watch stopped
 * @param interval   the sampling interval
 * @param samples    how many samples were taken
 * @param metrics    every metric's readings, in display order
 * @param thresholds the thresholds by metric name
 * @param alertsRaised how many alerts were raised
 * @param alerts     the alerts raised, oldest first (the newest {@value WatchSession#MAX_ALERTS_KEPT} of a long run)
 * @param handlers   delivery statistics of every alert handler
 * @param gpus       the GPUs watched, such as {@code 0: NVIDIA H100 80GB HBM3}
 * @param thresholdStates where each threshold stood at the end (pending, firing, no data), by metric name
 * @since 0.1.0
 */
public record WatchResult(String host, Instant started, Instant ended, Duration interval, long samples,
                   List<MetricSeries.Snapshot> metrics, Map<String, ThresholdSpec> thresholds, long alertsRaised, List<Alert> alerts,
                   List<HandlerStats> handlers, List<String> gpus, Map<String, Threshold.State> thresholdStates) {

    /** Copies the lists and map. */
    public WatchResult {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(started, "started");
        Objects.requireNonNull(ended, "ended");
        Objects.requireNonNull(interval, "interval");
        metrics = List.copyOf(metrics);
        thresholds = Map.copyOf(thresholds);
        alerts = List.copyOf(alerts);
        handlers = List.copyOf(handlers);
        gpus = List.copyOf(gpus);
        thresholdStates = Map.copyOf(thresholdStates);
    }

    /** A result without threshold states. */
    public WatchResult(String host, Instant started, Instant ended, Duration interval, long samples,
                       List<MetricSeries.Snapshot> metrics, Map<String, ThresholdSpec> thresholds, long alertsRaised,
                       List<Alert> alerts, List<HandlerStats> handlers, List<String> gpus) {
        this(host, started, ended, interval, samples, metrics, thresholds, alertsRaised, alerts, handlers, gpus, Map.of());
    }

    /** How long the watch ran. */
    public Duration elapsed() {
        return Duration.between(started, ended);
    }

    /** Prints the summary table: per metric latest, min, max, mean; the alerts; each handler's deliveries. */
    public void printSummary(PrintWriter out, ZoneId zone) {
        new SummaryTable(zone).print(this, out);
    }

    /**
     * Checks before a watch that {@link #writeReport} will be able to write {@code file}.
     *
     * @throws IOException saying why not: a missing or unwritable folder, or a folder named
     */
    public static void checkReportWritable(Path file) throws IOException {
        HtmlReport.checkWritable(file);
    }

    /**
     * Writes the self-contained HTML report to {@code file}, replacing it; its folder must exist.
     *
     * @throws IOException if it cannot be written
     */
    public void writeReport(Path file, ZoneId zone) throws IOException {
        new HtmlReport(zone).write(this, file);
    }
}
