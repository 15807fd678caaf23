package io.calibrax.examples.cli;

import com.sun.net.httpserver.HttpServer;
import io.calibrax.examples.plugin.AlertLogHandlerProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class TestHandlersCommandTest {
    @TempDir
    Path dir;

    /** A stand-in Alertmanager on loopback: records each POST body, answers with {@link #status}. */
    private HttpServer alertmanager;
    private final List<String> posted = new CopyOnWriteArrayList<>();
    private final AtomicInteger status = new AtomicInteger(200);

    @BeforeEach
    void startAlertmanager() throws IOException {
        alertmanager = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        alertmanager.createContext("/api/v2/alerts", exchange -> {
            posted.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] body = (status.get() == 200 ? "" : "{\"message\":\"bad alert\"}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status.get(), body.length == 0 ? -1 : body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        alertmanager.start();
    }

    @AfterEach
    void stopAlertmanager() {
        alertmanager.stop(0);
    }

    @Test
    void withNothingConfiguredItSaysSoAndHowToConfigure() {
        Cli.Result result = Cli.run("test-handlers", "--config", config("").toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out())
                .contains("No alert handler is configured")
                .contains("slack: set calibrax.slack.webhook-url")
                .contains("email: set calibrax.email.host, calibrax.email.from and calibrax.email.to")
                .contains("alertmanager: set calibrax.alertmanager.url")
                .contains("alert-log");
    }

    @Test
    void sendsATestAlertThroughEveryConfiguredHandlerAndReportsEach() throws IOException {
        Path log = dir.resolve("alerts.log");
        Path config = config(AlertLogHandlerProvider.FILE + "=" + log + "\n"
                + "calibrax.alertmanager.url=" + alertmanagerUrl() + "\n");

        Cli.Result result = Cli.run("test-handlers", "--config", config.toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out())
                .contains("Test alert sent through 2 handlers:")
                .containsPattern("alert-log +ok +\\S+ +delivered")
                .containsPattern("alertmanager +ok +\\S+ +delivered");
        assertThat(Files.readString(log)).contains("[warning] Calibrax test alert", "calibrax_test=1.00");
        assertThat(posted).isNotEmpty();
        assertThat(posted.get(0)).contains("calibrax_test");
    }

    @Test
    void aDisabledHandlerIsNeitherCreatedNorTested() throws IOException {
        Path log = dir.resolve("alerts.log");
        Path config = config(AlertLogHandlerProvider.FILE + "=" + log + "\n"
                + TestHandlersCommand.DISABLED + "=alert-log\n");

        Cli.Result result = Cli.run("test-handlers", "--config", config.toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("No alert handler is configured", "Disabled by calibrax.plugins.disabled: alert-log.");
        assertThat(log).doesNotExist();
    }

    @Test
    void aHandlerThatCannotDeliverIsReportedWithItsReasonAndExitsOne() {
        status.set(400);
        Path config = config("calibrax.alertmanager.url=" + alertmanagerUrl() + "\n");

        Cli.Result result = Cli.run("test-handlers", "--config", config.toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.out()).containsPattern("alertmanager +FAILED +\\S+ +.*400");
    }

    @Test
    void anInvalidSettingExitsTwoNamingTheKeyBeforeAnyTestIsSent() {
        Path config = config("calibrax.alertmanager.url=not a url\n");

        Cli.Result result = Cli.run("test-handlers", "--config", config.toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).startsWith("calibrax test-handlers: ").contains("calibrax.alertmanager.url");
        assertThat(result.out()).doesNotContain("Test alert sent");
    }

    private String alertmanagerUrl() {
        return "http://127.0.0.1:" + alertmanager.getAddress().getPort();
    }

    private Path config(String text) {
        try {
            return Files.writeString(dir.resolve("calibrax.properties"), text);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
