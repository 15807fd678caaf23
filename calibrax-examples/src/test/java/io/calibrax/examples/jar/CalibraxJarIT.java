package io.calibrax.examples.jar;

import com.sun.net.httpserver.HttpServer;
import io.calibrax.spi.AlertHandlerProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a new user tries in the first hour, through the real {@code calibrax.jar}: the README's
 * plugin through {@code --plugins}, a typo'd key, a wrong Slack URL, an unwritable report, exit
 * codes, {@code help}, and {@code demo}.
 */
class CalibraxJarIT {
    @TempDir
    Path dir;

    private final BlockingQueue<String> posted = new LinkedBlockingQueue<>();
    private HttpServer server;

    @BeforeEach
    void startWebhookServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/hook", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                posted.add(new String(body.readAllBytes(), StandardCharsets.UTF_8));
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopWebhookServer() {
        server.stop(0);
    }

    private String hookUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    /** The README's plugin, compiled against calibrax-api alone, in a plugins folder. */
    private Path readmePluginFolder() throws IOException {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        PluginJars.alertHandlerPlugin(plugins.resolve("a-webhook.jar"),
                PluginJars.readmeJavaBlock("class WebhookHandlerProvider"),
                List.of(PluginJars.locationOf(AlertHandlerProvider.class)));
        return plugins;
    }

    @Test
    void theReadmesPluginWorksThroughPluginsInTestHandlersAndWatch() throws Exception {
        Path plugins = readmePluginFolder();
        Map<String, String> env = Map.of("EXAMPLE_WEBHOOK_URL", hookUrl());

        CalibraxJar.Result test = CalibraxJar.run(dir, env, "test-handlers", "--plugins", plugins.toString());

        assertThat(test.exitCode()).as(test.toString()).isZero();
        assertThat(test.out()).containsPattern("webhook +ok +\\S+ +delivered");
        assertThat(posted.poll(10, TimeUnit.SECONDS)).isNotBlank();

        CalibraxJar.Result watch = CalibraxJar.run(dir, env, "watch", "--plugins", plugins.toString(),
                "--duration", "1s", "--interval", "200ms", "--threshold", "memory_rss_mb=1");

        assertThat(watch.exitCode()).as(watch.toString()).isZero();
        assertThat(watch.out()).contains("Alert handlers: webhook, console");
        assertThat(posted.poll(10, TimeUnit.SECONDS)).contains("memory_rss_mb exceeded threshold");
    }

    @Test
    void theSettingNamesThePluginFolderToo() throws Exception {
        Path plugins = readmePluginFolder();

        CalibraxJar.Result test = CalibraxJar.run(dir, Map.of("EXAMPLE_WEBHOOK_URL", hookUrl(),
                "CALIBRAX_PLUGINS_DIR", plugins.toString()), "test-handlers");

        assertThat(test.exitCode()).as(test.toString()).isZero();
        assertThat(test.out()).containsPattern("webhook +ok");
    }

    @Test
    void aMissingPluginFolderIsABadArgument() throws Exception {
        CalibraxJar.Result result = CalibraxJar.run(dir, Map.of(), "watch", "--plugins", dir.resolve("none").toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains("'--plugins'", dir.resolve("none").toString());
        assertThat(result.out()).isEmpty();
    }

    @Test
    void aTypodKeyIsWarnedAboutOnceNamingTheNearestKnownKey() throws Exception {
        Files.writeString(dir.resolve("calibrax.properties"), "calibrax.slack.min-severty=warning\n"
                + "calibrax.watch.threshold=cpu_percent>90\n");

        CalibraxJar.Result result = CalibraxJar.run(dir, Map.of("CALIBRAX_SLACK_WEBHOOKURL", "x"), "watch",
                "--duration", "300ms", "--interval", "100ms");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.err()).contains(
                "Unknown configuration key calibrax.slack.min-severty: no part of Calibrax or its plugins reads it; "
                        + "did you mean calibrax.slack.min-severity?",
                "calibrax.watch.threshold", "did you mean calibrax.watch.thresholds?",
                "CALIBRAX_SLACK_WEBHOOKURL", "did you mean CALIBRAX_SLACK_WEBHOOK_URL?");
        assertThat(result.err().split("calibrax.slack.min-severty", -1)).hasSize(2); // once
    }

    @Test
    void aMisspeltDisabledPluginIsPointedOut() throws Exception {
        CalibraxJar.Result result = CalibraxJar.run(dir, Map.of("CALIBRAX_PLUGINS_DISABLED", "slak"), "watch",
                "--duration", "300ms", "--interval", "100ms");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.err()).contains("calibrax.plugins.disabled names 'slak'", "did you mean slack?");
    }

    @Test
    void aWrongSlackUrlExitsTwoBeforeAnyWorkNamingTheKeyButNotTheSecret() throws Exception {
        Map<String, String> env = Map.of("CALIBRAX_SLACK_WEBHOOK_URL", "not a url");

        for (String command : List.of("watch", "test-handlers")) {
            CalibraxJar.Result result = CalibraxJar.run(dir, env, command); // watch has no --duration: it must not start

            assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
            assertThat(result.err().lines()).singleElement().asString()
                    .startsWith("calibrax " + command + ": ").contains("calibrax.slack.webhook-url")
                    .doesNotContain("not a url");
            assertThat(result.out()).isEmpty();
        }
    }

    @Test
    void anUnwritableReportExitsTwoBeforeWatching() throws Exception {
        long start = System.nanoTime();
        CalibraxJar.Result proc = CalibraxJar.run(dir, Map.of(), "watch", "--duration", "20s", "--report", "/proc/x.html");
        CalibraxJar.Result missing = CalibraxJar.run(dir, Map.of(), "watch", "--duration", "20s", "--report",
                dir.resolve("no/such/folder/x.html").toString());

        assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(20)); // neither watched
        assertThat(proc.exitCode()).as(proc.toString()).isEqualTo(2);
        assertThat(proc.err()).contains("'--report'", "/proc");
        assertThat(proc.out()).isEmpty();
        assertThat(missing.exitCode()).as(missing.toString()).isEqualTo(2);
        assertThat(missing.err()).contains("'--report'", "does not exist");
        assertThat(dir.resolve("no")).doesNotExist();
    }

    @Test
    void badSettingsExitTwoWithOneLineAndRuntimeSuccessZero() throws Exception {
        CalibraxJar.Result maxAlerts = CalibraxJar.run(dir, Map.of("CALIBRAX_ALERTS_MAX_ALERTS", "abc"), "watch",
                "--duration", "1s");
        CalibraxJar.Result bool = CalibraxJar.run(dir, Map.of("CALIBRAX_CONSOLE_ENABLED", "yes"), "test-handlers");
        CalibraxJar.Result nvml = CalibraxJar.run(dir, Map.of("CALIBRAX_NVML_LIBRARY",
                dir.resolve("libnvidia-ml.so.1").toString()), "gpu");

        assertThat(maxAlerts.exitCode()).as(maxAlerts.toString()).isEqualTo(2);
        assertThat(maxAlerts.err().lines()).singleElement().asString().contains("calibrax.alerts.max-alerts", "'abc'");
        assertThat(bool.exitCode()).as(bool.toString()).isEqualTo(2);
        assertThat(bool.err()).contains("calibrax.console.enabled", "'yes'", "true or false");
        assertThat(nvml.exitCode()).as(nvml.toString()).isEqualTo(2);
        assertThat(nvml.err()).contains("calibrax.nvml.library", "no such file");
    }

    @Test
    void durationsReadAsTheConfigurationReadsThem() throws Exception {
        CalibraxJar.Result fractional = CalibraxJar.run(dir, Map.of(), "watch", "--duration", "1.5s");
        CalibraxJar.Result iso = CalibraxJar.run(dir, Map.of(), "watch", "--duration", "PT1S", "--interval", "500ms");

        assertThat(fractional.exitCode()).as(fractional.toString()).isZero();
        assertThat(fractional.out()).containsPattern("Watched .* for 1\\.5\\d*s: 2 samples every 1s\\.");
        assertThat(iso.exitCode()).as(iso.toString()).isZero();
        assertThat(iso.out()).contains("every 500ms for 1s");
    }

    @Test
    void aThrowingPluginIsOneLineAndTwoPluginsWithOneNameResolveAlikeEverywhere() throws Exception {
        Path plugins = readmePluginFolder();
        List<Path> api = List.of(PluginJars.locationOf(AlertHandlerProvider.class));
        PluginJars.alertHandlerPlugin(plugins.resolve("b-other-webhook.jar"), """
                package com.example.other;

                import io.calibrax.api.AlertHandler;
                import io.calibrax.spi.AlertHandlerProvider;
                import io.calibrax.spi.CalibraxConfig;
                import java.util.Optional;

                public final class OtherWebhookProvider implements AlertHandlerProvider {
                    @Override public String name() { return "webhook"; }
                    @Override public Optional<AlertHandler> create(CalibraxConfig config) {
                        return Optional.of(alert -> { throw new IllegalStateException("the other webhook"); });
                    }
                }
                """, api);
        PluginJars.alertHandlerPlugin(plugins.resolve("c-throwing.jar"), """
                package com.example.broken;

                import io.calibrax.api.AlertHandler;
                import io.calibrax.spi.AlertHandlerProvider;
                import io.calibrax.spi.CalibraxConfig;
                import java.util.Optional;

                public final class ThrowingProvider implements AlertHandlerProvider {
                    @Override public String name() { return "throwing"; }
                    @Override public Optional<AlertHandler> create(CalibraxConfig config) {
                        throw new IllegalStateException("this plugin is broken");
                    }
                }
                """, api);
        Map<String, String> env = Map.of("EXAMPLE_WEBHOOK_URL", hookUrl());

        CalibraxJar.Result watch = CalibraxJar.run(dir, env, "watch", "--plugins", plugins.toString(),
                "--duration", "300ms", "--interval", "100ms");
        CalibraxJar.Result test = CalibraxJar.run(dir, env, "test-handlers", "--plugins", plugins.toString());

        assertThat(watch.exitCode()).as(watch.toString()).isZero();
        assertThat(watch.err()).contains("com.example.broken.ThrowingProvider", "this plugin is broken")
                .doesNotContain("\tat ");
        assertThat(watch.err().lines().filter(line -> line.contains("ThrowingProvider"))).hasSize(1);
        // the first found wins, in both commands: the JAR whose file name sorts first
        assertThat(watch.err()).contains("Two AlertHandlerProviders are named 'webhook'",
                "using the first found, com.example.calibrax.WebhookHandlerProvider");
        assertThat(watch.out()).contains("Alert handlers: webhook, console");
        assertThat(test.exitCode()).as(test.toString()).isEqualTo(1); // the throwing plugin could not be created
        assertThat(test.out()).containsPattern("webhook +ok +\\S+ +delivered")
                .containsPattern("throwing +FAILED .*this plugin is broken");
        assertThat(test.err()).contains("using the first found, com.example.calibrax.WebhookHandlerProvider")
                .doesNotContain("\tat ");
    }

    @Test
    void helpNamesEveryCommandAndEachCommandsOptions() throws Exception {
        CalibraxJar.Result help = CalibraxJar.run(dir, Map.of(), "help");
        CalibraxJar.Result watchHelp = CalibraxJar.run(dir, Map.of(), "help", "watch");

        assertThat(help.exitCode()).as(help.toString()).isZero();
        assertThat(help.out()).contains("demo", "watch", "gpu", "test-handlers", "help");
        assertThat(watchHelp.exitCode()).as(watchHelp.toString()).isZero();
        assertThat(watchHelp.out()).contains("Usage: calibrax watch", "--plugins", "until Ctrl-C");
    }

    @Test
    void demoPrintsTheSeedsLines() throws Exception {
        CalibraxJar.Result demo = CalibraxJar.run(dir, Map.of(), "demo");

        assertThat(demo.exitCode()).as(demo.toString()).isZero();
        assertThat(demo.out().lines()).contains(
                "[warning] Throughput below minimum: throughput=850.00 (threshold=1000.00)",
                "[warning] latency exceeded threshold: 1.90 > 1.50 (trend: increasing): latency=1.90 (threshold=1.50)",
                "Thresholds: {latency=1.5, throughput=500.0}",
                "Overall health: degraded",
                "  Success rate: 50.0%");
        assertThat(demo.err()).isEmpty();
    }
}
