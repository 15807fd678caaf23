package io.calibrax.examples.cli;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code calibrax watch --ui-port N} serves the live page of what it watches while it runs. */
class WatchUiPortTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void servesTheLivePageWhileWatching() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        CompletableFuture<Cli.Result> watch = CompletableFuture.supplyAsync(() -> Cli.run("watch", "--duration", "4s",
                "--interval", "100ms", "--plain", "--threshold", "cpu_percent>1000", "--ui-port", String.valueOf(port)));
        HttpRequest metrics = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/metrics"))
                .timeout(Duration.ofSeconds(5)).build();

        String body = await("watch's readings at /api/metrics").atMost(Duration.ofSeconds(20)).ignoreExceptions()
                .until(() -> HTTP.send(metrics, HttpResponse.BodyHandlers.ofString()).body(),
                        text -> text.contains("\"cpu_percent\"") && text.contains("\"memory_rss_mb\""));
        assertThat(body).contains("\"threshold\":1000.0");
        HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<title>Calibrax</title>", "page.js");

        Cli.Result result = watch.get(30, TimeUnit.SECONDS);
        assertThat(result.exitCode()).as(result.toString()).isZero();
    }

    @Test
    void aPortOutOfRangeIsRefused() {
        Cli.Result result = Cli.run("watch", "--ui-port", "70000");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("'--ui-port'", "'70000'", "not a port number");
    }
}
