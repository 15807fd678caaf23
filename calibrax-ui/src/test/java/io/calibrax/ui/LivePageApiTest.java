package io.calibrax.ui;

import com.fasterxml.jackson.databind.JsonNode;
import io.calibrax.Calibrax;
import io.calibrax.spi.CalibraxConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The JSON API and the write rules, over plain HTTP against a running monitor. */
class LivePageApiTest {
    private static final String SILENCE = "{\"matchers\": \"metric=\\\"disk\\\"\", \"duration\": \"1h\", \"comment\": \"maintenance\"}";
    private static final Map<String, String> JSON_TYPE = Map.of("Content-Type", "application/json");

    private LivePageFixture page;

    @AfterEach
    void stop() {
        if (page != null) {
            page.close();
        }
    }

    @Test
    void readsAnswerTheMonitorsSnapshots() throws Exception {
        page = new LivePageFixture("127.0.0.1", Optional.empty());

        JsonNode metrics = page.getJson("/api/metrics").get("metrics");
        assertThat(metrics).hasSize(2);
        assertThat(metrics.get(0).get("name").asText()).isEqualTo("gpu_utilization");
        assertThat(metrics.get(0).get("latest").asDouble()).isEqualTo(97.5);
        assertThat(metrics.get(0).get("threshold").asDouble()).isEqualTo(90);
        assertThat(metrics.get(1).get("threshold").isNull()).isTrue();

        JsonNode etl = page.getJson("/api/pipelines").get("pipelines").get("nightly-etl");
        assertThat(etl.get("total_executions").asLong()).isEqualTo(20);
        assertThat(etl.get("p95_execution_time").asDouble()).isBetween(1.6, 1.8);
        assertThat(etl.get("recent_error_rate").asDouble()).isEqualTo(0.2);

        JsonNode alerts = page.getJson("/api/alerts").get("alerts");
        JsonNode gpu = null;
        for (JsonNode alert : alerts) {
            gpu = gpu == null && alert.get("metric_name").asText().equals("gpu_utilization") ? alert : gpu;
        }
        assertThat(gpu).as("the gpu_utilization alert in %s", alerts).isNotNull();
        assertThat(gpu.get("message").asText()).startsWith(LivePageFixture.ALERT_MESSAGE);
        assertThat(gpu.get("severity").asText()).isEqualTo("warning");

        assertThat(page.getJson("/api/handlers").get("handlers").isArray()).isTrue();
        assertThat(page.getJson("/api/silences").get("silences")).isEmpty();
    }

    @Test
    void theChartDrawsHistoryThresholdAndTheAlertsReading() throws Exception {
        page = new LivePageFixture("127.0.0.1", Optional.empty());

        HttpResponse<String> chart = page.get("/chart.svg?metric=gpu_utilization");

        assertThat(chart.statusCode()).isEqualTo(200);
        assertThat(chart.headers().firstValue("Content-Type")).hasValue("image/svg+xml; charset=utf-8");
        assertThat(chart.body()).contains("xmlns=\"http://www.w3.org/2000/svg\"", "class=\"threshold\"",
                "threshold &gt; 90", "<polyline class=\"series\"", "class=\"mark warning\"");
        assertThat(page.get("/chart.svg?metric=unknown").statusCode()).isEqualTo(404);
    }

    @Test
    void thePageIsSelfContainedAndLocksItselfDown() throws Exception {
        page = new LivePageFixture("127.0.0.1", Optional.empty());

        HttpResponse<String> html = page.get("/");

        assertThat(html.statusCode()).isEqualTo(200);
        assertThat(html.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("default-src 'none'",
                "script-src 'self'", "connect-src 'self'");
        for (String path : new String[] {"/", "/page.js", "/page.css"}) {
            assertThat(page.get(path).body()).doesNotContain("http://", "https://", "//cdn", "@import");
        }
        assertThat(page.get("/page.js").body()).doesNotContain("innerHTML", "outerHTML", "insertAdjacentHTML",
                "document.write");
        assertThat(page.get("/nothing").statusCode()).isEqualTo(404);
    }

    @Test
    void hostileNamesAreEscapedInTheChart() throws Exception {
        page = new LivePageFixture("127.0.0.1", Optional.empty());
        page.monitor.recordMetric("q<script>", 1);

        String chart = page.get("/chart.svg?metric=q%3Cscript%3E").body();

        assertThat(chart).doesNotContain("<script>").contains("q&lt;script&gt;");
    }

    @Test
    void aSilenceIsAddedListedAndExpired() throws Exception {
        page = new LivePageFixture("127.0.0.1", Optional.empty());

        HttpResponse<String> added = page.post(SILENCE, JSON_TYPE);

        assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
        JsonNode silence = LivePageFixture.JSON.readTree(added.body());
        String id = silence.get("id").asText();
        assertThat(silence.get("matchers").asText()).contains("metric=\"disk\"");
        assertThat(silence.get("comment").asText()).isEqualTo("maintenance");
        assertThat(page.getJson("/api/silences").get("silences").get(0).get("id").asText()).isEqualTo(id);
        assertThat(page.alertManager.silences()).hasSize(1);

        assertThat(LivePageFixture.send(page.uri("/api/silences/" + id), "DELETE", null, Map.of()).statusCode())
                .isEqualTo(204);
        assertThat(page.getJson("/api/silences").get("silences")).isEmpty();
        HttpResponse<String> again = LivePageFixture.send(page.uri("/api/silences/" + id), "DELETE", null, Map.of());
        assertThat(again.statusCode()).isEqualTo(404);
        assertThat(again.body()).contains(id);
    }

    @Test
    void badSilencesAreRefusedWithTheReason() throws Exception {
        page = new LivePageFixture("127.0.0.1", Optional.empty());

        assertRefused(page.post("{not json", JSON_TYPE), 400, "not JSON");
        assertRefused(page.post("[1]", JSON_TYPE), 400, "JSON object");
        assertRefused(page.post("{\"duration\": \"1h\"}", JSON_TYPE), 400, "matchers: missing");
        assertRefused(page.post("{\"matchers\": \"metric=\\\"disk\\\"\"}", JSON_TYPE), 400, "duration: missing");
        assertRefused(page.post("{\"matchers\": \"metric=\\\"disk\\\"\", \"duration\": 5}", JSON_TYPE), 400,
                "duration: must be text");
        assertRefused(page.post("{\"matchers\": \"metric=\\\"disk\\\"\", \"duration\": \"soon\"}", JSON_TYPE), 400,
                "duration:");
        assertRefused(page.post("{\"matchers\": \"metric=\\\"disk\\\"\", \"duration\": \"0s\"}", JSON_TYPE), 400,
                "more than zero");
        assertRefused(page.post("{\"matchers\": \"=disk\", \"duration\": \"1h\"}", JSON_TYPE), 400, "matchers:");
        assertRefused(page.post(SILENCE, Map.of("Content-Type", "text/plain")), 415, "application/json");
        assertThat(page.alertManager.silences()).isEmpty();
    }

    @Test
    void withATokenEveryWriteNeedsIt() throws Exception {
        page = new LivePageFixture("127.0.0.1", Optional.of("s3cret-token"));

        HttpResponse<String> without = page.post(SILENCE, JSON_TYPE);
        assertRefused(without, 401, "Authorization: Bearer");
        assertThat(without.headers().firstValue("WWW-Authenticate")).isPresent();
        assertThat(without.body()).doesNotContain("s3cret-token");
        assertRefused(page.post(SILENCE, Map.of("Content-Type", "application/json", "Authorization", "Bearer wrong")),
                401, "Authorization");
        assertThat(page.alertManager.silences()).isEmpty();

        HttpResponse<String> with = page.post(SILENCE, Map.of("Content-Type", "application/json",
                "Authorization", "Bearer s3cret-token"));
        assertThat(with.statusCode()).isEqualTo(201);
        String id = LivePageFixture.JSON.readTree(with.body()).get("id").asText();
        URI silence = page.uri("/api/silences/" + id);
        assertThat(LivePageFixture.send(silence, "DELETE", null, Map.of()).statusCode()).isEqualTo(401);
        assertThat(LivePageFixture.send(silence, "DELETE", null, Map.of("Authorization", "Bearer s3cret-token"))
                .statusCode()).isEqualTo(204);
        assertThat(page.get("/api/silences").statusCode()).isEqualTo(200);
    }

    @Test
    void withoutATokenOnlyLoopbackClientsWrite() throws Exception {
        InetAddress external = nonLoopbackAddress();
        page = new LivePageFixture("0.0.0.0", Optional.empty());
        URI remote = URI.create("http://" + external.getHostAddress() + ":" + page.ui.port());

        assertThat(LivePageFixture.send(remote.resolve("/api/metrics"), "GET", null, Map.of()).statusCode())
                .isEqualTo(200);
        HttpResponse<String> refused = LivePageFixture.send(remote.resolve("/api/silences"), "POST", SILENCE, JSON_TYPE);
        assertThat(refused.statusCode()).isEqualTo(403);
        // even when it calls this machine localhost, a client on another address may not write
        assertThat(rawPost(external, page.ui.port(), "localhost:" + page.ui.port()))
                .startsWith("HTTP/1.1 403").contains("only clients on this machine");
        assertThat(page.alertManager.silences()).isEmpty();
        assertThat(page.post(SILENCE, JSON_TYPE).statusCode()).isEqualTo(201);
    }

    @Test
    void writesFromAnotherSitesPageAreRefused() throws Exception {
        page = new LivePageFixture("127.0.0.1", Optional.empty());

        assertRefused(page.post(SILENCE, Map.of("Content-Type", "application/json", "Origin", "http://evil.example")),
                403, "another site");
        assertThat(page.alertManager.silences()).isEmpty();
    }

    @Test
    void writesToAnotherNameForThisMachineAreRefused() throws Exception {
        page = new LivePageFixture("127.0.0.1", Optional.empty());

        assertThat(rawPost(InetAddress.getLoopbackAddress(), page.ui.port(), "rebound.example:" + page.ui.port()))
                .startsWith("HTTP/1.1 403").contains("localhost or a loopback address");
        assertThat(page.alertManager.silences()).isEmpty();
        assertThat(WriteGuard.namesThisMachine("localhost:4040")).isTrue();
        assertThat(WriteGuard.namesThisMachine("127.0.0.1:4040")).isTrue();
        assertThat(WriteGuard.namesThisMachine("[::1]:4040")).isTrue();
        assertThat(WriteGuard.namesThisMachine("192.0.2.7:4040")).isFalse();
        assertThat(WriteGuard.namesThisMachine("127.0.0.1.evil.example")).isFalse();
        assertThat(WriteGuard.namesThisMachine(null)).isFalse();
    }

    @Test
    void bootstrapServesThePageWhenThePortIsSet() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        try (Calibrax calibrax = Calibrax.bootstrap(CalibraxConfig.of(Map.of(UiSettings.PORT, String.valueOf(port),
                "calibrax.console.enabled", "false")))) {
            calibrax.productionMonitor().recordMetric("bootstrapped", 3);
            HttpResponse<String> metrics = LivePageFixture.send(URI.create("http://127.0.0.1:" + port + "/api/metrics"),
                    "GET", null, Map.of());
            assertThat(metrics.body()).contains("\"bootstrapped\"");
        }
        assertThatThrownBy(() -> Calibrax.bootstrap(CalibraxConfig.of(Map.of(UiSettings.PORT, "70000"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(UiSettings.PORT);
    }

    private static void assertRefused(HttpResponse<String> response, int status, String reason) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(LivePageFixture.JSON.readTree(response.body()).get("error").asText()).contains(reason);
    }

    /** A POST of a silence over a plain socket, so that the Host header can name anything. */
    private static String rawPost(InetAddress address, int port, String host) throws Exception {
        byte[] body = SILENCE.getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket(address, port)) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/silences HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static InetAddress nonLoopbackAddress() throws Exception {
        for (NetworkInterface network : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (network.isUp() && !network.isLoopback()) {
                for (InetAddress address : Collections.list(network.getInetAddresses())) {
                    if (address instanceof Inet4Address) {
                        return address;
                    }
                }
            }
        }
        throw new AssertionError("this test needs a non-loopback IPv4 interface to act as a remote client");
    }
}
