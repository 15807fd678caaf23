package io.calibrax.handlers.alertmanager;

import com.fasterxml.jackson.databind.JsonNode;
import io.calibrax.api.AlertHandler;
import io.calibrax.api.AlertSeverity;
import io.calibrax.monitoring.AlertManager;
import io.calibrax.monitoring.HandlerStats;
import io.calibrax.spi.CalibraxConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * Against the real Prometheus Alertmanager binary, started on a loopback port for each test:
 * Calibrax alerts, raised through core's {@link AlertManager}, posted, deduplicated, resolved,
 * silenced and re-sent after an outage.
 */
class AlertmanagerIntegrationTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final Duration FLUSH = Duration.ofSeconds(15);

    @TempDir
    Path temp;

    private final List<AutoCloseable> cleanup = new ArrayList<>();

    @AfterEach
    void stopEverything() throws Exception {
        Exception first = null;
        for (int i = cleanup.size() - 1; i >= 0; i--) {
            try {
                cleanup.get(i).close();
            } catch (Exception e) { // close the rest, report the first
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        cleanup.clear();
        if (first != null) {
            throw first;
        }
    }

    private AlertmanagerProcess alertmanager(String name) throws Exception {
        AlertmanagerProcess process = AlertmanagerProcess.start(Files.createDirectories(temp.resolve(name)));
        cleanup.add(process);
        return process;
    }

    /** A Calibrax alert manager posting to {@code urls} as host {@code instance}, configured like a user would. */
    private AlertManager calibrax(String urls, String instance, Map<String, String> more) {
        Map<String, String> config = new HashMap<>(more);
        config.put("calibrax.alertmanager.url", urls);
        config.put("calibrax.alertmanager.instance", instance);
        config.putIfAbsent("calibrax.alertmanager.resend-interval", "300ms");
        config.putIfAbsent("calibrax.alertmanager.timeout", "2s");
        AlertHandler handler = new AlertmanagerHandlerProvider().create(CalibraxConfig.of(config)).orElseThrow();
        AlertManager manager = new AlertManager();
        manager.addAlertHandler(handler);
        cleanup.add(manager);
        return manager;
    }

    private static void flushed(AlertManager manager) {
        assertThat(manager.flush(FLUSH)).as("alerts handed to the Alertmanager handler").isTrue();
    }

    /** Triggers an alert, waits until the handler has posted it, and polls until Alertmanager lists it alone. */
    private static JsonNode fired(AlertManager manager, AlertmanagerProcess am, String message, AlertSeverity severity,
                                  String metric, double value, double threshold, Map<String, ?> metadata) {
        manager.triggerAlert(message, severity, metric, value, threshold, metadata);
        flushed(manager);
        return Poll.until(WAIT, "alert " + metric + " in GET /api/v2/alerts", () -> am.alerts(metric),
                list -> list.size() == 1).get(0);
    }

    private static Map<String, String> strings(JsonNode object) {
        Map<String, String> map = new HashMap<>();
        object.fields().forEachRemaining(field -> map.put(field.getKey(), field.getValue().asText()));
        return map;
    }

    @Test
    void firingAlertAppearsWithExpectedLabelsAndAnnotations() throws Exception {
        AlertmanagerProcess am = alertmanager("am");
        AlertManager manager = calibrax(am.baseUrl(), "host-a", Map.of(
                "calibrax.alertmanager.labels", "service=checkout, env=test",
                "calibrax.alertmanager.generator-url", "http://dashboards.example/calibrax"));

        var alert = manager.triggerAlert("pipeline_inference_time degraded: 2.50s vs baseline 1.50s",
                AlertSeverity.WARNING, "pipeline_inference_time", 2.5, 1.5,
                Map.of("pipeline", "inference", "trend", "increasing", "run", 42));
        flushed(manager);

        JsonNode posted = Poll.until(WAIT, "the alert in GET /api/v2/alerts",
                () -> am.alerts("pipeline_inference_time"), list -> list.size() == 1).get(0);
        assertThat(strings(posted.get("labels"))).containsOnly(
                entry("alertname", "pipeline_inference_time"),
                entry("severity", "warning"),
                entry("instance", "host-a"),
                entry("service", "checkout"),
                entry("env", "test"),
                entry("pipeline", "inference"));
        assertThat(strings(posted.get("annotations"))).containsOnly(
                entry("summary", "pipeline_inference_time degraded: 2.50s vs baseline 1.50s"),
                entry("value", "2.5"),
                entry("threshold", "1.5"),
                entry("trend", "increasing"),
                entry("run", "42"));
        assertThat(posted.get("generatorURL").asText()).isEqualTo("http://dashboards.example/calibrax");
        assertThat(posted.at("/status/state").asText()).isEqualTo("active");
        assertThat(Instant.parse(posted.get("startsAt").asText()))
                .isEqualTo(alert.timestamp().truncatedTo(ChronoUnit.MILLIS));
        assertThat(manager.handlerStats()).extracting(HandlerStats::delivered).containsExactly(1L);
    }

    @Test
    void sameAlertFromTwoHostsShowsAsTwoAlerts() throws Exception {
        AlertmanagerProcess am = alertmanager("am");
        AlertManager hostA = calibrax(am.baseUrl(), "host-a", Map.of("calibrax.alertmanager.labels", "service=api"));
        AlertManager hostB = calibrax(am.baseUrl(), "host-b", Map.of("calibrax.alertmanager.labels", "service=api"));

        hostA.triggerAlert("cpu_percent exceeded threshold: 97.00 > 90.00 (trend: stable)",
                AlertSeverity.INFO, "cpu_percent", 97, 90);
        hostB.triggerAlert("cpu_percent exceeded threshold: 95.00 > 90.00 (trend: stable)",
                AlertSeverity.INFO, "cpu_percent", 95, 90);
        flushed(hostA);
        flushed(hostB);

        List<JsonNode> alerts = Poll.until(WAIT, "one alert per host",
                () -> am.alerts("cpu_percent"), list -> list.size() == 2);
        assertThat(alerts).extracting(a -> a.at("/labels/instance").asText())
                .containsExactlyInAnyOrder("host-a", "host-b");
        assertThat(alerts).extracting(a -> a.at("/labels/service").asText()).containsOnly("api");
        assertThat(alerts).extracting(a -> a.at("/annotations/value").asText())
                .containsExactlyInAnyOrder("97", "95");
    }

    @Test
    void sameAlertWithIdenticalLabelsIsDeduplicated() throws Exception {
        AlertmanagerProcess am = alertmanager("am");
        AlertManager first = calibrax(am.baseUrl(), "shared-host", Map.of());
        AlertManager second = calibrax(am.baseUrl(), "shared-host", Map.of());

        first.triggerAlert("queue depth high", AlertSeverity.ERROR, "queue_depth", 900, 500);
        flushed(first);
        second.triggerAlert("queue depth high", AlertSeverity.ERROR, "queue_depth", 950, 500);
        flushed(second);
        // both posts were accepted (handle returned) before we look, so both are in the store
        assertThat(first.handlerStats().get(0).delivered()).isEqualTo(1);
        assertThat(second.handlerStats().get(0).delivered()).isEqualTo(1);

        List<JsonNode> alerts = Poll.until(WAIT, "the alert", () -> am.alerts("queue_depth"), list -> !list.isEmpty());
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).at("/labels/instance").asText()).isEqualTo("shared-host");
        // the later post's annotations win
        assertThat(alerts.get(0).at("/annotations/value").asText()).isEqualTo("950");
    }

    @Test
    void resolvedAlertLeavesTheActiveList() throws Exception {
        AlertmanagerProcess am = alertmanager("am");
        AlertManager manager = calibrax(am.baseUrl(), "host-a", Map.of());

        JsonNode firing = fired(manager, am, "gpu_temperature_c exceeded threshold: 91.00 > 85.00 (trend: increasing)",
                AlertSeverity.WARNING, "gpu_temperature_c", 91, 85, Map.of("trend", "increasing"));

        // what a monitor raises when the breach clears: INFO, state=resolved
        manager.triggerAlert("gpu_temperature_c back below threshold: 80.00 <= 85.00",
                AlertSeverity.INFO, "gpu_temperature_c", 80, 85, Map.of("state", "resolved", "trend", "decreasing"));
        flushed(manager);

        Poll.until(WAIT, "the resolved alert to leave the active list", () -> am.alerts("gpu_temperature_c"),
                List::isEmpty);
        assertThat(manager.handlerStats().get(0).failed()).isZero();
        assertThat(firing.at("/labels/severity").asText()).isEqualTo("warning");
        // it stays resolved although firing alerts keep being re-sent every 300 ms
        AlertHandler handler = manager.getAlertHandlers().get(0);
        assertThat(((AlertmanagerHandler) handler).firingCount()).isZero();
    }

    @Test
    void silenceCreatedThroughTheApiMutesTheAlert() throws Exception {
        AlertmanagerProcess am = alertmanager("am");
        AlertManager manager = calibrax(am.baseUrl(), "host-a", Map.of("calibrax.alertmanager.labels", "env=test"));

        JsonNode active = fired(manager, am, "disk almost full", AlertSeverity.CRITICAL, "disk_used_percent", 99, 90,
                Map.of());
        assertThat(active.at("/status/state").asText()).isEqualTo("active");

        String silence = am.silence(Map.of("alertname", "disk_used_percent", "instance", "host-a"));

        JsonNode muted = Poll.until(WAIT, "the alert to be suppressed by the silence",
                () -> am.alerts("disk_used_percent"),
                list -> list.size() == 1 && list.get(0).at("/status/state").asText().equals("suppressed")).get(0);
        assertThat(muted.at("/status/silencedBy")).extracting(JsonNode::asText).containsExactly(silence);
        assertThat(muted.at("/labels/severity").asText()).isEqualTo("critical");
    }

    @Test
    void alertsArriveAfterAlertmanagerComesBack() throws Exception {
        int port = AlertmanagerProcess.freePort();
        AlertManager manager = calibrax("http://127.0.0.1:" + port, "host-a", Map.of());

        manager.triggerAlert("throughput below minimum", AlertSeverity.WARNING, "throughput", 850, 1000);
        flushed(manager);
        assertThat(manager.handlerStats().get(0).failed())
                .as("nothing listens on port %d yet, so the first post fails", port).isEqualTo(1);

        AlertmanagerProcess am = AlertmanagerProcess.start(Files.createDirectories(temp.resolve("late")), port);
        cleanup.add(am);

        JsonNode arrived = Poll.until(WAIT, "the alert re-sent once Alertmanager is up",
                () -> am.alerts("throughput"), list -> list.size() == 1).get(0);
        assertThat(arrived.at("/labels/severity").asText()).isEqualTo("warning");
        assertThat(arrived.at("/annotations/summary").asText()).isEqualTo("throughput below minimum");
    }

    @Test
    void firingAlertIsResentEveryIntervalUntilResolved() throws Exception {
        AlertmanagerProcess am = alertmanager("am");
        AlertManager manager = calibrax(am.baseUrl(), "host-a", Map.of());

        JsonNode first = fired(manager, am, "latency high", AlertSeverity.ERROR, "latency", 3.2, 2.0,
                Map.of("state", "firing"));
        Instant firstUpdate = Instant.parse(first.get("updatedAt").asText());
        Instant firstEnd = Instant.parse(first.get("endsAt").asText());

        // Alertmanager stamps updatedAt on each post it receives: a later one means a re-send
        JsonNode refreshed = Poll.until(WAIT, "a re-send of the firing alert", () -> am.alerts("latency"),
                list -> list.size() == 1 && Instant.parse(list.get(0).get("updatedAt").asText()).isAfter(firstUpdate)).get(0);
        assertThat(Instant.parse(refreshed.get("endsAt").asText())).as("resolve_timeout pushed back").isAfter(firstEnd);
        assertThat(refreshed.get("startsAt").asText()).isEqualTo(first.get("startsAt").asText());
    }

    @Test
    void severityChangeReplacesTheAlertUnderItsOldSeverity() throws Exception {
        AlertmanagerProcess am = alertmanager("am");
        AlertManager manager = calibrax(am.baseUrl(), "host-a", Map.of());

        fired(manager, am, "memory high", AlertSeverity.WARNING, "memory_rss_mb", 1300, 1000, Map.of());
        manager.triggerAlert("memory very high", AlertSeverity.CRITICAL, "memory_rss_mb", 2100, 1000);
        flushed(manager);

        List<JsonNode> alerts = Poll.until(WAIT, "only the critical alert active", () -> am.alerts("memory_rss_mb"),
                list -> list.size() == 1 && list.get(0).at("/labels/severity").asText().equals("critical"));
        assertThat(alerts.get(0).at("/annotations/summary").asText()).isEqualTo("memory very high");
    }

    @Test
    void haPairGetsEveryAlertAndOnePeerDownIsNoFailure() throws Exception {
        AlertmanagerProcess one = alertmanager("one");
        AlertmanagerProcess two = alertmanager("two");
        AlertManager manager = calibrax(one.baseUrl() + "," + two.baseUrl(), "host-a", Map.of());

        manager.triggerAlert("error rate high", AlertSeverity.ERROR, "pipeline_etl_error_rate", 0.4, 0.3,
                Map.of("pipeline", "etl"));
        flushed(manager);
        for (AlertmanagerProcess peer : List.of(one, two)) {
            JsonNode alert = Poll.until(WAIT, "the alert on " + peer.baseUrl(),
                    () -> peer.alerts("pipeline_etl_error_rate"), list -> list.size() == 1).get(0);
            assertThat(alert.at("/labels/pipeline").asText()).isEqualTo("etl");
        }

        two.close();
        manager.triggerAlert("queue stalled", AlertSeverity.CRITICAL, "queue_age_s", 600, 60);
        flushed(manager);
        Poll.until(WAIT, "the second alert on the surviving peer", () -> one.alerts("queue_age_s"),
                list -> list.size() == 1);
        assertThat(manager.handlerStats().get(0).failed()).as("one peer accepted: not a failure").isZero();
        Set<String> names = one.alerts().stream().map(a -> a.at("/labels/alertname").asText())
                .collect(Collectors.toSet());
        assertThat(names).containsExactlyInAnyOrder("pipeline_etl_error_rate", "queue_age_s");
    }
}
