package io.calibrax.examples.watch;

import io.calibrax.api.Alert;
import io.calibrax.monitoring.HandlerStats;
import io.calibrax.ui.SvgChart;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import static io.calibrax.ui.Html.escape;

/**
 * Writes a watch as one self-contained HTML page: no script, no stylesheet or font to fetch. It
 * holds the run's facts, the alert timeline, the handlers' delivery statistics and one inline SVG
 * chart per metric (its threshold dashed, its alerts marked). Every text that came from outside
 * (metric names, alert messages, handler names) is HTML-escaped.
 *
 * <p>Stateless apart from the time zone; thread-safe.
 */
final class HtmlReport {
    private final ZoneId zone;

    HtmlReport(ZoneId zone) {
        this.zone = zone;
    }

    /**
     * Writes the page to {@code file} through a temporary file beside it so that a reader never
     * sees half a page. The folder must exist: it is not created. The file gets the usual
     * permissions (the umask's), not a temporary file's owner-only ones.
     */
    void write(WatchResult result, Path file) throws IOException {
        Path temporary = temporaryBeside(file);
        try {
            Files.writeString(temporary, render(result), StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE);
            Files.move(temporary, file.toAbsolutePath(), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /**
     * Fails now, with the reason, where {@link #write} would fail at the end: the folder is
     * missing or not writable, or {@code file} is a folder. Writes and removes an empty temporary
     * file, as the write itself does.
     */
    static void checkWritable(Path file) throws IOException {
        Path absolute = file.toAbsolutePath();
        if (Files.isDirectory(absolute)) {
            throw new IOException(absolute + " is a folder; name the HTML file to write");
        }
        Path directory = absolute.getParent();
        if (directory == null || !Files.isDirectory(directory)) {
            throw new IOException("the folder " + directory + " does not exist (it is not created: make it first)");
        }
        Path temporary = temporaryBeside(file);
        try {
            Files.createFile(temporary);
        } catch (IOException e) {
            String reason = e instanceof FileSystemException failed && failed.getReason() != null
                    ? failed.getReason() : e.getClass().getSimpleName();
            throw new IOException("cannot write in " + directory + " (" + reason + ")", e);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static Path temporaryBeside(Path file) {
        Path absolute = file.toAbsolutePath();
        return absolute.resolveSibling("." + absolute.getFileName() + "." + UUID.randomUUID() + ".tmp");
    }

    /** The page. */
    String render(WatchResult result) {
        StringBuilder html = new StringBuilder(16_384);
        String title = "Calibrax watch of " + result.host() + ", " + dateTime(result.started());
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(escape(title)).append("</title>\n<style>\n").append(STYLE).append("</style>\n")
                .append("</head>\n<body>\n<h1>").append(escape(title)).append("</h1>\n");
        facts(html, result);
        alerts(html, result);
        handlers(html, result.handlers());
        html.append("<h2>Metrics (").append(result.metrics().size()).append(")</h2>\n");
        for (MetricSeries.Snapshot metric : result.metrics()) {
            chart(html, result, metric);
        }
        html.append("<footer>Written by calibrax watch.</footer>\n</body>\n</html>\n");
        return html.toString();
    }

    private void facts(StringBuilder html, WatchResult result) {
        html.append("<dl class=\"facts\">\n");
        fact(html, "Host", result.host());
        fact(html, "From", dateTime(result.started()) + " to " + time(result.ended()));
        fact(html, "Samples", result.samples() + " every " + Values.format(result.interval()) + " for "
                + Values.format(result.elapsed()));
        fact(html, "Thresholds", result.thresholds().isEmpty() ? "none"
                : String.join(", ", result.thresholds().values().stream().map(ThresholdSpec::toString).sorted().toList()));
        fact(html, "GPUs", result.gpus().isEmpty() ? "none found" : String.join(", ", result.gpus()));
        html.append("</dl>\n");
    }

    private static void fact(StringBuilder html, String term, String value) {
        html.append("<dt>").append(escape(term)).append("</dt><dd>").append(escape(value)).append("</dd>\n");
    }

    private void alerts(StringBuilder html, WatchResult result) {
        html.append("<h2>Alert timeline (").append(result.alertsRaised()).append(")</h2>\n");
        if (result.alertsRaised() > result.alerts().size()) {
            html.append("<p>The ").append(result.alertsRaised() - result.alerts().size())
                    .append(" oldest alerts are left out; the newest ").append(result.alerts().size()).append(" follow.</p>\n");
        }
        if (result.alerts().isEmpty()) {
            html.append("<p>No alert was raised.</p>\n");
            return;
        }
        html.append("<table class=\"alerts\">\n<thead><tr><th>time</th><th>after</th><th>severity</th><th>metric</th>")
                .append("<th class=\"num\">value</th><th class=\"num\">threshold</th><th>message</th></tr></thead>\n<tbody>\n");
        for (Alert alert : result.alerts()) {
            String severity = alert.severity().value();
            html.append("<tr><td>").append(escape(time(alert.timestamp()))).append("</td><td>+")
                    .append(escape(Values.format(Duration.between(result.started(), alert.timestamp()))))
                    .append("</td><td><span class=\"sev ").append(severity).append("\">").append(severity)
                    .append("</span></td><td>").append(escape(alert.metricName())).append("</td><td class=\"num\">")
                    .append(escape(Values.format(alert.metricValue()))).append("</td><td class=\"num\">")
                    .append(escape(Values.format(alert.threshold()))).append("</td><td>").append(escape(alert.message()))
                    .append("</td></tr>\n");
        }
        html.append("</tbody>\n</table>\n");
    }

    private static void handlers(StringBuilder html, List<HandlerStats> handlers) {
        html.append("<h2>Alert handlers</h2>\n<table>\n<thead><tr><th>handler</th><th class=\"num\">delivered</th>")
                .append("<th class=\"num\">failed</th><th class=\"num\">dropped</th><th class=\"num\">queued</th></tr></thead>\n")
                .append("<tbody>\n");
        for (HandlerStats stats : handlers) {
            html.append("<tr><td>").append(escape(stats.name())).append("</td><td class=\"num\">").append(stats.delivered())
                    .append("</td><td class=\"num\">").append(stats.failed()).append("</td><td class=\"num\">")
                    .append(stats.dropped()).append("</td><td class=\"num\">").append(stats.queued()).append("</td></tr>\n");
        }
        html.append("</tbody>\n</table>\n");
    }

    private void chart(StringBuilder html, WatchResult result, MetricSeries.Snapshot metric) {
        ThresholdSpec threshold = result.thresholds().get(metric.name());
        html.append("<section class=\"metric\">\n<h3>").append(escape(metric.name())).append("</h3>\n<p class=\"stats\">")
                .append("latest <b>").append(metric.text(metric.latest())).append("</b> · min ")
                .append(metric.text(metric.min())).append(" · max ").append(metric.text(metric.max()))
                .append(" · mean ").append(metric.meanText()).append(" · ").append(metric.count())
                .append(metric.count() == 1 ? " reading" : " readings");
        if (threshold != null) {
            html.append(" · alert when ").append(escape(threshold.label()));
        }
        html.append("</p>\n");

        SvgChart chart = SvgChart.of(metric.name())
                .axis(result.started().toEpochMilli(), result.ended().toEpochMilli(), clock(result.started()),
                        clock(result.ended()))
                .series(Arrays.stream(metric.times()).asDoubleStream().toArray(), metric.values())
                .range(metric.min(), metric.max());
        if (threshold != null) {
            chart.threshold(threshold.value(), threshold.label());
        }
        for (Alert alert : result.alerts()) {
            if (alert.metricName().equals(metric.name())) {
                chart.mark(alert.timestamp().toEpochMilli(), alert.metricValue(), alert.severity().value(),
                        time(alert.timestamp()) + " [" + alert.severity().value() + "] " + alert.message());
            }
        }
        chart.appendTo(html);
        html.append("</section>\n");
    }

    private String dateTime(Instant instant) {
        return DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss xxx", Locale.ROOT).withZone(zone).format(instant);
    }

    private String clock(Instant instant) {
        return DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT).withZone(zone).format(instant);
    }

    private String time(Instant instant) {
        return DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT).withZone(zone).format(instant);
    }

    private static final String STYLE = """
            :root { color-scheme: light dark; --fg: #1d2330; --muted: #5f6b7a; --line: #d9dee5; --accent: #2f6fde;
                    --bg: #ffffff; --panel: #f6f8fa; }
            @media (prefers-color-scheme: dark) { :root { --fg: #e6e9ee; --muted: #9aa5b4; --line: #343b46;
                    --accent: #6ea2ff; --bg: #14171c; --panel: #1b1f26; } }
            body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg);
                   background: var(--bg); max-width: 960px; margin: 2rem auto; padding: 0 1rem; }
            h1 { font-size: 1.4rem; } h2 { font-size: 1.15rem; margin-top: 2rem; } h3 { font-size: 1rem; margin: 0; }
            .facts { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; }
            .facts dt { color: var(--muted); } .facts dd { margin: 0; }
            table { border-collapse: collapse; width: 100%; } th, td { text-align: left; padding: .3rem .5rem;
                    border-bottom: 1px solid var(--line); vertical-align: top; }
            th { color: var(--muted); font-weight: 600; } .num { text-align: right; font-variant-numeric: tabular-nums; }
            .sev { padding: .05rem .45rem; border-radius: .6rem; font-size: .85em; color: #fff; }
            .sev.info { background: #4b7bd1; } .sev.warning { background: #c98a00; }
            .sev.error { background: #d2521d; } .sev.critical { background: #b3123b; }
            .metric { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: .8rem 1rem;
                      margin: 1rem 0; }
            .stats { color: var(--muted); margin: .2rem 0 .4rem; font-variant-numeric: tabular-nums; }
            """ + SvgChart.STYLE + """
            footer { color: var(--muted); margin: 2rem 0; font-size: .85em; }
            """;
}
