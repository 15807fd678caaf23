package io.calibrax.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.calibrax.api.Alert;
import io.calibrax.api.AlertHandler;
import io.calibrax.api.AlertSeverity;
import io.calibrax.api.DeliveryException;
import io.calibrax.spi.CalibraxConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Labels, routes, silences, mute windows, inhibition and fallbacks through a real manager and its workers. */
class RoutingTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    /** Monday 2026-12-07 12:00 UTC. */
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-07T12:00:00Z"));
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };
    private final AlertManager manager = AlertManager.builder().clock(clock).build();

    @AfterEach
    void close() {
        manager.close();
    }

    /** A handler that keeps what it receives. */
    private static final class Inbox implements AlertHandler {
        final List<Alert> alerts = new CopyOnWriteArrayList<>();

        @Override
        public void handle(Alert alert) {
            alerts.add(alert);
        }

        List<String> messages() {
            return alerts.stream().map(Alert::message).toList();
        }
    }

    private Inbox add(String name) {
        Inbox inbox = new Inbox();
        manager.addAlertHandler(inbox, name);
        return inbox;
    }

    private void trigger(String message, AlertSeverity severity, String metric) {
        manager.triggerAlert(message, severity, metric, 1, 0);
    }

    private HandlerStats stats(String name) {
        return manager.handlerStats().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void routesSendCriticalToThePagerAndTheRestToChat() {
        Inbox pager = add("pager");
        Inbox chat = add("chat");
        manager.configureRouting(CalibraxConfig.of(Map.of(
                "calibrax.route.pager", "severity=critical",
                "calibrax.route.chat", "severity!=critical",
                "calibrax.labels", "service=api,env=prod")));

        trigger("disk full", AlertSeverity.CRITICAL, "disk");
        trigger("latency high", AlertSeverity.WARNING, "latency");
        assertThat(manager.flush(WAIT)).isTrue();

        assertThat(pager.messages()).containsExactly("disk full");
        assertThat(chat.messages()).containsExactly("latency high");
        assertThat(pager.alerts.get(0).labels()).containsEntry("service", "api").containsEntry("env", "prod")
                .containsEntry("metric", "disk");
        assertThat(stats("pager").suppressed()).isEqualTo(1);
        assertThat(stats("chat").suppressed()).isEqualTo(1);
        for (HandlerStats s : manager.handlerStats()) {
            assertThat(s.delivered() + s.failed() + s.dropped() + s.queued() + s.suppressed()).isEqualTo(2);
        }
    }

    @Test
    void aSilencedAlertIsStoredButReachesNoHandlerUntilTheSilenceEnds() {
        Inbox chat = add("chat");
        Silence silence = manager.silence("metric=\"disk\"", Duration.ofHours(1), "maintenance");

        trigger("disk full", AlertSeverity.CRITICAL, "disk");
        trigger("cpu high", AlertSeverity.WARNING, "cpu");
        assertThat(manager.flush(WAIT)).isTrue();
        assertThat(chat.messages()).containsExactly("cpu high");
        assertThat(manager.getRecentAlerts()).extracting(Alert::message).contains("disk full");
        assertThat(stats("chat").suppressed()).isEqualTo(1);
        assertThat(manager.silences()).containsExactly(silence);

        assertThat(manager.expireSilence(silence.id())).isTrue();
        trigger("disk full again", AlertSeverity.CRITICAL, "disk");
        assertThat(manager.flush(WAIT)).isTrue();
        assertThat(chat.messages()).containsExactly("cpu high", "disk full again");
        assertThat(manager.silences()).isEmpty();
    }

    @Test
    void aMuteWindowKeepsOneHandlerQuietAtNight() {
        Inbox chat = add("chat");
        Inbox pager = add("pager");
        manager.configureRouting(CalibraxConfig.of(Map.of("calibrax.mute.chat", "mon-fri 22:00-07:00; sat-sun")));

        now.set(Instant.parse("2026-12-07T23:30:00Z")); // Monday night
        trigger("at night", AlertSeverity.ERROR, "disk");
        now.set(Instant.parse("2026-12-08T09:00:00Z")); // Tuesday morning
        trigger("in the morning", AlertSeverity.ERROR, "disk");
        assertThat(manager.flush(WAIT)).isTrue();

        assertThat(chat.messages()).containsExactly("in the morning");
        assertThat(pager.messages()).containsExactly("at night", "in the morning");
    }

    @Test
    void aCriticalAlertInhibitsWarningsOfTheSameServiceUntilItResolves() {
        Inbox chat = add("chat");
        manager.configureRouting(CalibraxConfig.of(Map.of(
                "calibrax.inhibit", "severity=critical -> severity=warning on service")));
        Alert down = new Alert("api down", AlertSeverity.CRITICAL, "up", 0, 1, Instant.now(), Map.of(),
                Map.of("service", "api"));

        manager.triggerAlert(down);
        manager.triggerAlert(new Alert("api slow", AlertSeverity.WARNING, "latency", 2, 1, Instant.now(), Map.of(),
                Map.of("service", "api")));
        manager.triggerAlert(new Alert("web slow", AlertSeverity.WARNING, "latency", 2, 1, Instant.now(), Map.of(),
                Map.of("service", "web")));
        manager.triggerAlert(new Alert("api up", AlertSeverity.INFO, "up", 1, 1, Instant.now(),
                Map.of("state", "resolved"), Map.of("service", "api")));
        manager.triggerAlert(new Alert("api slow again", AlertSeverity.WARNING, "latency", 2, 1, Instant.now(),
                Map.of(), Map.of("service", "api")));
        assertThat(manager.flush(WAIT)).isTrue();

        assertThat(chat.messages()).containsExactly("api down", "web slow", "api up", "api slow again");
        assertThat(stats("chat").suppressed()).isEqualTo(1);
    }

    @Test
    void aFailingHandlersAlertsAlsoGoToItsFallbackAndTheOthersHearOnceThatItFails() throws Exception {
        AtomicBoolean broken = new AtomicBoolean(true);
        CountDownLatch recovered = new CountDownLatch(1);
        AlertHandler pager = new AlertHandler() {
            @Override
            public void handle(Alert alert) throws Exception {
                if (broken.get()) {
                    throw DeliveryException.permanent("pager service answered 503", null);
                }
                recovered.countDown();
            }
        };
        manager.addAlertHandler(pager, "pager");
        Inbox email = add("email");
        Inbox chat = add("chat");
        manager.configureRouting(CalibraxConfig.of(Map.of(
                "calibrax.fallback.pager", "email",
                "calibrax.fallback.after", "2",
                "calibrax.route.email", "metric=nothing-routed-here")));

        for (int i = 1; i <= 4; i++) {
            trigger("alert " + i, AlertSeverity.CRITICAL, "disk");
            assertThat(manager.flush(WAIT)).isTrue();
        }
        assertThat(manager.flush(WAIT)).isTrue();

        // the second failure makes the streak: alerts 2 to 4 reach the fallback, whatever its own route
        assertThat(email.messages()).containsExactly("alert 2", "alert 3", "alert 4");
        assertThat(chat.messages()).containsExactly("alert 1", "alert 2",
                "alert handler pager is failing: pager service answered 503", "alert 3", "alert 4");
        Alert failing = chat.alerts.get(2);
        assertThat(failing.severity()).isEqualTo(AlertSeverity.WARNING);
        assertThat(failing.metricName()).isEqualTo("calibrax_handler_failing");
        assertThat(failing.labels()).containsEntry("handler", "pager");
        assertThat(stats("pager").failed()).isEqualTo(4);
        assertThat(stats("email").delivered()).isEqualTo(3);

        broken.set(false);
        trigger("alert 5", AlertSeverity.CRITICAL, "disk");
        assertThat(recovered.await(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(manager.flush(WAIT)).isTrue();
        assertThat(manager.flush(WAIT)).isTrue();
        assertThat(email.messages()).hasSize(3);
        assertThat(chat.messages()).contains("alert handler pager delivers again");
        Alert resolved = chat.alerts.get(chat.alerts.size() - 1);
        assertThat(resolved.metadata()).containsEntry("state", "resolved");
        assertThat(chat.messages()).filteredOn(m -> m.contains("is failing")).hasSize(1);
    }

    @Test
    void bootstrapAppliesRoutingKeysToDiscoveredHandlersAndLabelsPipelineAlerts() {
        String id = "routing-" + System.nanoTime();
        try (io.calibrax.Calibrax calibrax = io.calibrax.Calibrax.bootstrap(CalibraxConfig.of(Map.of(
                io.calibrax.testplugins.RecordingHandlerProvider.ID, id,
                "calibrax.route.recording", "severity=~\"warning|critical\", pipeline=etl",
                "calibrax.labels", "service=batch",
                "calibrax.shutdown-hook", "false")))) {
            ProductionMonitor monitor = calibrax.productionMonitor();
            monitor.setPerformanceBaseline("etl", 0.1);
            monitor.setPerformanceBaseline("web", 0.1);
            monitor.recordPipelineExecution("etl", 1.0, true);
            monitor.recordPipelineExecution("web", 1.0, true);
            assertThat(calibrax.alertManager().flush(WAIT)).isTrue();

            List<Alert> received = io.calibrax.testplugins.RecordingHandler.byId(id).received();
            assertThat(received).hasSize(1);
            assertThat(received.get(0).labels()).containsEntry("pipeline", "etl").containsEntry("service", "batch")
                    .containsEntry("metric", "pipeline_etl_time");
            assertThat(calibrax.alertManager().handlerStats()).filteredOn(s -> s.name().equals("recording"))
                    .singleElement().extracting(HandlerStats::suppressed).isEqualTo(1L);
        }
    }

    @Test
    void bootstrapRefusesARouteForAHandlerItDoesNotHave() {
        assertThatThrownBy(() -> io.calibrax.Calibrax.bootstrap(CalibraxConfig.of(Map.of(
                "calibrax.route.slak", "severity=critical", "calibrax.shutdown-hook", "false"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("calibrax.route.slak");
    }

    @Test
    void badRoutingKeysAreRefusedNamingTheKeyAndText() {
        add("chat");
        assertThatThrownBy(() -> manager.configureRouting(CalibraxConfig.of(Map.of("calibrax.route.chat", "env=~\"(prod\""))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("calibrax.route.chat")
                .hasMessageContaining("(prod");
        assertThatThrownBy(() -> manager.configureRouting(CalibraxConfig.of(Map.of("calibrax.route.slak", "env=prod"))))
                .hasMessageContaining("calibrax.route.slak").hasMessageContaining("chat");
        assertThatThrownBy(() -> manager.configureRouting(CalibraxConfig.of(Map.of("calibrax.mute.chat", "mon 25:00-07:00"))))
                .hasMessageContaining("calibrax.mute.chat").hasMessageContaining("25:00");
        assertThatThrownBy(() -> manager.configureRouting(CalibraxConfig.of(Map.of("calibrax.fallback.chat", "pager"))))
                .hasMessageContaining("calibrax.fallback.chat").hasMessageContaining("pager");
        assertThatThrownBy(() -> manager.configureRouting(CalibraxConfig.of(Map.of("calibrax.inhibit", "a=b c=d"))))
                .hasMessageContaining("calibrax.inhibit");
        assertThatThrownBy(() -> manager.configureRouting(CalibraxConfig.of(Map.of("calibrax.labels", "bad-name=x"))))
                .hasMessageContaining("calibrax.labels").hasMessageContaining("bad-name");
    }

    @Test
    void countsAddUpWhileManyThreadsTriggerThroughRoutesAndSilences() throws Exception {
        add("pager");
        add("chat");
        manager.configureRouting(CalibraxConfig.of(Map.of("calibrax.route.pager", "severity=critical")));
        manager.silence("metric=silenced", Duration.ofHours(1), "");
        int threads = 8;
        int perThread = 2_000;
        List<Thread> workers = new java.util.ArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread worker = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < perThread; i++) {
                    AlertSeverity severity = i % 3 == 0 ? AlertSeverity.CRITICAL : AlertSeverity.WARNING;
                    trigger("a", severity, (i + id) % 5 == 0 ? "silenced" : "m");
                    if (i % 500 == 0) {
                        manager.handlerStats(); // reading while others trigger
                    }
                }
            });
            worker.start();
            workers.add(worker);
        }
        start.countDown();
        for (Thread worker : workers) {
            worker.join();
        }
        assertThat(manager.flush(WAIT)).isTrue();
        for (HandlerStats s : manager.handlerStats()) {
            assertThat(s.delivered() + s.failed() + s.dropped() + s.queued() + s.suppressed())
                    .as(s.name()).isEqualTo((long) threads * perThread);
            assertThat(s.suppressed()).as(s.name()).isPositive();
        }
    }
}
