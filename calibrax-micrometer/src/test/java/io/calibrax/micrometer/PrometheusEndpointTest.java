package io.calibrax.micrometer;

import com.fasterxml.jackson.databind.JsonNode;
import io.calibrax.Calibrax;
import io.calibrax.handlers.console.ConsoleHandlerProvider;
import io.calibrax.monitoring.ProductionMonitor;
import io.calibrax.spi.CalibraxConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class PrometheusEndpointTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path temp;

    private static Calibrax bootstrap(Map<String, String> settings) {
        Map<String, String> config = new java.util.HashMap<>(settings);
        config.put(ConsoleHandlerProvider.ENABLED, "false");
        config.put("calibrax.shutdown-hook", "false");
        return Calibrax.bootstrap(CalibraxConfig.of(config));
    }

    private static HttpResponse<String> send(String method, String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void bootstrapServesTheMetricsOnTheConfiguredPortUntilClosed() throws Exception {
        int port = PrometheusServer.freePort();
        String url = "http://127.0.0.1:" + port + "/metrics";
        try (Calibrax calibrax = bootstrap(Map.of(PrometheusExtension.PORT, String.valueOf(port),
                PrometheusExtension.HOST, "127.0.0.1"))) {
            calibrax.productionMonitor().recordPipelineExecution("etl", 0.5, true);
            HttpResponse<String> response = await("the pipeline's meters at " + url).atMost(WAIT)
                    .until(() -> send("GET", url), got -> got.body().contains(
                            "calibrax_pipeline_executions_total{outcome=\"success\",pipeline=\"etl\"} 1.0"));
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
            assertThat(response.body()).contains("# TYPE calibrax_pipeline_executions_total counter",
                    "calibrax_pipeline_duration_seconds_count{pipeline=\"etl\"} 1");

            assertThat(send("POST", url).statusCode()).isEqualTo(405);
            assertThat(send("GET", "http://127.0.0.1:" + port + "/metrics/other").statusCode()).isEqualTo(404);
        }
        assertThatThrownBy(() -> send("GET", url)).isInstanceOf(IOException.class);
    }

    @Test
    void withoutThePortThereIsNoEndpoint() {
        try (Calibrax calibrax = bootstrap(Map.of())) {
            assertThat(Thread.getAllStackTraces().keySet()).noneMatch(thread ->
                    thread.getName().startsWith("calibrax-prometheus") || thread.getName().equals("calibrax-micrometer-binder"));
            assertThat(calibrax.isClosed()).isFalse();
        }
    }

    @Test
    void aBadPortIsRefusedNamingTheKey() {
        assertThatThrownBy(() -> bootstrap(Map.of(PrometheusExtension.PORT, "70000")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("calibrax.prometheus.port")
                .hasMessageContaining("70000");
        assertThatThrownBy(() -> bootstrap(Map.of(PrometheusExtension.PORT, "nine")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("calibrax.prometheus.port");
    }

    @Test
    void aPortInUseFailsTheBootstrapNamingTheAddress() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> bootstrap(Map.of(PrometheusExtension.PORT, String.valueOf(taken.getLocalPort()),
                    PrometheusExtension.HOST, "127.0.0.1")))
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining(String.valueOf(taken.getLocalPort()));
        }
    }

    @Test
    void aRealPrometheusScrapesTheEndpointAndAnswersPromQlForThePipelineSeries() throws Exception {
        int port = PrometheusServer.freePort();
        try (Calibrax calibrax = bootstrap(Map.of(PrometheusExtension.PORT, String.valueOf(port),
                PrometheusExtension.HOST, "127.0.0.1"));
             PrometheusServer prometheus = PrometheusServer.scraping("127.0.0.1:" + port, temp)) {
            ProductionMonitor monitor = calibrax.productionMonitor();
            for (int i = 0; i < 7; i++) {
                monitor.recordPipelineExecution("etl", 0.2, true);
            }
            monitor.recordPipelineExecution("etl", 0.4, false);

            List<JsonNode> series = await("Prometheus to have scraped the pipeline").atMost(Duration.ofSeconds(30)).ignoreExceptions()
                    .until(() -> prometheus.query("calibrax_pipeline_executions_total{pipeline=\"etl\"}"),
                            result -> result.size() == 2 && result.stream().allMatch(PrometheusEndpointTest::complete));
            assertThat(series).extracting(node -> node.path("metric").path("outcome").asText())
                    .containsExactlyInAnyOrder("success", "failure");
            assertThat(series).allSatisfy(node -> {
                assertThat(node.path("metric").path("job").asText()).isEqualTo("calibrax");
                assertThat(node.path("metric").path("instance").asText()).isEqualTo("127.0.0.1:" + port);
            });
            assertThat(value(prometheus.query("calibrax_pipeline_executions_total{pipeline=\"etl\",outcome=\"success\"}")))
                    .isEqualTo(7.0);
            assertThat(value(prometheus.query("sum(calibrax_pipeline_duration_seconds_count{pipeline=\"etl\"})")))
                    .isEqualTo(8.0);
            assertThat(value(prometheus.query("up{job=\"calibrax\"}"))).isEqualTo(1.0);
            // every query of the Grafana dashboard is PromQL that this Prometheus runs
            for (String query : GrafanaDashboardTest.queries()) {
                prometheus.query(query);
            }
            String rate = GrafanaDashboardTest.queries().get(0);
            await("the dashboard's rate of executions, once two scrapes are in").atMost(Duration.ofSeconds(30))
                    .until(() -> prometheus.query(rate), result -> !result.isEmpty());
        }
    }

    /** Both outcomes scraped after all eight executions were recorded. */
    private static boolean complete(JsonNode sample) {
        double value = Double.parseDouble(sample.path("value").get(1).asText());
        return "success".equals(sample.path("metric").path("outcome").asText()) ? value == 7 : value == 1;
    }

    private static double value(List<JsonNode> result) {
        assertThat(result).hasSize(1);
        return Double.parseDouble(result.get(0).path("value").get(1).asText());
    }
}
