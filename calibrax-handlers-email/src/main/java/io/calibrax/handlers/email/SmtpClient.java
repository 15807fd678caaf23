package io.calibrax.handlers.email;

import io.calibrax.handlers.email.EmailSettings.Credentials;
import jakarta.mail.Address;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.NoSuchProviderException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Talks SMTP through Jakarta Mail: one connection at a time, kept open a few seconds so a burst
 * or a batch of mails shares it, every step under connect, read and write timeouts and every
 * exchange under a total deadline. One try per call: retries are the alert manager's.
 *
 * <p>Thread-safe: callers may deliver from several threads; the connection is used by one at a
 * time. Owns a two-thread {@code calibrax-email-timer-<n>} daemon pool (write timeouts,
 * watchdog, idle close), stopped by {@link #close()}.
 */
final class SmtpClient implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmailAlertHandler.class);
    /** How long an idle connection stays open for the next mail. */
    static final Duration KEEP_ALIVE = Duration.ofSeconds(5);
    private static final String PREFIX = "mail.smtp.";
    private static final Pattern FAILURE_CODE = Pattern.compile("^\\s*[45]\\d\\d\\b");
    private static final Pattern RESPONSE_CODE = Pattern.compile("response: ?([2-5]\\d\\d)\\b");
    private static final String NO_STARTTLS = "STARTTLS is required but host does not support STARTTLS";

    private final EmailSettings settings;
    private final String server;
    private final long timeoutNanos;
    private final TrackingSocketFactory sockets;
    private final ScheduledThreadPoolExecutor timer;
    private final Session session;
    private final ReentrantLock lock = new ReentrantLock();
    private final AtomicLong attemptIds = new AtomicLong();
    private volatile boolean stopped;
    private volatile long runningAttempt;
    private volatile long timedOutAttempt;
    private final LongAdder messagesSent = new LongAdder();
    private final LongAdder connectionsOpened = new LongAdder();

    private Transport transport;          // guarded by lock
    private ScheduledFuture<?> idleClose; // guarded by lock

    SmtpClient(EmailSettings settings, String threadPrefix) {
        this.settings = settings;
        this.server = settings.server();
        this.timeoutNanos = settings.timeout().toNanos();
        this.sockets = new TrackingSocketFactory((int) settings.timeout().toMillis());
        this.timer = new ScheduledThreadPoolExecutor(2, daemonThreads(threadPrefix + "timer"));
        timer.setRemoveOnCancelPolicy(true);
        timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.session = Session.getInstance(properties(settings));
    }

    /**
     * The Jakarta Mail session properties. Jakarta Mail waits forever by default, so the three
     * timeouts are always set; STARTTLS is required, never opportunistic; the server's identity
     * is checked against its certificate; the password is never a property (it goes to
     * {@code connect} only) and the protocol trace stays off.
     */
    private Properties properties(EmailSettings settings) {
        Properties props = new Properties();
        String millis = Long.toString(settings.timeout().toMillis());
        props.setProperty("mail.transport.protocol", "smtp");
        props.setProperty(PREFIX + "host", settings.host());
        props.setProperty(PREFIX + "port", Integer.toString(settings.port()));
        props.setProperty(PREFIX + "connectiontimeout", millis);
        props.setProperty(PREFIX + "timeout", millis);
        props.setProperty(PREFIX + "writetimeout", millis);
        // objects, not strings: our daemon thread for write timeouts, our sockets for the watchdog
        props.put(PREFIX + "executor.writetimeout", timer);
        props.put(PREFIX + "socketFactory", sockets);
        props.setProperty(PREFIX + "socketFactory.fallback", "false");
        props.setProperty(PREFIX + "from", envelopeSender(settings.from()));
        // one refused recipient must not keep the alert from the others
        props.setProperty(PREFIX + "sendpartial", "true");
        props.setProperty(PREFIX + "quitwait", "false");
        props.setProperty(PREFIX + "auth", Boolean.toString(settings.credentials().isPresent()));
        props.setProperty("mail.debug", "false");
        props.setProperty("mail.debug.auth", "false");
        switch (settings.tls()) {
            case STARTTLS -> {
                props.setProperty(PREFIX + "starttls.enable", "true");
                props.setProperty(PREFIX + "starttls.required", "true");
                props.setProperty(PREFIX + "ssl.checkserveridentity", "true");
            }
            case SMTPS -> {
                props.setProperty(PREFIX + "ssl.enable", "true");
                props.setProperty(PREFIX + "ssl.checkserveridentity", "true");
            }
            case NONE -> {
                props.setProperty(PREFIX + "starttls.enable", "false");
                props.setProperty(PREFIX + "ssl.enable", "false");
            }
        }
        return props;
    }

    private static String envelopeSender(String from) {
        try {
            return new InternetAddress(from, true).getAddress();
        } catch (MessagingException e) {
            throw new IllegalArgumentException(EmailSettings.FROM + ": invalid address '" + from + "'", e);
        }
    }

    Session session() {
        return session;
    }

    /** A copy of the session properties with the object-valued entries shown by class, for tests and diagnostics. */
    Properties sessionProperties() {
        Properties copy = new Properties();
        session.getProperties().forEach((key, value) -> copy.put(key, value instanceof String ? value
                : value.getClass().getName()));
        return copy;
    }

    long messagesSent() {
        return messagesSent.sum();
    }

    long connectionsOpened() {
        return connectionsOpened.sum();
    }

    /**
     * Sends every unfinished mail over one connection, once: the alert manager retries. A mail
     * refused for good (5xx) is marked on the mail; the others still go.
     *
     * @throws EmailDeliveryException when the exchange failed: retryable when the server was
     *                                unreachable, slow or answered 4xx; permanent when it refused
     *                                the connection for good (credentials, STARTTLS, certificate);
     *                                some mails may have gone (see {@link OutgoingMail#delivered()})
     */
    void deliver(List<OutgoingMail> mails) throws EmailDeliveryException {
        try {
            attempt(mails);
        } catch (AttemptFailure failed) {
            Failure failure = classify(failed.getCause(), failed.timedOut);
            throw new EmailDeliveryException(describe(mails) + " not sent through " + server + ": "
                    + (failure.permanent ? "refused for good: " : "") + failure.reason, failure.permanent,
                    failure.reply, failed.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmailDeliveryException(describe(mails) + " not sent through " + server + ": interrupted",
                    false, null, e);
        }
    }

    /** One try over one connection: reuse the open one if it still answers, else connect. */
    private void attempt(List<OutgoingMail> mails) throws AttemptFailure, InterruptedException {
        lock.lockInterruptibly();
        long id = attemptIds.incrementAndGet();
        ScheduledFuture<?> watchdog = null;
        try {
            if (stopped) {
                throw new MessagingException("the email handler is closed");
            }
            cancelIdleClose();
            int unfinished = 0;
            for (OutgoingMail mail : mails) {
                unfinished += mail.finished() ? 0 : 1;
            }
            runningAttempt = id;
            // each step has its own timeouts; this bounds the whole exchange, however the server dribbles
            watchdog = timer.schedule(() -> abort(id), timeoutNanos * (2 + unfinished), TimeUnit.NANOSECONDS);
            Transport connection = connection();
            for (OutgoingMail mail : mails) {
                if (!mail.finished()) {
                    send(connection, mail);
                }
            }
            scheduleIdleClose();
        } catch (MessagingException | IllegalStateException e) {
            discardConnection();
            throw new AttemptFailure(e, timedOutAttempt == id);
        } finally {
            runningAttempt = 0;
            if (watchdog != null) {
                watchdog.cancel(false);
            }
            lock.unlock();
        }
    }

    private void abort(long attempt) {
        if (runningAttempt == attempt) {
            timedOutAttempt = attempt;
            sockets.closeAll();
        }
    }

    private Transport connection() throws MessagingException {
        if (transport != null) {
            if (transport.isConnected()) { // a NOOP round trip: the server may have dropped an idle connection
                return transport;
            }
            discardConnection();
        }
        Transport fresh;
        try {
            fresh = session.getTransport("smtp");
        } catch (NoSuchProviderException e) {
            throw new IllegalStateException("Jakarta Mail has no SMTP provider: is angus-mail on the classpath?", e);
        }
        String user = settings.credentials().map(Credentials::username).orElse(null);
        String password = settings.credentials().map(c -> c.password().reveal()).orElse(null);
        fresh.connect(settings.host(), settings.port(), user, password);
        connectionsOpened.increment();
        transport = fresh;
        return fresh;
    }

    private void send(Transport connection, OutgoingMail mail) throws MessagingException {
        Address[] recipients = mail.pendingRecipients();
        try {
            connection.sendMessage(mail.message(), recipients);
            mail.accepted(recipients);
            messagesSent.increment();
        } catch (SendFailedException e) {
            Address[] sent = e.getValidSentAddresses();
            if (sent != null && sent.length > 0) {
                mail.accepted(sent);
                messagesSent.increment();
            }
            Address[] invalid = e.getInvalidAddresses();
            if (invalid != null && invalid.length > 0) {
                String reply = String.join(" / ", serverReplies(e));
                mail.refused(invalid, reply);
                log.warn("SMTP server {} refused recipient(s) {} of {} for good: {}", server, Arrays.toString(invalid),
                        quoted(mail.subject()), reply);
            }
            if (mail.finished()) {
                return;
            }
            Failure failure = classify(e, false);
            if (failure.permanent) {
                mail.rejected(failure.reason);
                log.warn("SMTP server {} refused {} for good: {}", server, quoted(mail.subject()), failure.reason);
                return;
            }
            throw e; // the recipients still waiting get it on the next attempt
        }
    }

    private void scheduleIdleClose() {
        idleClose = timer.schedule(this::closeIdleConnection, KEEP_ALIVE.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void cancelIdleClose() {
        if (idleClose != null) {
            idleClose.cancel(false);
            idleClose = null;
        }
    }

    private void closeIdleConnection() {
        if (lock.tryLock()) {
            try {
                closeConnectionGracefully();
            } finally {
                lock.unlock();
            }
        }
    }

    private void closeConnectionGracefully() {
        if (transport != null) {
            try {
                transport.close(); // QUIT, without waiting for the reply
            } catch (MessagingException | RuntimeException e) {
                log.debug("Closing the SMTP connection to {} failed: {}", server, e.toString());
            } finally {
                transport = null;
                sockets.closeAll();
            }
        }
    }

    private void discardConnection() {
        sockets.closeAll();
        if (transport != null) {
            try {
                transport.close();
            } catch (MessagingException | RuntimeException e) {
                // the socket is already gone
            }
            transport = null;
        }
    }

    /**
     * Refuses new exchanges, closes the connection (waiting at most about one timeout for an
     * exchange in progress, then cutting it) and stops the timer threads. Idempotent.
     */
    @Override
    public void close() {
        stopped = true;
        boolean locked = false;
        try {
            locked = lock.tryLock(timeoutNanos + TimeUnit.SECONDS.toNanos(1), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (locked) {
            try {
                cancelIdleClose();
                closeConnectionGracefully();
            } finally {
                lock.unlock();
            }
        } else {
            sockets.closeAll();
        }
        timer.shutdownNow();
        try {
            if (!timer.awaitTermination(1, TimeUnit.SECONDS)) {
                log.debug("SMTP timer threads of {} did not stop within 1 s", server);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- failures ----

    /** Why an attempt failed, and whether another one could help. */
    record Failure(boolean permanent, String reason, String reply) {
    }

    /**
     * Sorts a failure: transient (no connection, a timeout, a 4xx reply) or permanent (a 5xx
     * reply, rejected credentials, a server without the required STARTTLS, a certificate that
     * is not trusted or not issued for the host).
     */
    Failure classify(Exception error, boolean timedOut) {
        if (timedOut) {
            return new Failure(false, "no complete answer within the total deadline (timeout "
                    + settings.timeout().toMillis() + " ms per step)", null);
        }
        List<Throwable> chain = chain(error);
        for (Throwable t : chain) {
            String message = String.valueOf(t.getMessage());
            if (message.contains(NO_STARTTLS)) {
                return new Failure(true, "it does not offer STARTTLS, and " + EmailSettings.TLS
                        + "=starttls never sends in the clear (use smtps for implicit TLS on port 465, "
                        + "or none only for a trusted relay)", null);
            }
            if (t instanceof SSLPeerUnverifiedException || t instanceof CertificateException
                    || message.contains("Can't verify identity of server")
                    || t instanceof SSLHandshakeException && (message.contains("PKIX") || message.contains("certificate"))) {
                return new Failure(true, "TLS handshake failed: its certificate is not trusted or not issued for "
                        + settings.host() + " (" + message.strip() + ")", null);
            }
            if (t instanceof AuthenticationFailedException) {
                String reply = message.strip();
                boolean transientReply = reply.startsWith("4");
                return new Failure(!transientReply, "authentication as "
                        + settings.credentials().map(Credentials::username).orElse("(no user)") + " failed: "
                        + (reply.isEmpty() || reply.equals("null") ? "no reason given" : reply),
                        reply.isEmpty() ? null : reply);
            }
        }
        for (Throwable t : chain) {
            if (t instanceof SMTPSendFailedException failed && failed.getReturnCode() >= 400) {
                String reply = failed.getMessage().strip();
                return new Failure(failed.getReturnCode() >= 500, "reply to " + failed.getCommand() + ": " + reply, reply);
            }
        }
        List<String> addressReplies = serverReplies(error);
        boolean anyTransient = false;
        boolean anyPermanent = false;
        for (Throwable t : chain) {
            if (t instanceof SMTPAddressFailedException failed) {
                anyTransient |= failed.getReturnCode() < 500;
                anyPermanent |= failed.getReturnCode() >= 500;
            }
        }
        if (anyTransient || anyPermanent) {
            String reply = String.join(" / ", addressReplies);
            return new Failure(!anyTransient, "recipients refused: " + reply, reply);
        }
        for (Throwable t : chain) {
            if (t instanceof SocketTimeoutException) {
                return new Failure(false, "timed out (" + settings.timeout().toMillis() + " ms): " + t.getMessage(), null);
            }
            if (t instanceof ConnectException) {
                return new Failure(false, "cannot connect: " + t.getMessage(), null);
            }
            if (t instanceof UnknownHostException) {
                return new Failure(false, "unknown host " + settings.host(), null);
            }
        }
        for (Throwable t : chain) {
            String message = String.valueOf(t.getMessage());
            Matcher code = RESPONSE_CODE.matcher(message);
            if (code.find()) {
                return new Failure(code.group(1).startsWith("5"), message.strip(), code.group(1));
            }
        }
        Throwable root = chain.get(chain.size() - 1);
        return new Failure(false, describeThrowable(error) + (root == error ? "" : " (" + describeThrowable(root) + ")"),
                null);
    }

    private static String describeThrowable(Throwable t) {
        String message = t.getMessage();
        return message == null || message.isBlank() ? t.getClass().getSimpleName() : message.strip();
    }

    /** The exception, its causes and Jakarta Mail's "next" exceptions, each once. */
    private static List<Throwable> chain(Throwable error) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Throwable> chain = new ArrayList<>();
        List<Throwable> unvisited = new ArrayList<>(List.of(error));
        while (!unvisited.isEmpty() && chain.size() < 32) {
            Throwable t = unvisited.remove(0);
            if (t == null || !seen.add(t)) {
                continue;
            }
            chain.add(t);
            if (t instanceof MessagingException m) {
                unvisited.add(m.getNextException());
            }
            unvisited.add(t.getCause());
        }
        return chain;
    }

    /** The server's own 4xx and 5xx words, such as {@code 550 5.1.1 <x@y>: unknown}. */
    private static List<String> serverReplies(Exception error) {
        Set<String> replies = new LinkedHashSet<>();
        for (Throwable t : chain(error)) {
            if (t instanceof SMTPAddressFailedException || t instanceof SMTPSendFailedException) {
                String message = String.valueOf(t.getMessage()).strip();
                if (FAILURE_CODE.matcher(message).find()) {
                    replies.add(message);
                }
            }
        }
        return new ArrayList<>(replies);
    }

    private static String describe(List<OutgoingMail> mails) {
        if (mails.size() == 1) {
            return quoted(mails.get(0).subject());
        }
        return mails.size() + " mails (" + quoted(mails.get(0).subject()) + ", ...)";
    }

    private static String quoted(String subject) {
        return "\"" + subject + "\"";
    }

    static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** An attempt's failure, and whether the watchdog cut it. */
    private static final class AttemptFailure extends Exception {
        private static final long serialVersionUID = 1L;
        private final boolean timedOut;

        AttemptFailure(Exception cause, boolean timedOut) {
            super(cause);
            this.timedOut = timedOut;
        }

        @Override
        public synchronized Exception getCause() {
            return (Exception) super.getCause();
        }
    }

    @Override
    public String toString() {
        return "SmtpClient[" + server + ", tls=" + settings.tls().value() + "]";
    }
}
