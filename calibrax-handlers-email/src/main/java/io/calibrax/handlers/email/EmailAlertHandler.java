package io.calibrax.handlers.email;

import io.calibrax.api.Alert;
import io.calibrax.api.AlertHandler;
import io.calibrax.api.AlertSeverity;
import io.calibrax.api.DeliveryPolicy;
import io.calibrax.api.internal.Transport;
import jakarta.mail.MessagingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends alerts by email over SMTP (Jakarta Mail): a multipart/alternative mail with a text part
 * and an HTML part, subject {@code <prefix> <SEVERITY> <metric>: <message>}. Formatting and
 * transport only.
 *
 * <p><b>Delivery</b> is the alert manager's, under {@link EmailSettings#deliveryPolicy()}: each
 * call makes one try and returns once the server accepted the mail, so the manager's
 * {@code delivered} is the server's acceptance; it throws {@link EmailDeliveryException} otherwise,
 * retryable (server down, slow, 4xx) or permanent (5xx, bad credentials, no STARTTLS, untrusted
 * certificate), and the manager retries with backoff or counts the alert as failed. With a batch
 * window the manager hands {@link #handleBatch} the alerts raised within it, sent as one digest
 * mail. Mails in quick succession share one SMTP connection; a retry of a mail that reached some
 * recipients (a greylisting one, say) goes only to the others.
 *
 * <p><b>Threading.</b> Thread-safe; {@link #close()} closes the connection and the timer threads
 * and returns within about {@link EmailSettings#timeout()} plus a second.
 *
 * <p>The password is used for SMTP AUTH only: it is never logged, never put into the session
 * properties, and the protocol trace stays off. A password that would cross the network without
 * TLS is refused unless {@link EmailSettings#ALLOW_INSECURE} is set (then with a warning).
 *
 * @since 0.1.0
 */
public final class EmailAlertHandler implements AlertHandler {
    private static final Logger log = LoggerFactory.getLogger(EmailAlertHandler.class);
    private static final AtomicInteger ORDINAL = new AtomicInteger();
    /** Alerts listed in one digest mail: the most the manager gathers into one batch. */
    static final int MAX_ALERTS_PER_DIGEST = 200;
    private static final String TEST_METRIC = "calibrax_email_test";

    private final EmailSettings settings;
    private final SmtpClient smtp;
    private final DeliveryPolicy policy;
    private volatile boolean closed;
    /** The alerts and mails of the last call that failed retryably: a retry resumes them (guarded by this). */
    private List<Alert> unfinishedAlerts = List.of();
    private List<OutgoingMail> unfinishedMails = List.of();

    /**
     * A handler with these settings; opens no connection until the first mail.
     *
     * @throws NullPointerException if settings is null
     */
    public EmailAlertHandler(EmailSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.smtp = new SmtpClient(settings, "calibrax-email-" + ORDINAL.incrementAndGet() + "-");
        this.policy = settings.deliveryPolicy();
        settings.credentials().flatMap(credentials -> Transport.checkPlaintext(settings.tls() != TlsMode.NONE,
                "SMTP without TLS (" + EmailSettings.TLS + "=none)", settings.host(),
                "the password of SMTP user " + credentials.username(), EmailSettings.ALLOW_INSECURE,
                settings.allowInsecure())).ifPresent(log::warn);
    }

    /** The settings this handler was made with. */
    public EmailSettings settings() {
        return settings;
    }

    /** {@code "email"}: the name in logs, statistics and the alert manager's thread name. */
    @Override
    public String name() {
        return EmailAlertHandlerProvider.NAME;
    }

    /** The settings' tries and backoff, and digests when a batch window is set. */
    @Override
    public DeliveryPolicy deliveryPolicy() {
        return policy;
    }

    /**
     * Mails the alert if its severity reaches {@link EmailSettings#minSeverity()}, with one try.
     *
     * @throws EmailDeliveryException when the server did not accept it, saying whether a retry may help
     * @throws NullPointerException   if alert is null
     * @throws IllegalStateException  if the handler is closed
     */
    @Override
    public void handle(Alert alert) throws EmailDeliveryException {
        handleBatch(List.of(Objects.requireNonNull(alert, "alert")));
    }

    /**
     * Mails the alerts that reach the minimum severity: one alert as its own mail, several as one
     * digest (several for more than {@value #MAX_ALERTS_PER_DIGEST}, over one connection).
     *
     * @throws EmailDeliveryException when a mail was not accepted; the manager retries the batch
     *                                or counts each of its alerts as failed
     * @throws IllegalStateException  if the handler is closed
     */
    @Override
    public synchronized void handleBatch(List<Alert> alerts) throws EmailDeliveryException {
        ensureOpen();
        List<Alert> mailed = alerts.stream().filter(alert -> alert.severity().isAtLeast(settings.minSeverity()))
                .toList();
        if (mailed.isEmpty()) {
            return;
        }
        // the manager's retry of the same alerts resumes the mails: recipients that took them already get no copy
        List<OutgoingMail> mails = mailed.equals(unfinishedAlerts) ? unfinishedMails : compose(mailed);
        unfinishedAlerts = List.of();
        unfinishedMails = List.of();
        try {
            smtp.deliver(mails);
        } catch (EmailDeliveryException e) {
            if (e.isRetryable()) {
                unfinishedAlerts = mailed;
                unfinishedMails = mails;
            }
            throw e;
        }
        for (OutgoingMail mail : mails) {
            if (!mail.delivered()) {
                throw refused(mail);
            }
        }
    }

    /**
     * Sends a test mail now and returns once the server accepted it; see {@link #sendTestMessage()}.
     *
     * @throws EmailDeliveryException saying what went wrong, with the server's reply
     */
    @Override
    public void sendTest() throws EmailDeliveryException {
        sendTestMessage();
    }

    /**
     * Sends a test mail to every recipient now, whatever the minimum severity, with a single try:
     * the way to check the configuration at start-up.
     *
     * @return the test mail's {@code Message-ID}
     * @throws EmailDeliveryException saying what went wrong (unreachable server, refused login,
     *                                no STARTTLS, refused recipients...) with the server's reply
     * @throws IllegalStateException  if the handler is closed
     */
    public String sendTestMessage() throws EmailDeliveryException {
        ensureOpen();
        Alert test = new Alert("Test mail from Calibrax: email alerts reach you.", AlertSeverity.INFO, TEST_METRIC,
                0, 0, Instant.now(), Map.of("server", settings.server(), "tls", settings.tls().value()));
        OutgoingMail mail = compose(List.of(test)).get(0);
        smtp.deliver(List.of(mail));
        if (!mail.delivered()) {
            throw refused(mail);
        }
        try {
            return mail.messageId();
        } catch (MessagingException e) {
            throw new IllegalStateException("the test mail was sent but its Message-ID cannot be read", e);
        }
    }

    /** What this handler's transport has done: mails accepted and connections opened. */
    public EmailStats stats() {
        return new EmailStats(smtp.messagesSent(), smtp.connectionsOpened());
    }

    /** The Jakarta Mail session properties in use (object values shown by class); never holds the password. */
    Properties sessionProperties() {
        return smtp.sessionProperties();
    }

    private List<OutgoingMail> compose(List<Alert> alerts) throws EmailDeliveryException {
        try {
            if (alerts.size() == 1) {
                return List.of(AlertMail.single(smtp.session(), settings, alerts.get(0)));
            }
            List<OutgoingMail> mails = new ArrayList<>();
            for (int from = 0; from < alerts.size(); from += MAX_ALERTS_PER_DIGEST) {
                List<Alert> part = alerts.subList(from, Math.min(alerts.size(), from + MAX_ALERTS_PER_DIGEST));
                mails.add(AlertMail.digest(smtp.session(), settings, part));
            }
            return mails;
        } catch (MessagingException e) {
            throw new EmailDeliveryException("cannot build the mail for " + alerts.size() + " alert(s): "
                    + e.getMessage(), true, null, e);
        }
    }

    private EmailDeliveryException refused(OutgoingMail mail) {
        return new EmailDeliveryException("email alert \"" + mail.subject() + "\" not sent: " + settings.server()
                + " refused it for good: " + mail.rejection(), true, mail.rejection(), null);
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the email alert handler for " + settings.server() + " is closed");
        }
    }

    /** Closes the connection (cutting an exchange that overruns the timeout) and the timer threads. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        smtp.close();
    }

    /** Shows the server, TLS mode and recipients; never the password. */
    @Override
    public String toString() {
        return "EmailAlertHandler[" + settings.server() + ", tls=" + settings.tls().value() + ", to="
                + settings.to() + ", minSeverity=" + settings.minSeverity().value() + "]";
    }
}
