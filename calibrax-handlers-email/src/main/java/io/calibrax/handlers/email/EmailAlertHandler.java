package io.calibrax.handlers.email;

import io.calibrax.api.Alert;
import io.calibrax.api.AlertHandler;
import io.calibrax.api.AlertSeverity;
import jakarta.mail.MessagingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Sends alerts by email over SMTP (Jakarta Mail): a multipart/alternative mail with a text part
 * and an HTML part, subject {@code <prefix> <SEVERITY> <metric>: <message>}.
 *
 * <p><b>Delivery.</b> Without a batch window, {@link #handle} sends the alert before it returns,
 * retrying a server that is down, slow or answers 4xx with exponential backoff up to
 * {@link EmailSettings#maxAttempts()} tries; it throws {@link EmailDeliveryException} when the
 * mail could not be sent, so the {@code AlertManager} counts it as failed. Meanwhile the manager
 * queues later alerts: an outage loses nothing that the server accepts within the retry limit.
 * A permanent refusal (5xx, bad credentials, no STARTTLS, untrusted certificate) is not retried
 * and is logged once with the server's reply. Mails sent in quick succession share one SMTP
 * connection.
 *
 * <p><b>Digest.</b> With a batch window, {@link #handle} only buffers the alert; the first one
 * starts the window and, when it ends, every buffered alert goes out in one digest mail from the
 * {@code calibrax-email-<n>-digest} daemon thread (with the same retries; a digest that still
 * fails counts its alerts in {@link #stats()} as failed and is logged). CRITICAL alerts never
 * wait: they are sent at once, on the calling thread.
 *
 * <p><b>Threading.</b> Thread-safe. Made for the alert manager's one-thread-per-handler delivery,
 * but {@link #handle}, {@link #sendTest}, {@link #sendTestMessage} and {@link #stats} may be called from any thread.
 * {@link #close()} sends what the digest still holds (one try), stops retries and the handler's
 * daemon threads, and returns within about {@link EmailSettings#timeout()} plus a few seconds.
 *
 * <p>The password is used for SMTP AUTH only: it is never logged, never put into the session
 * properties, and the protocol trace stays off.
 */
public final class EmailAlertHandler implements AlertHandler {
    private static final Logger log = LoggerFactory.getLogger(EmailAlertHandler.class);
    private static final AtomicInteger ORDINAL = new AtomicInteger();
    /** Alerts the digest buffer holds while the server is unreachable; beyond that they fail at once. */
    static final int MAX_BUFFERED_ALERTS = 10_000;
    /** Alerts listed in one digest mail; a larger batch becomes several mails over one connection. */
    static final int MAX_ALERTS_PER_DIGEST = 200;
    private static final String TEST_METRIC = "calibrax_email_test";

    private final EmailSettings settings;
    private final SmtpClient smtp;
    private final ScheduledThreadPoolExecutor digestThread;

    private final Object digestLock = new Object();
    private final List<Alert> buffer = new ArrayList<>(); // guarded by digestLock
    private boolean flushScheduled;                       // guarded by digestLock
    private volatile boolean closed;                      // written under digestLock

    private final AtomicLong inFlight = new AtomicLong();
    private final LongAdder alertsSent = new LongAdder();
    private final LongAdder alertsFailed = new LongAdder();

    /**
     * A handler with these settings; opens no connection until the first mail.
     *
     * @throws NullPointerException if settings is null
     */
    public EmailAlertHandler(EmailSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        String threads = "calibrax-email-" + ORDINAL.incrementAndGet() + "-";
        this.smtp = new SmtpClient(settings, threads);
        if (settings.batchWindow().isZero()) {
            this.digestThread = null;
        } else {
            this.digestThread = new ScheduledThreadPoolExecutor(1, SmtpClient.daemonThreads(threads + "digest"));
            digestThread.setRemoveOnCancelPolicy(true);
            digestThread.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        }
        settings.credentials().ifPresent(credentials -> {
            if (settings.tls() == TlsMode.NONE && !isLoopback(settings.host())) {
                log.warn("{}=none: the password of SMTP user {} crosses the network to {} unencrypted; "
                        + "use starttls or smtps", EmailSettings.TLS, credentials.username(), settings.server());
            }
        });
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

    /**
     * Mails the alert if its severity reaches {@link EmailSettings#minSeverity()}: at once, or,
     * with a batch window, in the next digest (CRITICAL still at once).
     *
     * @throws EmailDeliveryException when the mail could not be sent within the retry limit, or
     *                                the server refused it for good, or the digest buffer is full
     * @throws NullPointerException   if alert is null
     * @throws IllegalStateException  if the handler is closed
     */
    @Override
    public void handle(Alert alert) throws EmailDeliveryException {
        Objects.requireNonNull(alert, "alert");
        ensureOpen();
        if (!alert.severity().isAtLeast(settings.minSeverity())) {
            return;
        }
        if (digestThread != null && alert.severity() != AlertSeverity.CRITICAL) {
            addToDigest(alert);
            return;
        }
        inFlight.incrementAndGet();
        boolean counted = false;
        try {
            OutgoingMail mail = compose(List.of(alert)).get(0);
            EmailDeliveryException failure = deliver(List.of(mail), settings.maxAttempts());
            count(mail);
            counted = true;
            if (!mail.delivered()) {
                throw failure != null ? failure : refused(mail);
            }
        } catch (EmailDeliveryException | RuntimeException e) {
            if (!counted) {
                alertsFailed.increment();
            }
            throw e;
        } finally {
            inFlight.decrementAndGet();
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
        EmailDeliveryException failure = deliver(List.of(mail), 1);
        if (!mail.delivered()) {
            throw failure != null ? failure : refused(mail);
        }
        try {
            return mail.messageId();
        } catch (MessagingException e) {
            throw new IllegalStateException("the test mail was sent but its Message-ID cannot be read", e);
        }
    }

    /** What this handler has sent, given up on and still holds. */
    public EmailStats stats() {
        int buffered;
        synchronized (digestLock) {
            buffered = buffer.size();
        }
        return new EmailStats(alertsSent.sum(), alertsFailed.sum(), buffered + inFlight.get(), smtp.messagesSent(),
                smtp.connectionsOpened());
    }

    /** The Jakarta Mail session properties in use (object values shown by class); never holds the password. */
    Properties sessionProperties() {
        return smtp.sessionProperties();
    }

    private void addToDigest(Alert alert) throws EmailDeliveryException {
        synchronized (digestLock) {
            ensureOpen();
            if (buffer.size() >= MAX_BUFFERED_ALERTS) {
                alertsFailed.increment();
                throw new EmailDeliveryException("email alert " + quoted(alert) + " not queued: " + MAX_BUFFERED_ALERTS
                        + " alerts already wait for " + settings.server(), false, null, null);
            }
            buffer.add(alert);
            if (!flushScheduled) {
                flushScheduled = true;
                digestThread.schedule(() -> flushDigest(false), settings.batchWindow().toNanos(), TimeUnit.NANOSECONDS);
            }
        }
    }

    /** Runs on the digest thread: sends everything buffered, as one digest (or a few, over one connection). */
    private void flushDigest(boolean lastTry) {
        List<Alert> batch;
        synchronized (digestLock) {
            batch = new ArrayList<>(buffer);
            buffer.clear();
            flushScheduled = false;
        }
        if (batch.isEmpty()) {
            return;
        }
        inFlight.addAndGet(batch.size());
        try {
            List<OutgoingMail> mails = compose(batch);
            EmailDeliveryException failure = deliver(mails, lastTry ? 1 : settings.maxAttempts());
            List<Alert> retryOnClose = new ArrayList<>();
            for (OutgoingMail mail : mails) {
                if (!lastTry && closed && failure != null && !failure.isPermanent() && !mail.finished()) {
                    retryOnClose.addAll(mail.alerts()); // close() gives them one more try
                } else {
                    count(mail);
                }
            }
            if (!retryOnClose.isEmpty()) {
                synchronized (digestLock) {
                    buffer.addAll(0, retryOnClose);
                }
            }
        } catch (EmailDeliveryException | RuntimeException e) {
            alertsFailed.add(batch.size());
            log.warn("Email digest of {} alert(s) not sent: {}", batch.size(), e.toString());
        } finally {
            inFlight.addAndGet(-batch.size());
        }
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

    private EmailDeliveryException deliver(List<OutgoingMail> mails, int maxAttempts) {
        try {
            smtp.deliver(mails, maxAttempts);
            return null;
        } catch (EmailDeliveryException e) {
            return e;
        }
    }

    private void count(OutgoingMail mail) {
        (mail.delivered() ? alertsSent : alertsFailed).add(mail.alerts().size());
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

    private static String quoted(Alert alert) {
        return "\"" + AlertMail.subject("", alert) + "\"";
    }

    private static boolean isLoopback(String host) {
        return host.equalsIgnoreCase("localhost") || host.startsWith("127.") || host.equals("::1")
                || host.equals("[::1]");
    }

    /**
     * Sends what the digest still holds (one try), stops retries, closes the connection and the
     * daemon threads. Alerts that could not be sent are counted as failed and logged. Returns
     * within about {@link EmailSettings#timeout()} plus a few seconds. Idempotent.
     */
    @Override
    public void close() {
        synchronized (digestLock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        smtp.beginClose();
        if (digestThread != null) {
            digestThread.execute(() -> flushDigest(true));
            digestThread.shutdown();
            try {
                long budget = settings.timeout().toMillis() + 2_000;
                if (!digestThread.awaitTermination(budget, TimeUnit.MILLISECONDS)) {
                    smtp.abortNow();
                    digestThread.shutdownNow();
                    digestThread.awaitTermination(1, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                smtp.abortNow();
                digestThread.shutdownNow();
                Thread.currentThread().interrupt();
            }
            int left;
            synchronized (digestLock) {
                left = buffer.size();
                buffer.clear();
            }
            if (left > 0) {
                alertsFailed.add(left);
                log.warn("{} email alert(s) not sent: the handler closed before {} accepted them", left,
                        settings.server());
            }
        }
        smtp.close();
    }

    /** Shows the server, TLS mode and recipients; never the password. */
    @Override
    public String toString() {
        return "EmailAlertHandler[" + settings.server() + ", tls=" + settings.tls().value() + ", to="
                + settings.to() + ", minSeverity=" + settings.minSeverity().value() + "]";
    }
}
