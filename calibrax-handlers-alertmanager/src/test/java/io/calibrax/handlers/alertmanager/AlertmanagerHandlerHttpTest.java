package io.calibrax.handlers.alertmanager;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.calibrax.api.Alert;
import io.calibrax.api.AlertSeverity;
import io.calibrax.api.DeliveryException;
import io.calibrax.monitoring.AlertManager;
import io.calibrax.monitoring.HandlerStats;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The HTTP side of the handler against a real local HTTP server that can answer what a real
 * Alertmanager rarely does on demand: 5xx, rejections, hangs.
 */
class AlertmanagerHandlerHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MockResponse OK = new MockResponse.Builder().code(200).build();

    private MockWebServer server;
    private final List<AlertmanagerHandler> handlers = new ArrayList<>();
    private final List<AlertManager> managers = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        server.start(0);
    }

    @AfterEach
    void stop() {
        managers.forEach(AlertManager::close);
        handlers.forEach(AlertmanagerHandler::close);
        server.close();
    }

    private AlertmanagerHandler.Builder builder() {
        return builder(server.url("/").toString());
    }

    private static AlertmanagerHandler.Builder builder(String url) {
        return AlertmanagerHandler.builder()
                .url(url)
                .instance("test-host")
                .resendInterval(Duration.ofHours(1))
                .timeout(Duration.ofSeconds(2))
                .retries(3, Duration.ofMillis(20));
    }

    private AlertmanagerHandler handler(AlertmanagerHandler.Builder builder) {
        AlertmanagerHandler handler = builder.build();
        handlers.add(handler);
        return handler;
    }

    private RecordedRequest next() throws InterruptedException {
        RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(request).as("a request within 5 s").isNotNull();
        return request;
    }

    private static JsonNode body(RecordedRequest request) throws IOException {
        return JSON.readTree(request.getBody().utf8());
    }

    private static Alert alert(String metric, AlertSeverity severity, Map<String, ?> metadata) {
        return new Alert(metric + " alert", severity, metric, 5, 3, Instant.parse("2025-03-01T12:00:00.250Z"),
                Alert.copyMetadata(metadata));
    }

    @Test
    void postsAJsonArrayToApiV2Alerts() throws Exception {
        server.enqueue(OK);
        AlertmanagerHandler handler = handler(builder().label("team", "ml").generatorUrl("https://grafana.example/d/1"));

        handler.handle(alert("latency", AlertSeverity.ERROR, Map.of("trend", "stable", "model", "resnet", "state", "firing")));

        RecordedRequest request = next();
        assertThat(request.getMethod()).isEqualTo("POST");
        assertThat(request.getUrl().encodedPath()).isEqualTo("/api/v2/alerts");
        assertThat(request.getHeaders().get("Content-Type")).startsWith("application/json");
        JsonNode array = body(request);
        assertThat(array.isArray()).isTrue();
        assertThat(array).hasSize(1);
        JsonNode posted = array.get(0);
        assertThat(posted.get("labels").toString())
                .isEqualTo("{\"alertname\":\"latency\",\"instance\":\"test-host\",\"severity\":\"error\",\"team\":\"ml\"}");
        assertThat(posted.at("/annotations/trend").asText()).isEqualTo("stable");
        assertThat(posted.at("/annotations/model").asText()).isEqualTo("resnet");
        assertThat(posted.get("startsAt").asText()).isEqualTo("2025-03-01T12:00:00.250Z");
        assertThat(posted.has("endsAt")).isFalse();
        assertThat(posted.get("generatorURL").asText()).isEqualTo("https://grafana.example/d/1");
    }

    @Test
    void retriesServerErrorsWithBackoffThenSucceeds() throws Exception {
        server.enqueue(new MockResponse.Builder().code(503).body("overloaded").build());
        server.enqueue(new MockResponse.Builder().code(500).build());
        server.enqueue(OK);
        AlertmanagerHandler handler = handler(builder());
        AlertManager manager = manager(handler);

        manager.triggerAlert(alert("latency", AlertSeverity.WARNING, Map.of()));

        assertThat(manager.flush(Duration.ofSeconds(10))).isTrue();
        assertThat(manager.handlerStats()).containsExactly(new HandlerStats("alertmanager", 1, 0, 0, 0));
        assertThat(server.getRequestCount()).isEqualTo(3);
        JsonNode first = body(next()).get(0).get("labels");
        assertThat(body(next()).get(0).get("labels")).isEqualTo(first);
        assertThat(body(next()).get(0).get("labels")).isEqualTo(first);
    }

    @Test
    void serverErrorsUntilTheLastAttemptFailTheDeliveryWithTheReason() {
        for (int i = 0; i < 3; i++) {
            server.enqueue(new MockResponse.Builder().code(503).body("{\"code\":503,\"message\":\"not ready\"}").build());
        }
        AlertmanagerHandler handler = handler(builder());
        AlertManager manager = manager(handler);

        assertThatThrownBy(() -> handler.handle(alert("latency", AlertSeverity.WARNING, Map.of())))
                .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.isRetryable()).isTrue())
                .hasMessageContaining("HTTP 503: not ready");
        manager.triggerAlert(alert("latency", AlertSeverity.WARNING, Map.of()));
        assertThat(manager.flush(Duration.ofSeconds(10))).isTrue();
        assertThat(manager.handlerStats()).as("an outage counts as failed, never delivered")
                .containsExactly(new HandlerStats("alertmanager", 0, 1, 0, 0));
        assertThat(server.getRequestCount()).as("one try, then the manager's three").isGreaterThanOrEqualTo(1 + 3);
        assertThat(handler.firingCount()).as("kept for the next re-send").isEqualTo(1);
    }

    @Test
    void afterAnOutageTheAlertIsResentWithinSecondsNotAWholeResendInterval() throws Exception {
        server.enqueue(new MockResponse.Builder().code(503).body("restarting").build());
        server.enqueue(OK);
        AlertmanagerHandler handler = handler(builder().resendInterval(Duration.ofMinutes(10)));

        assertThatThrownBy(() -> handler.handle(alert("latency", AlertSeverity.WARNING, Map.of())))
                .isInstanceOf(DeliveryException.class);
        next();

        RecordedRequest retried = next(); // within 5 s, though the resend interval is 10 minutes
        assertThat(body(retried).get(0).at("/labels/alertname").asText()).isEqualTo("latency");
    }

    @Test
    void clientErrorIsNotRetriedAndCarriesAlertmanagersReason() {
        server.enqueue(new MockResponse.Builder().code(400)
                .body("\"invalid label set: invalid name \\\"bad-name\\\"\"").build());
        AlertmanagerHandler handler = handler(builder());

        assertThatThrownBy(() -> handler.handle(alert("latency", AlertSeverity.WARNING, Map.of())))
                .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.isRetryable()).isFalse())
                .hasMessageContaining("HTTP 400: invalid label set: invalid name \"bad-name\"")
                .hasMessageContaining("not retried");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void hungAlertmanagerIsCutOffByTheTimeout() {
        server.enqueue(new MockResponse.Builder().code(200).headersDelay(10, TimeUnit.SECONDS).build());
        AlertmanagerHandler handler = handler(builder().timeout(Duration.ofMillis(300)).retries(1, Duration.ZERO));

        long start = System.nanoTime();
        assertThatThrownBy(() -> handler.handle(alert("latency", AlertSeverity.WARNING, Map.of())))
                .isInstanceOf(DeliveryException.class)
                // the call timeout says "timeout", the read timeout that can fire first "Read timed out"
                .hasMessageMatching("(?s).*(timeout|timed out).*");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void resolutionSendsTheFiringLabelsWithEndsAt() throws Exception {
        server.enqueue(OK);
        server.enqueue(OK);
        AlertmanagerHandler handler = handler(builder());
        handler.handle(alert("gpu_utilization", AlertSeverity.CRITICAL, Map.of("trend", "increasing")));
        Alert resolved = new Alert("gpu_utilization back to normal", AlertSeverity.INFO, "gpu_utilization", 40, 90,
                Instant.parse("2025-03-01T12:05:00Z"), Map.of("state", "resolved", "trend", "decreasing"));

        handler.handle(resolved);

        JsonNode firing = body(next()).get(0);
        JsonNode ended = body(next()).get(0);
        assertThat(ended.get("labels")).isEqualTo(firing.get("labels"));
        assertThat(ended.at("/labels/severity").asText()).as("the firing alert's severity, not INFO").isEqualTo("critical");
        assertThat(ended.get("startsAt")).isEqualTo(firing.get("startsAt"));
        assertThat(ended.get("endsAt").asText()).isEqualTo("2025-03-01T12:05:00Z");
        assertThat(ended.at("/annotations/summary").asText()).isEqualTo("gpu_utilization back to normal");
        assertThat(handler.firingCount()).isZero();
    }

    @Test
    void anEventNothingWillResolveEndsByItselfAfterItsTimeToLive() throws Exception {
        server.enqueue(OK);
        server.enqueue(OK);
        server.enqueue(OK);
        AlertmanagerHandler handler = handler(builder().alertTtl(Duration.ofMinutes(7)));

        handler.handle(alert("pipeline_etl_time", AlertSeverity.WARNING, Map.of("pipeline", "etl")));
        handler.handle(alert("cpu_percent", AlertSeverity.ERROR, Map.of("state", "firing")));

        JsonNode event = body(next()).get(0);
        JsonNode breach = body(next()).get(0);
        assertThat(Instant.parse(event.get("endsAt").asText())).as("about 7 minutes from now")
                .isBetween(Instant.now().plus(Duration.ofMinutes(6)), Instant.now().plus(Duration.ofMinutes(8)));
        assertThat(breach.has("endsAt")).as("a breach fires until its resolution").isFalse();
    }

    @Test
    void sendTestFiresThenResolvesSoTheTestAlertDoesNotKeepFiring() throws Exception {
        server.enqueue(OK);
        server.enqueue(OK);
        AlertmanagerHandler handler = handler(builder());

        handler.sendTest();

        JsonNode firing = body(next()).get(0);
        JsonNode ended = body(next()).get(0);
        assertThat(firing.at("/labels/alertname").asText()).isEqualTo("calibrax_test");
        assertThat(firing.has("endsAt")).isFalse();
        assertThat(ended.get("labels")).isEqualTo(firing.get("labels"));
        assertThat(ended.has("endsAt")).isTrue();
        assertThat(handler.firingCount()).isZero();
    }

    @Test
    void resolutionOfAnAlertThatNeverFiredSendsNothing() throws Exception {
        AlertmanagerHandler handler = handler(builder());

        handler.handle(new Alert("cleared", AlertSeverity.INFO, "latency", 1, 2, Instant.now(),
                Map.of("state", "resolved")));

        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void firingAndRecentlyResolvedAlertsAreResentInOneRequestPerInterval() throws Exception {
        for (int i = 0; i < 20; i++) {
            server.enqueue(OK);
        }
        AlertmanagerHandler handler = handler(builder().resendInterval(Duration.ofMillis(200)));
        handler.handle(alert("a", AlertSeverity.WARNING, Map.of("state", "firing")));
        handler.handle(alert("b", AlertSeverity.ERROR, Map.of("pipeline", "etl", "state", "firing")));
        handler.handle(alert("c", AlertSeverity.CRITICAL, Map.of("state", "firing")));
        handler.handle(new Alert("c fine", AlertSeverity.INFO, "c", 1, 3, Instant.now(), Map.of("state", "resolved")));
        for (int i = 0; i < 4; i++) {
            next();
        }

        JsonNode batch = Poll.until(Duration.ofSeconds(5), "a batch holding every tracked alert", () -> body(next()),
                array -> array.size() == 3);
        assertThat(batch).extracting(a -> a.at("/labels/alertname").asText()).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(batch).filteredOn(a -> a.has("endsAt")).extracting(a -> a.at("/labels/alertname").asText())
                .containsExactly("c");
    }

    @Test
    void basicCredentialsInTheUrlBecomeAnAuthorizationHeaderAndAreNeverShown() throws Exception {
        server.enqueue(OK);
        String url = server.url("/am/").newBuilder().username("calibrax").password("s3cret").build().toString();
        AlertmanagerHandler handler = handler(builder(url));

        handler.handle(alert("latency", AlertSeverity.WARNING, Map.of()));

        RecordedRequest request = next();
        assertThat(request.getUrl().encodedPath()).isEqualTo("/am/api/v2/alerts");
        assertThat(request.getHeaders().get("Authorization")).isEqualTo("Basic Y2FsaWJyYXg6czNjcmV0");
        assertThat(handler.urls()).noneMatch(u -> u.contains("s3cret"));
        assertThat(handler.toString()).doesNotContain("s3cret");
    }

    @Test
    void basicCredentialsOverPlainHttpOffThisMachineAreRefusedUnlessAllowed() {
        String url = "http://calibrax:s3cret@am.example.com:9093";

        assertThatThrownBy(() -> builder(url).build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("am.example.com").hasMessageContaining(AlertmanagerHandlerProvider.ALLOW_INSECURE)
                .hasMessageNotContaining("s3cret");
        AlertmanagerHandler allowed = handler(builder(url).allowInsecure(true));
        assertThat(allowed.urls()).containsExactly("http://am.example.com:9093/api/v2/alerts");
        handler(builder("http://am.example.com:9093")); // no credentials, nothing to protect
    }

    private AlertManager manager(AlertmanagerHandler handler) {
        AlertManager manager = AlertManager.builder().closeTimeout(Duration.ofSeconds(2)).build();
        managers.add(manager);
        manager.addAlertHandler(handler);
        return manager;
    }

    @Test
    void closeStopsTheResendThread() throws Exception {
        Set<Thread> before = resendThreads();
        AlertmanagerHandler handler = handler(builder().resendInterval(Duration.ofMillis(50)));
        Thread resend = Poll.until(Duration.ofSeconds(5), "the handler's resend thread", () -> {
            Set<Thread> now = resendThreads();
            now.removeAll(before);
            return now;
        }, threads -> threads.size() == 1).iterator().next();
        assertThat(resend.isDaemon()).isTrue();

        handler.close();

        resend.join(5000);
        assertThat(resend.isAlive()).isFalse();
        assertThatThrownBy(() -> handler.handle(alert("latency", AlertSeverity.WARNING, Map.of())))
                .isInstanceOf(IllegalStateException.class);
    }

    private static Set<Thread> resendThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("calibrax-alertmanager-resend-"))
                .filter(Thread::isAlive)
                .collect(Collectors.toCollection(HashSet::new));
    }
}
