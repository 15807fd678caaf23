package io.calibrax.examples.watch;

import io.calibrax.api.Alert;
import io.calibrax.api.AlertSeverity;
import io.calibrax.monitoring.HandlerStats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HtmlReportTest {
    private static final Instant START = Instant.parse("2025-01-31T09:15:00Z");

    private final HtmlReport report = new HtmlReport(ZoneOffset.UTC);

    @Test
    void writesOneSelfContainedPageWithOneChartPerMetric(@TempDir Path dir) throws IOException {
        Path file = Files.createDirectories(dir.resolve("nested")).resolve("report.html");

        report.write(result(), file);

        String html = Files.readString(file);
        assertThat(html).startsWith("<!DOCTYPE html>").endsWith("</html>\n");
        assertThat(count(html, "<svg")).isEqualTo(3);
        assertThat(count(html, "</svg>")).isEqualTo(3);
        assertThat(html).doesNotContain("<script", "<link", "src=\"http", "href=\"http");
        assertThat(html).contains("<h3>cpu_percent</h3>", "<h3>memory_rss_mb</h3>");
        assertThat(dir.resolve("nested")).isDirectoryNotContaining(path -> path.getFileName().toString().endsWith(".tmp"));
    }

    @Test
    void aMissingFolderIsRefusedBeforeAndNotCreated(@TempDir Path dir) {
        Path file = dir.resolve("missing/report.html");

        assertThatThrownBy(() -> HtmlReport.checkWritable(file)).isInstanceOf(IOException.class)
                .hasMessageContaining(dir.resolve("missing").toString()).hasMessageContaining("does not exist");
        assertThatThrownBy(() -> report.write(result(), file)).isInstanceOf(IOException.class);
        assertThat(dir.resolve("missing")).doesNotExist();
    }

    @Test
    void anUnwritableFolderIsRefusedBefore() {
        assertThatThrownBy(() -> HtmlReport.checkWritable(Path.of("/proc/report.html")))
                .isInstanceOf(IOException.class).hasMessageContaining("cannot write in /proc");
    }

    @Test
    void checkingLeavesNothingBehind(@TempDir Path dir) throws IOException {
        HtmlReport.checkWritable(dir.resolve("report.html"));

        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void drawsThresholdSeriesAndAlertMarks() {
        String html = report.render(result());

        String cpuChart = between(html, "<h3>cpu_percent</h3>", "</svg>");
        assertThat(cpuChart).contains("class=\"threshold\"", "threshold &gt; 90", "<polyline class=\"series\"",
                "class=\"mark warning\"");
        assertThat(count(between(html, "<h3>memory_rss_mb</h3>", "</svg>"), "class=\"mark")).isZero();
        // 4 readings in the cpu polyline
        Matcher points = Pattern.compile("points=\"([^\"]*)\"").matcher(cpuChart);
        assertThat(points.find()).isTrue();
        assertThat(points.group(1).split(" ")).hasSize(4);
    }

    @Test
    void listsTheAlertTimelineAndHandlerStats() {
        String html = report.render(result());

        assertThat(html).contains("Alert timeline (2)", "09:15:02.000", "+2s", "<span class=\"sev warning\">warning</span>",
                "<span class=\"sev info\">info</span>", "slack", ">7<");
    }

    @Test
    void escapesEverythingThatComesFromOutside() {
        Alert hostile = new Alert("<script>alert('x')</script> & \"more\"\u0007", AlertSeverity.CRITICAL, "q<1>",
                5, 1, START.plusSeconds(1), Map.of());
        WatchResult result = new WatchResult("host<&>", START, START.plusSeconds(3), Duration.ofSeconds(1), 2,
                List.of(series("q<1>", 1, 5)), Map.of(), 1, List.of(hostile),
                List.of(new HandlerStats("h\"<x>", 1, 0, 0, 0)), List.of("0: <gpu>"));

        String html = report.render(result);

        assertThat(html).doesNotContain("<script>", "q<1>", "host<&>", "h\"<x>", "<gpu>", "\u0007")
                .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;more&quot;", "q&lt;1&gt;",
                        "host&lt;&amp;&gt;", "h&quot;&lt;x&gt;", "0: &lt;gpu&gt;");
    }

    @Test
    void saysSoWhenNoAlertWasRaised() {
        WatchResult quiet = new WatchResult("box", START, START.plusSeconds(1), Duration.ofMillis(200), 6,
                List.of(series("cpu_percent", 1, 2)), Map.of(), 0, List.of(), List.of(), List.of());

        String html = report.render(quiet);

        assertThat(html).contains("Alert timeline (0)", "No alert was raised.");
        assertThat(count(html, "<svg")).isEqualTo(1);
    }

    static WatchResult result() {
        Alert breach = new Alert("cpu_percent exceeded threshold: 95.00 > 90.00 (trend: increasing)",
                AlertSeverity.WARNING, "cpu_percent", 95, 90, START.plusSeconds(2), Map.of("trend", "increasing"));
        Alert resolved = new Alert("cpu_percent back to normal", AlertSeverity.INFO, "cpu_percent", 40, 90,
                START.plusSeconds(3), Map.of("state", "resolved"));
        return new WatchResult("box", START, START.plusSeconds(3), Duration.ofSeconds(1), 4,
                List.of(series("cpu_percent", 10, 50, 95, 40), series("memory_rss_mb", 80, 81, 82, 83),
                        series("jvm_threads", 12)),
                Map.of("cpu_percent", ThresholdSpec.parse("cpu_percent>90")), 2, List.of(breach, resolved),
                List.of(new HandlerStats("console", 2, 0, 0, 0), new HandlerStats("slack", 7, 0, 0, 0)), List.of());
    }

    static MetricSeries.Snapshot series(String name, double... values) {
        MetricSeries series = new MetricSeries(name);
        for (int i = 0; i < values.length; i++) {
            series.add(START.plusSeconds(i).toEpochMilli(), values[i]);
        }
        return series.snapshot();
    }

    static int count(String text, String needle) {
        int count = 0;
        for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length())) {
            count++;
        }
        return count;
    }

    private static String between(String text, String from, String to) {
        int start = text.indexOf(from);
        assertThat(start).as("'%s' in the page", from).isNotNegative();
        return text.substring(start, text.indexOf(to, start) + to.length());
    }
}
