package io.calibrax.handlers.slack;

import com.fasterxml.jackson.databind.JsonNode;
import io.calibrax.api.Alert;
import io.calibrax.api.AlertSeverity;
import io.calibrax.handlers.slack.SlackStandIn.Received;
import io.calibrax.monitoring.AlertManager;
import io.calibrax.monitoring.HandlerStats;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.calibrax.handlers.slack.SlackStandIn.hang;
import static io.calibrax.handlers.slack.SlackStandIn.status;
import static io.calibrax.handlers.slack.SlackStandIn.tooManyRequests;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(30)
class SlackAlertHandlerTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final Pattern MORE = Pattern.compile("and (\\d+) more");

    private final SlackStandIn slack = new SlackStandIn();
    private final List<Wired> handlers = new ArrayList<>();

    @AfterEach
    void tearDown() {
        handlers.forEach(Wired::close);
        slack.close();
    }

    private SlackSettings.Builder settings() {
        return SlackSettings.builder(slack.url()).timeout(Duration.ofSeconds(2));
    }

    private Wired handler(SlackSettings.Builder settings) {
        return handler(settings, AlertManager.builder().closeTimeout(Duration.ofSeconds(2)));
    }

    private Wired handler(SlackSettings.Builder settings, AlertManager.Builder manager) {
        Wired wired = new Wired(new SlackAlertHandler(settings.build()), manager.build());
        handlers.add(wired);
        return wired;
    }

    /** The handler as applications run it: on an alert manager, which owns its delivery. */
    private static final class Wired {
        final SlackAlertHandler handler;
        final AlertManager manager;

        Wired(SlackAlertHandler handler, AlertManager manager) {
            this.handler = handler;
            this.manager = manager;
            manager.addAlertHandler(handler);
        }

        void handle(Alert alert) {
            manager.triggerAlert(alert);
        }

        boolean flush(Duration timeout) {
            return manager.flush(timeout);
        }

        HandlerStats stats() {
            return manager.handlerStats().get(0);
        }

        SlackDelivery sendTestMessage() throws SlackDeliveryException {
            return handler.sendTestMessage();
        }

        void sendTest() throws SlackDeliveryException {
            handler.sendTest();
        }

        SlackSettings settings() {
            return handler.settings();
        }

        void close() {
            manager.close();
        }

        @Override
        public String toString() {
            return handler.toString();
        }
    }

    private static Alert alert(String message, AlertSeverity severity, String metric) {
        return new Alert(message, severity, metric, 850.0, 1000.0, Instant.now(), Map.of());
    }

    private static List<String> texts(JsonNode node, List<String> into) {
        if (node.isObject() && node.has("text") && node.get("text").isTextual()) {
            into.add(node.get("text").asText());
        }
        node.forEach(child -> texts(child, into));
        return into;
    }

    @Test
    void oneAlertPostsOneBlockKitMessageWithTextBlocksMessageAndMetric() throws Exception {
        Wired handler = handler(settings().username("calibrax-bot").iconEmoji(":bell:"));

        handler.handle(new Alert("Throughput below minimum", AlertSeverity.WARNING, "throughput", 850.0, 1000.0,
                Instant.parse("2025-01-02T03:04:05Z"), Map.of("trend", "decreasing", "host", "gpu-node-7",
                "pipeline", "training")));

        assertThat(handler.flush(WAIT)).isTrue();
        List<Received> requests = slack.requests();
        assertThat(requests).hasSize(1);
        Received request = requests.get(0);
        assertThat(request.request().getMethod()).isEqualTo("POST");
        assertThat(request.request().getHeaders().get("Content-Type")).startsWith("application/json");
        JsonNode json = request.json();
        assertThat(json.get("text").asText()).contains("Throughput below minimum").contains("throughput")
                .contains("WARNING");
        assertThat(json.get("username").asText()).isEqualTo("calibrax-bot");
        assertThat(json.get("icon_emoji").asText()).isEqualTo(":bell:");
        JsonNode blocks = json.get("blocks");
        assertThat(blocks).hasSize(4);
        assertThat(blocks.get(0).get("type").asText()).isEqualTo("header");
        assertThat(blocks.get(0).at("/text/type").asText()).isEqualTo("plain_text");
        assertThat(blocks.get(0).at("/text/text").asText()).contains("WARNING").contains("throughput");
        assertThat(blocks.get(1).at("/text/text").asText()).isEqualTo("Throughput below minimum");
        List<String> fields = new ArrayList<>();
        blocks.get(2).get("fields").forEach(field -> fields.add(field.get("text").asText()));
        assertThat(fields).containsExactly("*Metric*\nthroughput", "*Value*\n850.00", "*Threshold*\n1000.00",
                "*Trend*\ndecreasing", "*Host*\ngpu-node-7", "*pipeline*\ntraining");
        assertThat(blocks.get(3).get("type").asText()).isEqualTo("context");
        assertThat(blocks.get(3).at("/elements/0/text").asText()).contains("2025-01-02 03:04:05 UTC");
        assertThat(handler.stats()).isEqualTo(new HandlerStats("slack", 1, 0, 0, 0));
    }

    @Test
    void infoIsNotSentByDefault() throws Exception {
        Wired handler = handler(settings());

        handler.handle(alert("just so you know", AlertSeverity.INFO, "cpu_percent"));
        handler.handle(alert("now it matters", AlertSeverity.WARNING, "cpu_percent"));

        assertThat(handler.flush(WAIT)).isTrue();
        assertThat(slack.requests()).hasSize(1);
        assertThat(slack.requests().get(0).body()).contains("now it matters").doesNotContain("just so you know");
    }

    @Test
    void infoIsSentWhenMinSeverityIsInfo() throws Exception {
        Wired handler = handler(settings().minSeverity(AlertSeverity.INFO));

        handler.handle(alert("just so you know", AlertSeverity.INFO, "cpu_percent"));

        assertThat(handler.flush(WAIT)).isTrue();
        assertThat(slack.requests()).singleElement().satisfies(r -> assertThat(r.body()).contains("just so you know"));
    }

    @Test
    void alertTextIsEscapedSoItCannotPingOrDisguiseALink() throws Exception {
        Wired handler = handler(settings());

        handler.handle(new Alert("<!channel> & <http://evil|x>", AlertSeverity.ERROR, "m<@U123>", 1, 0,
                Instant.now(), Map.of("trend", "<!here>", "host", "<https://phish|bank>")));

        assertThat(handler.flush(WAIT)).isTrue();
        String body = slack.requests().get(0).body();
        assertThat(body).doesNotContain("<").doesNotContain(">");
        JsonNode json = slack.requests().get(0).json();
        assertThat(json.at("/blocks/1/text/text").asText()).isEqualTo("&lt;!channel&gt; &amp; &lt;http://evil|x&gt;");
        assertThat(json.get("text").asText()).contains("&lt;!channel&gt; &amp; &lt;http://evil|x&gt;");
        assertThat(json.at("/blocks/0/text/text").asText()).contains("m&lt;@U123&gt;");
        assertThat(body).contains("&lt;!here&gt;").contains("&lt;https://phish|bank&gt;");
    }

    @Test
    void rateLimitedAnswerWaitsForRetryAfterThenDelivers() throws Exception {
        slack.answer(tooManyRequests("2"));
        Wired handler = handler(settings());

        handler.handle(alert("disk almost full", AlertSeverity.ERROR, "disk_percent"));

        assertThat(handler.flush(WAIT)).isTrue();
        List<Received> requests = slack.requests();
        assertThat(requests).hasSize(2);
        assertThat(requests.get(1).millisAfter(requests.get(0))).isGreaterThanOrEqualTo(2000);
        assertThat(requests.get(1).body()).isEqualTo(requests.get(0).body());
        assertThat(handler.stats().delivered()).isEqualTo(1);
    }

    @Test
    void anExcessiveRetryAfterIsClampedToTheConfiguredMaximum() throws Exception {
        slack.answer(tooManyRequests("3600"));
        Wired handler = handler(settings().maxRetryAfter(Duration.ofSeconds(1)));

        handler.handle(alert("still sent", AlertSeverity.ERROR, "m"));

        assertThat(handler.flush(WAIT)).isTrue();
        List<Received> requests = slack.requests();
        assertThat(requests).hasSize(2);
        assertThat(requests.get(1).millisAfter(requests.get(0))).isBetween(900L, 5000L);
    }

    @Test
    void serverErrorsAreRetriedWithBackoffUntilTheThirdAttemptDelivers() throws Exception {
        slack.answer(status(500, "internal_error"), status(503, "service_unavailable"));
        Wired handler = handler(settings());

        handler.handle(alert("latency high", AlertSeverity.WARNING, "latency"));

        assertThat(handler.flush(WAIT)).isTrue();
        List<Received> requests = slack.requests();
        assertThat(requests).hasSize(3);
        assertThat(requests).extracting(Received::body).containsOnly(requests.get(0).body());
        // backoff 500 ms (±20%), but never faster than the webhook's one request per second
        assertThat(requests.get(1).millisAfter(requests.get(0))).isGreaterThanOrEqualTo(900);
        assertThat(requests.get(2).millisAfter(requests.get(1))).isGreaterThanOrEqualTo(900);
        HandlerStats stats = handler.stats();
        assertThat(stats.delivered()).isEqualTo(1);
        assertThat(stats.failed()).isZero();
    }

    @Test
    void serverErrorsStopAtMaxAttemptsAndCountTheAlertAsFailed() throws Exception {
        slack.answer(status(500, "a"), status(502, "b"), status(503, "c"));
        try (LogCapture logs = new LogCapture()) {
            Wired handler = handler(settings().maxAttempts(2));

            handler.handle(alert("latency high", AlertSeverity.WARNING, "latency"));

            assertThat(handler.flush(WAIT)).isTrue();
            assertThat(slack.requests()).hasSize(2);
            assertThat(handler.stats().failed()).isEqualTo(1);
            assertThat(handler.stats().delivered()).isZero();
            assertThat(logs.texts()).filteredOn(t -> t.startsWith("WARN") && t.contains("gave up"))
                    .singleElement().asString().contains("after 2 attempt(s)").contains("HTTP 502");
            assertThat(logs.texts()).filteredOn(t -> t.startsWith("WARN") && t.contains("retrying"))
                    .singleElement().asString().contains("HTTP 500");
        }
    }

    @Test
    void invalidPayloadIsNotRetriedAndIsLoggedOnceWithSlacksErrorCode() throws Exception {
        slack.answer(status(400, "invalid_payload"));
        try (LogCapture logs = new LogCapture()) {
            Wired handler = handler(settings());

            handler.handle(alert("first", AlertSeverity.ERROR, "m"));
            assertThat(handler.flush(WAIT)).isTrue();
            handler.handle(alert("second", AlertSeverity.ERROR, "m"));
            assertThat(handler.flush(WAIT)).isTrue();

            List<Received> requests = slack.requests();
            assertThat(requests).hasSize(2);
            assertThat(requests.get(0).body()).contains("first");
            assertThat(requests.get(1).body()).contains("second").doesNotContain("first");
            assertThat(handler.stats().failed()).isEqualTo(1);
            assertThat(handler.stats().delivered()).isEqualTo(1);
            assertThat(logs.texts()).filteredOn(t -> t.contains("invalid_payload")).singleElement().asString()
                    .startsWith("WARN").contains("HTTP 400").contains("not retried");
        }
    }

    @Test
    void otherClientErrorsAreNotRetried() throws Exception {
        slack.answer(status(404, "no_service"), status(410, "channel_is_archived"), status(403, "action_prohibited"));
        Wired handler = handler(settings());

        for (String message : List.of("a", "b", "c")) {
            handler.handle(alert(message, AlertSeverity.ERROR, "m"));
            assertThat(handler.flush(WAIT)).isTrue();
        }

        assertThat(slack.requests()).hasSize(3);
        assertThat(handler.stats().failed()).isEqualTo(3);
        assertThat(handler.stats().delivered()).isZero();
    }

    @Test
    void aDigestThatFailsCountsEachOfItsAlertsAsFailed() throws Exception {
        slack.answer(status(500, "a"), status(500, "b"), status(500, "c"), status(500, "d"));
        Wired handler = handler(settings().maxAttempts(2).backoff(Duration.ofMillis(10), 1, Duration.ofMillis(10)));

        for (int i = 0; i < 30; i++) {
            handler.handle(alert("outage alert #" + i + ".", AlertSeverity.ERROR, "m"));
        }

        assertThat(handler.flush(WAIT)).isTrue();
        assertThat(slack.requests()).hasSizeBetween(2, 4);
        assertThat(handler.stats()).isEqualTo(new HandlerStats("slack", 0, 30, 0, 0));
    }

    @Test
    void burstOfThirtyAlertsIsCoalescedAtOneRequestPerSecondWithEveryAlertListed() throws Exception {
        Wired handler = handler(settings());
        AlertSeverity[] severities = AlertSeverity.values();

        for (int i = 0; i < 30; i++) {
            handler.handle(alert("burst alert #" + i + ".", severities[1 + i % 3], "metric_" + i));
        }

        assertThat(handler.flush(WAIT)).isTrue();
        List<Received> requests = slack.requests();
        // the first alert may go out alone before the rest queue up; everything else is one digest
        assertThat(requests).hasSizeBetween(1, 2);
        assertRequestsAtMostOnePerSecond(requests);
        String all = String.join("\n", requests.stream().map(Received::body).toList());
        for (int i = 0; i < 30; i++) {
            assertThat(all).contains("burst alert #" + i + ".");
        }
        Received digest = requests.get(requests.size() - 1);
        JsonNode blocks = digest.json().get("blocks");
        assertThat(blocks.get(0).at("/text/text").asText()).contains("alerts").contains("CRITICAL");
        String listing = String.join("\n", texts(blocks, new ArrayList<>()));
        assertThat(listing.indexOf("*CRITICAL*")).isLessThan(listing.indexOf("*ERROR*"));
        assertThat(listing.indexOf("*ERROR*")).isLessThan(listing.indexOf("*WARNING*"));
        assertThat(handler.stats().delivered()).isEqualTo(30);
    }

    @Test
    void alertsArrivingOverSeveralSecondsGoOutAtMostOnceASecondAndAllAreCounted() throws Exception {
        Wired handler = handler(settings().digestMaxListed(3));

        long first = System.nanoTime();
        for (int i = 0; i < 30; i++) {
            handler.handle(alert("steady alert #" + i + ".", i % 7 == 0 ? AlertSeverity.CRITICAL : AlertSeverity.WARNING,
                    "metric_" + i));
            Thread.sleep(100); // the alert source's pace, not synchronisation
        }
        // a loaded machine stretches the pace: the bound follows the time the alerts really took
        long spanSeconds = (long) Math.ceil((System.nanoTime() - first) / 1e9);

        assertThat(handler.flush(WAIT)).isTrue();
        List<Received> requests = slack.requests();
        assertThat(requests).hasSizeBetween(3, (int) spanSeconds + 2);
        assertRequestsAtMostOnePerSecond(requests);
        long listed = 0;
        long counted = 0;
        for (Received request : requests) {
            String body = request.body();
            Matcher steady = Pattern.compile("steady alert #\\d+\\.").matcher(request.json().at("/blocks").toString());
            while (steady.find()) {
                listed++;
            }
            Matcher more = MORE.matcher(request.json().at("/blocks").toString());
            if (more.find()) {
                counted += Long.parseLong(more.group(1));
            }
            assertThat(body).doesNotContain("<");
        }
        assertThat(listed + counted).isEqualTo(30);
        assertThat(counted).isPositive();
        assertThat(handler.stats().delivered()).isEqualTo(30);
    }

    @Test
    void beyondTheQueueCapacityTheOldestAreDroppedAndCounted() throws Exception {
        slack.answer(new mockwebserver3.MockResponse.Builder().code(200).body("ok")
                .headersDelay(1500, java.util.concurrent.TimeUnit.MILLISECONDS).build());
        Wired handler = handler(settings(), AlertManager.builder().queueCapacity(5));
        handler.handle(alert("first alone", AlertSeverity.WARNING, "m"));
        slack.awaitRequests(1, WAIT);

        for (int i = 0; i < 20; i++) {
            handler.handle(alert("flood #" + i + ".", AlertSeverity.WARNING, "m"));
        }
        // the capacity of 5 counts the alert in flight: 4 of the flood wait, the 16 oldest are dropped
        HandlerStats waiting = handler.stats();
        assertThat(waiting.dropped()).isEqualTo(16);
        assertThat(waiting.queued()).isEqualTo(5);

        assertThat(handler.flush(WAIT)).isTrue();
        List<Received> requests = slack.requests();
        assertThat(requests).hasSize(2);
        String digest = requests.get(1).json().get("blocks").toString();
        assertThat(digest).contains("flood #16.").contains("flood #19.").doesNotContain("flood #15.");
        assertThat(handler.stats()).isEqualTo(new HandlerStats("slack", 5, 0, 16, 0));
    }

    @Test
    void serverThatNeverAnswersTimesOutAndDeliveryGoesOn() throws Exception {
        slack.answer(hang());
        Wired handler = handler(settings().timeout(Duration.ofMillis(400)));

        long start = System.nanoTime();
        handler.handle(alert("will need a retry", AlertSeverity.CRITICAL, "gpu_temperature_c"));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(100));

        assertThat(handler.flush(WAIT)).isTrue();
        List<Received> requests = slack.requests();
        assertThat(requests).hasSize(2);
        assertThat(requests.get(1).body()).contains("will need a retry");
        assertThat(requests.get(1).millisAfter(requests.get(0))).isGreaterThanOrEqualTo(400);
        assertThat(handler.stats().delivered()).isEqualTo(1);
    }

    @Test
    void closeReturnsWithinItsDeadlineWhenTheServerNeverAnswers() throws Exception {
        slack.answer(hang(), hang(), hang());
        try (LogCapture logs = new LogCapture()) {
            List<Thread> sendersBefore = senderThreads();
            Wired handler = handler(settings().timeout(Duration.ofSeconds(20)),
                    AlertManager.builder().closeTimeout(Duration.ofMillis(800)));
            handler.handle(alert("stuck", AlertSeverity.CRITICAL, "m"));
            slack.awaitRequests(1, WAIT);
            handler.handle(alert("queued behind it", AlertSeverity.ERROR, "m"));
            List<Thread> ours = new ArrayList<>(senderThreads());
            ours.removeAll(sendersBefore);
            assertThat(ours).singleElement().satisfies(t -> assertThat(t.isDaemon()).isTrue());

            long start = System.nanoTime();
            handler.close();
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(took).isLessThan(Duration.ofMillis(800 + 300)); // the deadline, with room for a loaded machine
            assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(600));
            assertThat(handler.stats()).isEqualTo(new HandlerStats("slack", 0, 0, 2, 0));
            assertThat(logs.texts()).anySatisfy(t -> assertThat(t).startsWith("WARN")
                    .contains("could not deliver 2 alert(s)"));
            ours.get(0).join(WAIT.toMillis()); // close() cancelled the call it was blocked in
            assertThat(ours.get(0).isAlive()).isFalse();
            assertThatThrownBy(() -> handler.handler.handle(alert("late", AlertSeverity.ERROR, "m")))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        }
    }

    @Test
    void closeSendsWhatIsQueuedBeforeReturning() throws Exception {
        Wired handler = handler(settings());
        handler.handle(alert("one", AlertSeverity.ERROR, "m"));
        handler.handle(alert("two", AlertSeverity.ERROR, "m"));
        handler.handle(alert("three", AlertSeverity.ERROR, "m"));

        handler.close();

        assertThat(handler.stats().delivered()).isEqualTo(3);
        String all = String.join("\n", slack.requests().stream().map(Received::body).toList());
        assertThat(all).contains("one").contains("two").contains("three");
    }

    @Test
    void sendTestPostsATestMessageAndReportsTheDelivery() throws Exception {
        Wired handler = handler(settings());

        SlackDelivery delivery = handler.sendTestMessage();

        assertThat(delivery.status()).isEqualTo(200);
        assertThat(delivery.attempts()).isEqualTo(1);
        assertThat(slack.requests()).singleElement().satisfies(r -> assertThat(r.json().get("text").asText())
                .contains("Calibrax test message"));
        assertThat(handler.stats().delivered()).isZero();
    }

    @Test
    void sendTestThrowsWithSlacksErrorCodeWhenRejected() {
        slack.answer(status(404, "no_service"));
        Wired handler = handler(settings());

        assertThatThrownBy(handler::sendTest)
                .isInstanceOfSatisfying(SlackDeliveryException.class, e -> {
                    assertThat(e.status()).hasValue(404);
                    assertThat(e.slackError()).hasValue("no_service");
                    assertThat(e.attempts()).isEqualTo(1);
                })
                .hasMessageContaining("no_service")
                .hasMessageContaining("/services/T…/B…/***")
                .hasMessageNotContaining(SlackStandIn.TOKEN);
    }

    @Test
    void sendTestAfterCloseIsRefused() {
        Wired handler = handler(settings());
        handler.close();

        assertThatThrownBy(handler::sendTest).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void webhookTokenNeverAppearsInAnyLogLineOrExceptionEvenOnFailures() throws Exception {
        List<String> exceptionTexts = new ArrayList<>();
        try (LogCapture logs = new LogCapture()) {
            slack.answer(status(500, "oops " + slack.url()), tooManyRequests("0"), hang(), SlackStandIn.ok(),
                    status(404, "no_service " + SlackStandIn.TOKEN), status(400, "invalid_payload"));
            Wired handler = handler(settings().timeout(Duration.ofMillis(300)).maxAttempts(4));
            handler.handle(alert("retried through 500, 429 and a hang", AlertSeverity.CRITICAL, "m"));
            assertThat(handler.flush(WAIT)).isTrue();
            handler.handle(alert("rejected", AlertSeverity.CRITICAL, "m"));
            assertThat(handler.flush(WAIT)).isTrue();
            assertThat(handler.stats().failed()).isEqualTo(1);
            assertThat(handler.stats().delivered()).isEqualTo(1);
            try {
                handler.sendTestMessage();
            } catch (SlackDeliveryException e) {
                exceptionTexts.add(stackTraceOf(e));
            }
            exceptionTexts.add(handler.toString());
            exceptionTexts.add(handler.settings().toString());

            // nothing listens on this port: connection refused, every attempt
            int closedPort;
            try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
                closedPort = socket.getLocalPort();
            }
            Wired refused = handler(SlackSettings.builder("http://127.0.0.1:" + closedPort + SlackStandIn.PATH)
                    .maxAttempts(2).timeout(Duration.ofMillis(500)));
            refused.handle(alert("unreachable", AlertSeverity.ERROR, "m"));
            assertThat(refused.flush(WAIT)).isTrue();
            assertThat(refused.stats().failed()).isEqualTo(1);
            try {
                refused.sendTestMessage();
            } catch (SlackDeliveryException e) {
                exceptionTexts.add(stackTraceOf(e));
            }
            refused.close();

            for (String bad : List.of("not a url " + SlackStandIn.TOKEN, "ftp://host/" + SlackStandIn.TOKEN)) {
                try {
                    SlackSettings.builder(bad);
                } catch (IllegalArgumentException e) {
                    exceptionTexts.add(stackTraceOf(e));
                }
            }

            assertThat(logs.texts()).isNotEmpty().anySatisfy(t -> assertThat(t).contains("no_service"))
                    .anySatisfy(t -> assertThat(t).contains("Connect"))
                    .allSatisfy(t -> assertThat(t).doesNotContain(SlackStandIn.TOKEN));
            assertThat(exceptionTexts).hasSize(6).allSatisfy(t -> assertThat(t).doesNotContain(SlackStandIn.TOKEN));
        }
    }

    private static String stackTraceOf(Throwable e) {
        java.io.StringWriter text = new java.io.StringWriter();
        e.printStackTrace(new java.io.PrintWriter(text));
        return text.toString();
    }

    private static List<Thread> senderThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("calibrax-alert-slack-")).toList();
    }

    private static void assertRequestsAtMostOnePerSecond(List<Received> requests) {
        for (int i = 1; i < requests.size(); i++) {
            // the limiter spaces request starts by 1 s; the server's clock sees them when it reads them,
            // which a loaded machine can delay by a few hundred ms for one request and not the next
            // (without the limiter the gap is a few ms)
            assertThat(requests.get(i).millisAfter(requests.get(i - 1))).as("gap before request %d", i)
                    .isGreaterThanOrEqualTo(700);
        }
    }
}
