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

/** {@code calibrax watch --prometheus-port N} serves what it watches to Prometheus while it runs. */
class WatchPrometheusPortTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void servesTheReadingsAtMetricsWhileWatching() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        CompletableFuture<Cli.Result> watch = CompletableFuture.supplyAsync(() -> Cli.run("watch", "--duration", "4s",
                "--interval", "100ms", "--plain", "--prometheus-port", String.valueOf(port)));
        HttpRequest scrape = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                .timeout(Duration.ofSeconds(5)).build();

        String body = await("watch's readings at /metrics").atMost(Duration.ofSeconds(20)).ignoreExceptions()
                .until(() -> HTTP.send(scrape, HttpResponse.BodyHandlers.ofString()).body(),
                        text -> text.contains("calibrax_cpu_percent ") && text.contains("calibrax_memory_rss_mb "));
        assertThat(body).contains("calibrax_alerts_total{severity=\"critical\"}");

        Cli.Result result = watch.get(30, TimeUnit.SECONDS);
        assertThat(result.exitCode()).as(result.toString()).isZero();
    }

    @Test
    void aPortOutOfRangeIsRefused() {
        Cli.Result result = Cli.run("watch", "--prometheus-port", "70000");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("'--prometheus-port'", "'70000'", "not a port number");
    }
}
