package io.calibrax.examples.cli;

import com.sun.net.httpserver.HttpServer;
import io.calibrax.examples.plugin.AlertLogHandlerProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;


import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class WatchCommandTest {
    @TempDir
    Path dir;

    @Test
    void watchesForTheDurationAndSummarizesEveryMetric() {
        Cli.Result result = Cli.run("watch", "--duration", "2s", "--interval", "200ms");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out())
                .contains("Watching ", "every 200ms for 2s", "Thresholds: none", "Alert handlers: console", "GPUs: none found")
                .containsPattern("Watched .* for 2(\\.\\d+)?s: ([5-9]|10) samples every 200ms\\.")
                .containsPattern("(?m)^metric +latest +min +max +mean +threshold$")
                .containsPattern("(?m)^cpu_percent( +[0-9.]+){4}$")
                .containsPattern("(?m)^memory_rss_mb( +[0-9.]+){4}$")
                .contains("Alerts raised: 0", "Alert handlers:")
                .containsPattern("(?m)^  console +0 +0 +0 +0 +0$");
        // not a terminal here: one plain line per sample (10 unless a slow machine made the monitor skip a tick)
        Matcher samples = Pattern.compile("Watched .*: (\\d+) samples").matcher(result.out());
        assertThat(samples.find()).isTrue();
        assertThat(result.out().lines().filter(line -> line.contains("  cpu_percent=")).count())
                .isEqualTo(Long.parseLong(samples.group(1)));
        assertThat(result.err()).isEmpty();
    }

    @Test
    void sendsAlertsToTheConsoleAndEveryConfiguredHandlerAndWritesTheReport() throws IOException {
        Path alertLog = dir.resolve("alerts.log");
        Path config = Files.writeString(dir.resolve("calibrax.properties"),
                AlertLogHandlerProvider.FILE + "=" + alertLog + "\n"
                        + WatchCommand.THRESHOLDS + "=memory_rss_mb>1, system_memory_percent<0.001\n");
        Path report = Files.createDirectories(dir.resolve("out")).resolve("report.html");

        Cli.Result result = Cli.run("watch", "--duration", "600ms", "--interval", "200ms", "--config", config.toString(),
                "--report", report.toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out())
                .contains("Thresholds: memory_rss_mb>1, system_memory_percent<0.001")
                .contains("Alert handlers: alert-log, console")
                .containsPattern("\\[critical\\] memory_rss_mb exceeded threshold: [0-9.]+ > 1\\.00")
                .containsPattern("(?m)^memory_rss_mb( +[0-9.]+){4}  > 1$")
                .containsPattern("(?m)^system_memory_percent( +[0-9.]+){4}  < 0\\.001$")
                .contains("Alerts raised: 1 (1 critical)")
                .containsPattern("(?m)^  console +1 +0 +0 +0 +0$")
                .containsPattern("(?m)^  alert-log +1 +0 +0 +0 +0$")
                .contains("Report written to " + report.toAbsolutePath());
        assertThat(Files.readString(alertLog)).contains("[critical] memory_rss_mb exceeded threshold");

        String html = Files.readString(report);
        List<String> metrics = summaryMetrics(result.out());
        assertThat(metrics).contains("cpu_percent", "memory_rss_mb");
        assertThat(count(html, "<svg")).isEqualTo(metrics.size());
        for (String metric : metrics) {
            assertThat(html).contains("<h3>" + metric + "</h3>");
        }
        assertThat(html).contains("Alert timeline (1)", "memory_rss_mb exceeded threshold");
    }

    @Test
    void aHandlerThatFailsToDeliverIsCountedAsFailedAndMakesWatchExitOne() throws IOException {
        HttpServer slack = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        AtomicInteger posts = new AtomicInteger();
        slack.createContext("/", exchange -> {
            posts.incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(500, -1);
            exchange.close();
        });
        slack.start();
        try {
            Path config = Files.writeString(dir.resolve("calibrax.properties"),
                    "calibrax.slack.webhook-url=http://127.0.0.1:" + slack.getAddress().getPort()
                            + "/services/T000/B000/xqZsEcReTtOkEn0123456789\n"
                            + "calibrax.slack.max-attempts=1\n"
                            + WatchCommand.THRESHOLDS + "=memory_rss_mb>1\n");

            Cli.Result result = Cli.run("watch", "--duration", "600ms", "--interval", "200ms", "--config",
                    config.toString());

            assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
            assertThat(result.out()).containsPattern("(?m)^  slack +0 +1 +0 +0 +0$");
            assertThat(result.err()).contains("alert handler 'slack' did not deliver 1 alert(s) (1 failed");
            assertThat(posts).hasValue(1);
        } finally {
            slack.stop(0);
        }
    }

    @Test
    void aQueueCapacityPastWhatMemoryCanHoldIsRefusedByName() throws IOException {
        Path config = Files.writeString(dir.resolve("calibrax.properties"),
                "calibrax.alerts.queue-capacity=2147483647\n");

        Cli.Result result = Cli.run("watch", "--duration", "400ms", "--interval", "200ms", "--config", config.toString());

        assertThat(result.exitCode()).as(result.toString()).isNotZero();
        assertThat(result.err()).contains("calibrax.alerts.queue-capacity").contains("2147483647")
                .doesNotContain("-2147483648");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--interval|0s|'--interval'",
            "--interval|5ms|'--interval'",
            "--interval|fast|'--interval'",
            "--duration|-1s|'--duration'",
            "--threshold|cpu_percent|'--threshold'",
            "--threshold|cpu_percent=lots|'--threshold'",
    })
    void badArgumentsExitTwoNamingTheArgument(String option, String value, String named) {
        Cli.Result result = Cli.run("watch", option, value);

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).startsWith("calibrax watch: ").contains(named, value, "calibrax watch --help");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void aDurationShorterThanTheIntervalIsRefused() {
        Cli.Result result = Cli.run("watch", "--duration", "500ms", "--interval", "1s");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("'--duration'", "'500ms'", "shorter than the interval");
    }

    @Test
    void twoThresholdsForOneMetricAreRefused() {
        Cli.Result result = Cli.run("watch", "--threshold", "cpu_percent=90", "--threshold", "cpu_percent<5");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("'--threshold'", "cpu_percent has two thresholds");
    }

    @Test
    void aReportPathThatIsADirectoryIsRefusedBeforeWatching() {
        Cli.Result result = Cli.run("watch", "--report", dir.toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("'--report'", "is a folder");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void aReportInAMissingFolderIsRefusedBeforeWatchingAndTheFolderIsNotCreated() {
        Path report = dir.resolve("missing/report.html");

        Cli.Result result = Cli.run("watch", "--duration", "1s", "--report", report.toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains("'--report'", dir.resolve("missing").toString(), "does not exist");
        assertThat(result.out()).isEmpty();
        assertThat(dir.resolve("missing")).doesNotExist();
    }

    @Test
    void aWrongCoreSettingExitsTwoBeforeWatchingNamingTheKey() throws IOException {
        Path config = Files.writeString(dir.resolve("calibrax.properties"), "calibrax.alerts.max-alerts=abc\n");

        Cli.Result result = Cli.run("watch", "--duration", "1s", "--config", config.toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).startsWith("calibrax watch: ").contains("calibrax.alerts.max-alerts", "'abc'");
        assertThat(result.err().lines().count()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
    }

    @Test
    void aWrongPluginSettingExitsTwoBeforeWatchingNamingTheKey() throws IOException {
        Path config = Files.writeString(dir.resolve("calibrax.properties"), "calibrax.alertmanager.url=not a url\n");

        Cli.Result result = Cli.run("watch", "--duration", "1s", "--config", config.toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).startsWith("calibrax watch: ").contains("calibrax.alertmanager.url");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void aBadThresholdInTheConfigurationNamesTheSetting() throws IOException {
        Path config = Files.writeString(dir.resolve("calibrax.properties"), WatchCommand.THRESHOLDS + "=cpu_percent~90\n");

        Cli.Result result = Cli.run("watch", "--config", config.toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains(WatchCommand.THRESHOLDS, "'cpu_percent~90'");
    }

    /** The metric names of the summary table, in order. */
    private static List<String> summaryMetrics(String out) {
        String table = out.substring(out.indexOf("\nmetric "), out.indexOf("\nAlerts raised"));
        Matcher row = Pattern.compile("(?m)^([a-z0-9_]+) +[0-9.]").matcher(table);
        List<String> names = new java.util.ArrayList<>();
        while (row.find()) {
            names.add(row.group(1));
        }
        return names;
    }

    private static int count(String text, String needle) {
        int count = 0;
        for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length())) {
            count++;
        }
        return count;
    }
}
