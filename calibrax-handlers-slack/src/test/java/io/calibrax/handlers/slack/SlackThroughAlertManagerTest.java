package io.calibrax.handlers.slack;

import io.calibrax.api.AlertHandler;
import io.calibrax.api.AlertSeverity;
import io.calibrax.handlers.slack.SlackStandIn.Received;
import io.calibrax.monitoring.AlertManager;
import io.calibrax.monitoring.HandlerStats;
import io.calibrax.spi.AlertHandlerProvider;
import io.calibrax.spi.CalibraxConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

import static io.calibrax.handlers.slack.SlackStandIn.hang;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The provider as a new user meets it: found by ServiceLoader, configured by keys, driven by an AlertManager. */
@Timeout(30)
class SlackThroughAlertManagerTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

    private final SlackStandIn slack = new SlackStandIn();
    private AlertManager manager;

    @AfterEach
    void tearDown() {
        if (manager != null) {
            manager.close();
        }
        slack.close();
    }

    private static AlertHandlerProvider discoveredSlackProvider() {
        return ServiceLoader.load(AlertHandlerProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(provider -> provider.name().equals("slack"))
                .findFirst().orElseThrow(() -> new AssertionError("no slack provider found by ServiceLoader"));
    }

    private CalibraxConfig config(String... keysAndValues) {
        Map<String, String> values = new HashMap<>();
        values.put(SlackSettings.WEBHOOK_URL, slack.url());
        for (int i = 0; i < keysAndValues.length; i += 2) {
            values.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return CalibraxConfig.of(values);
    }

    private SlackAlertHandler addDiscoveredHandler(CalibraxConfig config) {
        AlertHandler handler = discoveredSlackProvider().create(config).orElseThrow();
        manager.addAlertHandler(handler);
        return (SlackAlertHandler) handler;
    }

    @Test
    void serviceLoaderFindsTheSlackProvider() {
        assertThat(discoveredSlackProvider()).isInstanceOf(SlackAlertHandlerProvider.class);
    }

    @Test
    void providerStaysOffWithoutAWebhookUrl() {
        assertThat(discoveredSlackProvider().create(CalibraxConfig.empty())).isEmpty();
        assertThat(discoveredSlackProvider().create(CalibraxConfig.of(Map.of("calibrax.slack.username", "x")))).isEmpty();
    }

    @Test
    void alertsTriggeredOnTheManagerReachSlackAboveTheConfiguredSeverity() throws Exception {
        manager = AlertManager.builder().closeTimeout(Duration.ofSeconds(2)).build();
        SlackAlertHandler handler = addDiscoveredHandler(config("calibrax.slack.min-severity", "error",
                "calibrax.slack.timeout", "2s", "calibrax.slack.max-attempts", "3", "calibrax.slack.username", "calibrax"));

        manager.triggerAlert("latency degraded", AlertSeverity.WARNING, "latency", 1.3, 1.0);
        manager.triggerAlert("error rate above 30%", AlertSeverity.ERROR, "pipeline_train_error_rate", 0.4, 0.3,
                Map.of("trend", "increasing"));

        assertThat(manager.flush(WAIT)).isTrue();
        List<Received> requests = slack.requests();
        assertThat(requests).hasSize(1);
        assertThat(requests.get(0).json().get("text").asText()).contains("error rate above 30%")
                .contains("pipeline_train_error_rate");
        assertThat(requests.get(0).json().get("username").asText()).isEqualTo("calibrax");
        assertThat(manager.handlerStats()).singleElement().extracting(HandlerStats::name).isEqualTo("slack");
        assertThat(handler.settings().maxAttempts()).isEqualTo(3);
    }

    @Test
    void burstThroughTheManagerBecomesAtMostTwoMessagesCountingEveryAlert() throws Exception {
        manager = AlertManager.builder().closeTimeout(Duration.ofSeconds(2)).build();
        SlackAlertHandler handler = addDiscoveredHandler(config());

        for (int i = 0; i < 30; i++) {
            manager.triggerAlert("alert " + i + " of the burst", AlertSeverity.values()[1 + i % 3], "m" + i, i, 0);
        }

        assertThat(manager.flush(WAIT)).isTrue();
        List<Received> requests = slack.requests();
        assertThat(requests).hasSizeBetween(1, 2);
        String all = String.join("\n", requests.stream().map(Received::body).toList());
        for (int i = 0; i < 30; i++) {
            assertThat(all).contains("alert " + i + " of the burst");
        }
        assertThat(manager.handlerStats().get(0)).isEqualTo(new HandlerStats("slack", 30, 0, 0, 0));
    }

    @Test
    void hangingSlackNeverBlocksTriggerAlertAndCloseKeepsItsDeadline() throws Exception {
        slack.answer(hang(), hang(), hang(), hang());
        manager = AlertManager.builder().closeTimeout(Duration.ofSeconds(1)).build();
        addDiscoveredHandler(config("calibrax.slack.timeout", "30s"));

        long slowest = 0;
        long start = System.nanoTime();
        for (int i = 0; i < 200; i++) {
            long before = System.nanoTime();
            manager.triggerAlert("gpu hot " + i, AlertSeverity.CRITICAL, "gpu_temperature_c", 95, 85);
            slowest = Math.max(slowest, System.nanoTime() - before);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
        assertThat(Duration.ofNanos(slowest)).isLessThan(Duration.ofMillis(200));
        slack.awaitRequests(1, WAIT);

        long closing = System.nanoTime();
        manager.close();
        Duration took = Duration.ofNanos(System.nanoTime() - closing);

        // the manager gives up at its 1 s deadline; the handler's close cancels the hung call
        assertThat(took).isLessThan(Duration.ofMillis(1500));
        HandlerStats stats = manager.handlerStats().get(0);
        assertThat(stats.delivered()).as("Slack never answered: %s", stats).isZero();
        assertThat(stats.dropped()).isPositive();
        assertThat(stats.total()).isEqualTo(200);
        assertThat(stats.queued()).isZero();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "calibrax.slack.webhook-url   | not a url but the token xqZsEcReTtOkEn0123456789",
            "calibrax.slack.webhook-url   | ftp://hooks.slack.com/services/T1/B2/xqZsEcReTtOkEn0123456789",
            "calibrax.slack.min-severity  | loud",
            "calibrax.slack.timeout       | 0",
            "calibrax.slack.timeout       | soon",
            "calibrax.slack.max-attempts  | 0",
            "calibrax.slack.max-attempts  | many",
            "calibrax.slack.icon-emoji    | bell",
            "calibrax.slack.allow-insecure| maybe",
            "calibrax.slack.webhook-url   | http://hooks.slack.com/services/T1/B2/xqZsEcReTtOkEn0123456789"})
    void invalidConfigIsRefusedNamingTheKeyNeverTheSecret(String key, String value) {
        CalibraxConfig config = key.equals(SlackSettings.WEBHOOK_URL)
                ? CalibraxConfig.of(Map.of(key, value)) : config(key, value);

        assertThatIllegalArgumentException().isThrownBy(() -> discoveredSlackProvider().create(config))
                .withMessageContaining(key)
                .withMessageNotContaining(SlackStandIn.TOKEN);
    }
}
