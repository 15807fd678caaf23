package io.calibrax.handlers.email;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.calibrax.api.Alert;
import io.calibrax.api.AlertSeverity;
import io.calibrax.api.Secret;
import io.calibrax.monitoring.AlertManager;
import io.calibrax.monitoring.HandlerStats;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static io.calibrax.handlers.email.Mails.ONCALL;
import static io.calibrax.handlers.email.Mails.TEAM;
import static io.calibrax.handlers.email.Mails.await;
import static io.calibrax.handlers.email.Mails.html;
import static io.calibrax.handlers.email.Mails.rawHeaders;
import static io.calibrax.handlers.email.Mails.settings;
import static io.calibrax.handlers.email.Mails.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The email handler against GreenMail, a real SMTP server on loopback (a free port per test). */
class EmailAlertHandlerTest {
    private static final String PASSWORD = "s3cret-Pa55word";

    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(
            new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort()).withPerMethodLifecycle(true);

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeEverything() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        Mails.assertNoEmailThreadsLeft();
    }

    private <T extends AutoCloseable> T closeLater(T closeable) {
        toClose.add(closeable);
        return closeable;
    }

    private static int port() {
        return greenMail.getSmtp().getPort();
    }

    private static Alert alert(String message, AlertSeverity severity, String metric) {
        return new Alert(message, severity, metric, 97.5, 90, Instant.parse("2030-01-02T03:04:05Z"),
                Map.of("trend", "increasing"));
    }

    @Test
    void oneAlertReachesEveryRecipientWithTextAndHtmlParts() throws Exception {
        EmailAlertHandler handler = closeLater(new EmailAlertHandler(settings(port()).build()));

        handler.handle(alert("Disk almost full", AlertSeverity.WARNING, "disk_used_pct"));

        MimeMessage[] received = await(greenMail, 2);
        assertThat(received).hasSize(2);
        for (String recipient : List.of(ONCALL, TEAM)) {
            assertThat(greenMail.findReceivedMessages(user -> user.getEmail().equals(recipient), m -> true))
                    .as("copy for %s", recipient).hasSize(1);
        }
        MimeMessage mail = received[0];
        assertThat(mail.getSubject()).isEqualTo("[calibrax] WARNING disk_used_pct: Disk almost full");
        assertThat(mail.getFrom()).containsExactly(new InternetAddress(Mails.FROM));
        assertThat(mail.getRecipients(Message.RecipientType.TO))
                .containsExactly(new InternetAddress(ONCALL), new InternetAddress(TEAM));
        assertThat(mail.getMessageID()).matches("<[0-9a-f-]{36}\\.calibrax@calibrax\\.test>");
        assertThat(mail.getHeader("Auto-Submitted", null)).isEqualTo("auto-generated");
        assertThat(Mails.alternative(mail).getCount()).isEqualTo(2);
        assertThat(text(mail)).contains("WARNING alert: disk_used_pct", "Disk almost full", "Value:     97.5",
                "Threshold: 90", "Time:      2030-01-02T03:04:05Z", "trend: increasing");
        assertThat(html(mail)).contains("<strong>disk_used_pct</strong>", "Disk almost full", "97.5",
                "2030-01-02T03:04:05Z");
        assertThat(handler.stats()).isEqualTo(new EmailStats(1, 1));
    }

    @Test
    void alertTextCannotInjectHeadersOrRecipients() throws Exception {
        EmailAlertHandler handler = closeLater(new EmailAlertHandler(settings(port(), ONCALL).build()));
        String injected = "Disk full\r\nBcc: attacker@evil.test\r\nX-Injected: yes <script>";
        String metric = "disk\r\nBcc: attacker@evil.test\nX-Injected: metric";

        handler.handle(alert(injected, AlertSeverity.CRITICAL, metric));

        MimeMessage[] received = await(greenMail, 1);
        assertThat(received).as("no copy beyond the one recipient").hasSize(1);
        assertThat(greenMail.findReceivedMessages(user -> user.getEmail().contains("evil"), m -> true)).isEmpty();
        assertThat(greenMail.getUserManager().getUser("attacker@evil.test")).isNull();
        MimeMessage mail = received[0];
        assertThat(mail.getHeader("Bcc")).isNull();
        assertThat(mail.getHeader("X-Injected")).isNull();
        assertThat(mail.getAllRecipients()).containsExactly(new InternetAddress(ONCALL));
        assertThat(rawHeaders(mail).lines().map(line -> line.toLowerCase(Locale.ROOT)))
                .noneMatch(line -> line.startsWith("bcc:") || line.startsWith("x-injected:"));
        assertThat(mail.getSubject())
                .isEqualTo("[calibrax] CRITICAL disk Bcc: attacker@evil.test X-Injected: metric: "
                        + "Disk full Bcc: attacker@evil.test X-Injected: yes <script>")
                .doesNotContain("\r", "\n");
        String html = html(mail);
        assertThat(html).doesNotContain("<script>").contains("X-Injected: yes &lt;script&gt;");
        assertThat(mail.getHeader("X-Priority", null)).isEqualTo("1");
    }

    @Test
    void authenticatesWithUsernameAndPassword() throws Exception {
        GreenMail server = authServer();
        EmailAlertHandler handler = closeLater(new EmailAlertHandler(settings(server.getSmtp().getPort(), ONCALL)
                .credentials("alerts", Secret.of(PASSWORD)).build()));

        handler.handle(alert("Queue backlog", AlertSeverity.ERROR, "queue_depth"));

        assertThat(server.waitForIncomingEmail(10_000, 1)).isTrue();
        assertThat(server.getReceivedMessages()[0].getSubject()).isEqualTo("[calibrax] ERROR queue_depth: Queue backlog");
    }

    @Test
    void wrongPasswordIsPermanentNotRetriedAndLoggedOnceWithServerReply() throws Exception {
        GreenMail server = authServer();
        EmailAlertHandler handler = closeLater(new EmailAlertHandler(settings(server.getSmtp().getPort(), ONCALL)
                .credentials("alerts", Secret.of("wrong-" + PASSWORD)).maxAttempts(5)
                .retryBackoff(Duration.ofSeconds(5)).build()));

        try (LogCapture logs = new LogCapture()) {
            long started = System.nanoTime();
            Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(
                    () -> handler.handle(alert("Queue backlog", AlertSeverity.ERROR, "queue_depth")));
            assertThat(thrown)
                    .isInstanceOfSatisfying(EmailDeliveryException.class, e -> {
                        assertThat(e.isPermanent()).isTrue();
                        assertThat(e.serverReply()).hasValueSatisfying(reply -> assertThat(reply).startsWith("535"));
                        assertThat(e.getMessage()).contains("authentication as alerts failed", "535",
                                "refused for good").doesNotContain(PASSWORD);
                    });
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("no 5 s backoff: not retried")
                    .isLessThan(Duration.ofSeconds(4));
            List<String> texts = new ArrayList<>(logs.lines());
            texts.add(thrown.toString());
            assertNoSecretIn(texts, "wrong-" + PASSWORD);
        }
        assertThat(server.getReceivedMessages()).isEmpty();
        assertThat(handler.stats().messagesSent()).isZero();
    }

    @Test
    void serverDownWhenRaisedAndUpThreeSecondsLaterStillGetsTheMail() throws Exception {
        int port = TcpPeers.freePort();
        GreenMail server = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
                .withConfiguration(GreenMailConfiguration.aConfig().withUser("alerts@calibrax.test", "alerts", PASSWORD));
        toClose.add(server::stop);
        EmailAlertHandler handler = new EmailAlertHandler(settings(port, ONCALL)
                .credentials("alerts", Secret.of(PASSWORD))
                .maxAttempts(10).retryBackoff(Duration.ofMillis(250)).timeout(Duration.ofSeconds(1)).build());
        AlertManager manager = closeLater(new AlertManager());
        manager.addAlertHandler(handler);
        ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor();
        toClose.add(later::shutdownNow);
        CountDownLatch serverUp = new CountDownLatch(1);

        try (LogCapture logs = new LogCapture()) {
            long t0 = System.nanoTime();
            manager.triggerAlert("Disk full", AlertSeverity.WARNING, "disk_used_pct", 97, 90);
            long firstTrigger = System.nanoTime() - t0;
            later.schedule(() -> {
                server.start();
                serverUp.countDown();
            }, 3, TimeUnit.SECONDS);

            // while the server is down: more alerts, none blocks, none is delivered or lost
            Mails.poll("first retry logged", Duration.ofSeconds(5),
                    () -> !logs.linesContaining("retrying").isEmpty());
            long t1 = System.nanoTime();
            manager.triggerAlert("Queue backlog", AlertSeverity.ERROR, "queue_depth", 5000, 1000);
            long secondTrigger = System.nanoTime() - t1;
            assertThat(Duration.ofNanos(firstTrigger)).isLessThan(Duration.ofMillis(200));
            assertThat(Duration.ofNanos(secondTrigger)).isLessThan(Duration.ofMillis(200));
            assertThat(serverUp.getCount()).as("server still down during the checks above").isEqualTo(1);
            assertThat(manager.handlerStats()).singleElement()
                    .satisfies(stats -> assertThat(stats.delivered() + stats.failed()).isZero());

            assertThat(serverUp.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(server.waitForIncomingEmail(15_000, 2)).isTrue();
            assertThat(manager.flush(Duration.ofSeconds(10))).isTrue();

            assertThat(Arrays.stream(server.getReceivedMessages()).map(m -> {
                try {
                    return m.getSubject();
                } catch (MessagingException e) {
                    throw new IllegalStateException(e);
                }
            })).containsExactly("[calibrax] WARNING disk_used_pct: Disk full",
                    "[calibrax] ERROR queue_depth: Queue backlog");
            HandlerStats stats = manager.handlerStats().get(0);
            assertThat(stats.name()).isEqualTo("email");
            assertThat(stats.delivered()).isEqualTo(2);
            assertThat(stats.failed()).isZero();
            assertThat(handler.stats().messagesSent()).isEqualTo(2);
            assertThat(logs.linesContaining("delivered 1 alert(s) after")).isNotEmpty();
            assertNoSecretIn(logs.lines(), PASSWORD);
        }
    }

    @Test
    void batchWindowSendsTenAlertsAsOneDigestListingAll() throws Exception {
        EmailAlertHandler handler = new EmailAlertHandler(settings(port(), ONCALL)
                .batchWindow(Duration.ofMillis(800)).build());
        AlertManager manager = closeLater(new AlertManager());
        manager.addAlertHandler(handler);

        for (int i = 0; i < 10; i++) {
            manager.triggerAlert("value " + i + " too high <b>", i == 4 ? AlertSeverity.ERROR : AlertSeverity.WARNING,
                    "metric_" + i, 100 + i, 90);
        }

        MimeMessage digest = await(greenMail, 1)[0];
        manager.close();
        assertThat(greenMail.getReceivedMessages()).as("still one mail after close").hasSize(1);
        assertThat(digest.getSubject()).startsWith("[calibrax] ERROR 10 alerts: metric_0, metric_1");
        String text = text(digest);
        String html = html(digest);
        for (int i = 0; i < 10; i++) {
            assertThat(text).contains((i + 1) + ". " + (i == 4 ? "ERROR" : "WARNING") + " metric_" + i + " = " + (100 + i));
            assertThat(html).contains("metric_" + i + "</td>", "value " + i + " too high &lt;b&gt;");
        }
        assertThat(html).doesNotContain("<b>");
        assertThat(handler.stats()).isEqualTo(new EmailStats(1, 1));
        assertThat(manager.handlerStats().get(0).delivered()).isEqualTo(10);
    }

    @Test
    void closeSendsWhatTheBatchWindowStillHolds() throws Exception {
        EmailAlertHandler handler = new EmailAlertHandler(settings(port(), ONCALL)
                .batchWindow(Duration.ofMinutes(5)).build());
        AlertManager manager = closeLater(new AlertManager());
        manager.addAlertHandler(handler);

        manager.triggerAlert("Latency up", AlertSeverity.WARNING, "latency_ms", 2, 1);
        manager.triggerAlert("GPU lost", AlertSeverity.CRITICAL, "gpu_temperature_c", 2, 1);
        assertThat(manager.handlerStats().get(0).queued()).isEqualTo(2);

        long started = System.nanoTime();
        manager.close(Duration.ofSeconds(5));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        MimeMessage[] received = await(greenMail, 1);
        assertThat(received[0].getSubject()).startsWith("[calibrax] CRITICAL 2 alerts: ");
        assertThat(manager.handlerStats().get(0)).isEqualTo(new HandlerStats("email", 2, 0, 0, 0));
    }

    @Test
    void starttlsAgainstServerWithoutStarttlsFailsInsteadOfSendingInClear() throws Exception {
        EmailAlertHandler handler = closeLater(new EmailAlertHandler(settings(port(), ONCALL)
                .tls(TlsMode.STARTTLS).maxAttempts(5).retryBackoff(Duration.ofSeconds(5)).build()));

        long started = System.nanoTime();
        assertThatThrownBy(() -> handler.handle(alert("Disk full", AlertSeverity.ERROR, "disk_used_pct")))
                .isInstanceOfSatisfying(EmailDeliveryException.class, e -> {
                    assertThat(e.isPermanent()).isTrue();
                    assertThat(e.getMessage()).contains("does not offer STARTTLS", "never sends in the clear");
                });
        assertThatThrownBy(handler::sendTest).isInstanceOf(EmailDeliveryException.class)
                .hasMessageContaining("STARTTLS");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("not retried").isLessThan(Duration.ofSeconds(4));
        assertThat(greenMail.getReceivedMessages()).isEmpty();
    }

    @Test
    void smtpsRefusesCertificateItCannotTrust() throws Exception {
        GreenMail smtps = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTPS).dynamicPort());
        smtps.start();
        toClose.add(smtps::stop);
        EmailAlertHandler handler = closeLater(new EmailAlertHandler(settings(smtps.getSmtps().getPort(), ONCALL)
                .tls(TlsMode.SMTPS).build()));

        assertThatThrownBy(() -> handler.handle(alert("Disk full", AlertSeverity.ERROR, "disk_used_pct")))
                .isInstanceOfSatisfying(EmailDeliveryException.class, e -> {
                    assertThat(e.isPermanent()).isTrue();
                    assertThat(e.getMessage()).contains("certificate is not trusted");
                });
        assertThat(smtps.getReceivedMessages()).isEmpty();
    }

    @Test
    void silentServerTimesOutInsteadOfHanging() throws Exception {
        TcpPeers.Silent silent = closeLater(new TcpPeers.Silent());
        EmailAlertHandler handler = closeLater(new EmailAlertHandler(settings(silent.port(), ONCALL)
                .timeout(Duration.ofMillis(300)).maxAttempts(2).build()));

        long started = System.nanoTime();
        assertThatThrownBy(() -> handler.handle(alert("Disk full", AlertSeverity.ERROR, "disk_used_pct")))
                .isInstanceOfSatisfying(EmailDeliveryException.class, e -> {
                    assertThat(e.isPermanent()).isFalse();
                    assertThat(e.getMessage()).containsIgnoringCase("timed out");
                });
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
        assertThat(handler.stats().messagesSent()).isZero();
    }

    @Test
    void dribblingServerIsCutAtTheTotalDeadline() throws Exception {
        TcpPeers.Silent dribbling = closeLater(new TcpPeers.Silent(true));
        EmailAlertHandler handler = closeLater(new EmailAlertHandler(settings(dribbling.port(), ONCALL)
                .timeout(Duration.ofMillis(300)).maxAttempts(1).build()));

        long started = System.nanoTime();
        assertThatThrownBy(() -> handler.handle(alert("Disk full", AlertSeverity.ERROR, "disk_used_pct")))
                .isInstanceOf(EmailDeliveryException.class).hasMessageContaining("total deadline");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("3 x 300 ms, not forever")
                .isBetween(Duration.ofMillis(800), Duration.ofSeconds(3));
    }

    @Test
    void largeBatchBecomesSeveralDigestsOverOneConnection() throws Exception {
        EmailAlertHandler handler = new EmailAlertHandler(settings(port(), ONCALL)
                .batchWindow(Duration.ofMillis(300)).build());
        AlertManager manager = closeLater(new AlertManager(1000));
        manager.addAlertHandler(handler);
        int alerts = 2 * EmailAlertHandler.MAX_ALERTS_PER_DIGEST + 50;
        for (int i = 0; i < alerts; i++) {
            manager.triggerAlert(alert("alert " + i, AlertSeverity.WARNING, "metric_" + i));
        }

        MimeMessage[] received = await(greenMail, 3);
        assertThat(received).extracting(MimeMessage::getSubject).allSatisfy(subject ->
                assertThat(subject).startsWith("[calibrax] WARNING "));
        assertThat(received[0].getSubject()).startsWith("[calibrax] WARNING 200 alerts: metric_0, metric_1");
        assertThat(received[2].getSubject()).startsWith("[calibrax] WARNING 50 alerts: metric_400,");
        assertThat(manager.flush(Duration.ofSeconds(10))).isTrue();
        assertThat(manager.handlerStats().get(0).delivered()).isEqualTo(alerts);
        assertThat(handler.stats()).isEqualTo(new EmailStats(3, 1));
    }

    @Test
    void refusedRecipientDoesNotStopTheOthersAndIsLoggedWithTheReply() throws Exception {
        TcpPeers.ScriptedSmtp server = closeLater(new TcpPeers.ScriptedSmtp()
                .rcpt("gone@example.test", "550 5.1.1 <gone@example.test>: Recipient address rejected: user unknown"));
        EmailAlertHandler handler = closeLater(new EmailAlertHandler(settings(server.port(), ONCALL, "gone@example.test")
                .build()));

        try (LogCapture logs = new LogCapture()) {
            handler.handle(alert("Disk full", AlertSeverity.ERROR, "disk_used_pct"));
            assertThat(logs.linesContaining("gone@example.test")).singleElement().satisfies(line ->
                    assertThat(line).startsWith("WARN").contains("550 5.1.1", "for good"));
        }
        assertThat(server.messages()).isEqualTo(1);
        assertThat(handler.stats().messagesSent()).isEqualTo(1);
    }

    @Test
    void greylistedRecipientAloneGetsTheRetry() throws Exception {
        TcpPeers.ScriptedSmtp server = closeLater(new TcpPeers.ScriptedSmtp()
                .rcpt("grey@example.test", "451 4.7.1 Greylisted, try again later"));
        EmailAlertHandler handler = new EmailAlertHandler(settings(server.port(), ONCALL, "grey@example.test")
                .retryBackoff(Duration.ofMillis(100)).build());
        AlertManager manager = closeLater(new AlertManager());
        manager.addAlertHandler(handler);

        manager.triggerAlert(alert("Disk full", AlertSeverity.ERROR, "disk_used_pct"));
        assertThat(manager.flush(Duration.ofSeconds(10))).isTrue();

        assertThat(server.rcptCommands()).containsExactly("RCPT TO:<" + ONCALL + ">", "RCPT TO:<grey@example.test>",
                "RCPT TO:<grey@example.test>");
        assertThat(server.messages()).as("one copy for oncall, then one for grey alone").isEqualTo(2);
        assertThat(manager.handlerStats().get(0)).isEqualTo(new HandlerStats("email", 1, 0, 0, 0));
    }

    @Test
    void everyRecipientRefusedIsAPermanentFailure() throws Exception {
        TcpPeers.ScriptedSmtp server = closeLater(new TcpPeers.ScriptedSmtp()
                .rcpt(ONCALL, "550 5.7.1 Relaying denied"));
        EmailAlertHandler handler = closeLater(new EmailAlertHandler(settings(server.port(), ONCALL).build()));

        assertThatThrownBy(() -> handler.handle(alert("Disk full", AlertSeverity.ERROR, "disk_used_pct")))
                .isInstanceOfSatisfying(EmailDeliveryException.class, e -> {
                    assertThat(e.isPermanent()).isTrue();
                    assertThat(e.serverReply()).hasValue("550 5.7.1 Relaying denied");
                });
        assertThat(server.rcptCommands()).hasSize(1);
        assertThat(server.messages()).isZero();
    }

    @Test
    void busy421ReplyIsRetriedWithBackoff() throws Exception {
        TcpPeers.BusyThenRelay relay = closeLater(new TcpPeers.BusyThenRelay(2, port()));
        EmailAlertHandler handler = new EmailAlertHandler(settings(relay.port(), ONCALL)
                .maxAttempts(3).retryBackoff(Duration.ofMillis(200)).build());
        AlertManager manager = closeLater(new AlertManager());
        manager.addAlertHandler(handler);

        try (LogCapture logs = new LogCapture()) {
            manager.triggerAlert(alert("Disk full", AlertSeverity.ERROR, "disk_used_pct"));
            assertThat(manager.flush(Duration.ofSeconds(10))).isTrue();
            assertThat(logs.linesContaining("retrying")).first().satisfies(line -> assertThat(line).startsWith("WARN")
                    .contains("421"));
        }
        assertThat(manager.handlerStats().get(0).delivered()).isEqualTo(1);
        assertThat(relay.connections()).isEqualTo(3);
        assertThat(await(greenMail, 1)).hasSize(1);
    }

    @Test
    void burstOfAlertsSharesOneConnection() throws Exception {
        EmailAlertHandler handler = new EmailAlertHandler(settings(port(), ONCALL).build());
        AlertManager manager = closeLater(new AlertManager());
        manager.addAlertHandler(handler);

        for (int i = 0; i < 5; i++) {
            manager.triggerAlert("burst " + i, AlertSeverity.WARNING, "metric_" + i, 2, 1);
        }

        assertThat(manager.flush(Duration.ofSeconds(10))).isTrue();
        assertThat(await(greenMail, 5)).hasSize(5);
        assertThat(handler.stats().messagesSent()).isEqualTo(5);
        assertThat(handler.stats().connectionsOpened()).isEqualTo(1);
    }

    @Test
    void closeWhileRetryingReturnsPromptlyAndStopsThreads() throws Exception {
        EmailAlertHandler handler = new EmailAlertHandler(settings(TcpPeers.freePort(), ONCALL)
                .maxAttempts(50).retryBackoff(Duration.ofMillis(500)).build());
        AlertManager manager = closeLater(new AlertManager());
        manager.addAlertHandler(handler);
        long started;
        try (LogCapture logs = new LogCapture()) {
            manager.triggerAlert(alert("Disk full", AlertSeverity.ERROR, "disk_used_pct"));
            Mails.poll("waiting to retry", Duration.ofSeconds(5), () -> !logs.linesContaining("retrying").isEmpty());
            assertThat(manager.handlerStats().get(0).queued()).isEqualTo(1);
            started = System.nanoTime();
            manager.close(Duration.ofSeconds(1));
            assertThat(logs.linesContaining("could not deliver 1 alert(s)")).isNotEmpty();
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
        assertThat(manager.handlerStats().get(0)).isEqualTo(new HandlerStats("email", 0, 0, 1, 0));
        assertThatThrownBy(() -> handler.handle(alert("x", AlertSeverity.ERROR, "m")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void aDigestThatFailsCountsEachOfItsAlertsAsFailed() throws Exception {
        EmailAlertHandler handler = new EmailAlertHandler(settings(TcpPeers.freePort(), ONCALL)
                .maxAttempts(2).retryBackoff(Duration.ofMillis(50)).batchWindow(Duration.ofMillis(200)).build());
        AlertManager manager = closeLater(new AlertManager());
        manager.addAlertHandler(handler);
        for (int i = 0; i < 3; i++) {
            manager.triggerAlert(alert("waiting " + i, AlertSeverity.WARNING, "metric_" + i));
        }

        assertThat(manager.flush(Duration.ofSeconds(10))).isTrue();
        assertThat(manager.handlerStats().get(0)).isEqualTo(new HandlerStats("email", 0, 3, 0, 0));
        assertThat(handler.stats()).isEqualTo(new EmailStats(0, 0));
    }

    @Test
    void sendTestDeliversAndReturnsTheMessageId() throws Exception {
        EmailAlertHandler handler = closeLater(new EmailAlertHandler(settings(port(), ONCALL).build()));

        String messageId = handler.sendTestMessage();

        MimeMessage mail = await(greenMail, 1)[0];
        assertThat(mail.getMessageID()).isEqualTo(messageId);
        assertThat(mail.getSubject()).startsWith("[calibrax] INFO calibrax_email_test:");
        assertThat(handler.stats().messagesSent()).isEqualTo(1);
    }

    @Test
    void alertsBelowMinSeverityAreNotMailed() throws Exception {
        EmailAlertHandler handler = closeLater(new EmailAlertHandler(settings(port(), ONCALL)
                .minSeverity(AlertSeverity.ERROR).build()));

        handler.handle(alert("just info", AlertSeverity.INFO, "info_metric"));
        handler.handle(alert("just a warning", AlertSeverity.WARNING, "warning_metric"));
        handler.handle(alert("an error", AlertSeverity.ERROR, "error_metric"));

        assertThat(await(greenMail, 1)).singleElement()
                .satisfies(mail -> assertThat(mail.getSubject()).isEqualTo("[calibrax] ERROR error_metric: an error"));
    }

    @Test
    void utf8TextSurvivesSubjectAndBody() throws Exception {
        EmailAlertHandler handler = closeLater(new EmailAlertHandler(settings(port(), ONCALL).build()));

        handler.handle(alert("Température élevée: 92 °C ✓ 温度", AlertSeverity.WARNING, "gpu_temperature_c"));

        MimeMessage mail = await(greenMail, 1)[0];
        assertThat(mail.getSubject()).isEqualTo("[calibrax] WARNING gpu_temperature_c: Température élevée: 92 °C ✓ 温度");
        assertThat(text(mail)).contains("Température élevée: 92 °C ✓ 温度");
        assertThat(rawHeaders(mail).chars()).as("headers are RFC 2047 encoded ASCII").allMatch(c -> c < 128);
    }

    // ---- helpers ----

    /** A second GreenMail that knows user {@code alerts} and checks its password. */
    private GreenMail authServer() {
        GreenMail server = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort())
                .withConfiguration(GreenMailConfiguration.aConfig().withUser("alerts@calibrax.test", "alerts", PASSWORD));
        server.start();
        toClose.add(server::stop);
        return server;
    }

    /** Neither the password nor its base64 forms (as AUTH PLAIN and AUTH LOGIN send it) in any line. */
    private static void assertNoSecretIn(List<String> lines, String password) {
        Base64.Encoder base64 = Base64.getEncoder();
        List<String> forms = List.of(password,
                base64.encodeToString(password.getBytes(StandardCharsets.UTF_8)),
                base64.encodeToString(("\0alerts\0" + password).getBytes(StandardCharsets.UTF_8)));
        assertThat(lines).isNotEmpty();
        for (String line : lines) {
            for (String form : forms) {
                assertThat(line).as("log line").doesNotContain(form);
            }
        }
    }
}
