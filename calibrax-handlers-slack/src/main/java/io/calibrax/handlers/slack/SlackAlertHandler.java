package io.calibrax.handlers.slack;

import io.calibrax.api.Alert;
import io.calibrax.api.AlertHandler;
import io.calibrax.api.AlertSeverity;
import io.calibrax.handlers.slack.WebhookClient.Attempt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Posts alerts to a Slack incoming webhook as Block Kit messages, within Slack's limit of one
 * message per second per webhook.
 *
 * <p>{@link #handle} never waits for Slack: it queues the alert for this handler's sender thread
 * ({@code calibrax-slack-sender-<n>}, a daemon) and returns. The sender takes a token from the
 * webhook's bucket (one per second), then sends everything that queued up meanwhile: one alert
 * as one message, several as one digest listing them most severe first, with {@code and N more}
 * for those beyond what fits. Past {@link SlackSettings#queueCapacity()} alerts are kept as counts
 * per severity (a more severe alert displaces a less severe one), so a flood is reported, not lost.
 * HTTP 429 waits for {@code Retry-After} (clamped to 1 s .. {@link SlackSettings#maxRetryAfter()});
 * 5xx and I/O errors are retried with exponential backoff and jitter; other 4xx are logged once
 * with Slack's error code and not retried. {@link #stats()} accounts for every alert.
 *
 * <p>The webhook URL is a secret: it is never logged and never part of an exception's text
 * (OkHttp's exceptions are reduced to scrubbed one-line descriptions).
 *
 * <p>Thread-safe: {@link #handle}, {@link #sendTestMessage}, {@link #flush} and {@link #stats} may be
 * called from any thread. {@link #close()} lets queued alerts go out until
 * {@link SlackSettings#closeTimeout()}, then cancels the call in flight, counts what is left as
 * dropped (and logs it), and releases the HTTP client; it returns within the close timeout plus
 * a fraction of a second, even when Slack hangs.
 */
public final class SlackAlertHandler implements AlertHandler {
    private static final Logger log = LoggerFactory.getLogger(SlackAlertHandler.class);
    private static final AtomicInteger ORDINAL = new AtomicInteger();
    private static final long JOIN_AFTER_CANCEL_MILLIS = 250;
    private static final Duration MIN_RETRY_AFTER = Duration.ofSeconds(1);
    private static final Map<String, String> ERROR_HINTS = Map.of(
            "invalid_payload", "Slack could not read the message",
            "no_service", "the webhook is disabled, removed or mistyped",
            "no_active_hooks", "the webhook is disabled",
            "invalid_token", "the webhook's token is invalid",
            "channel_not_found", "the webhook's channel no longer exists",
            "channel_is_archived", "the webhook's channel is archived",
            "action_prohibited", "a workspace admin restricted posting to the channel",
            "posting_to_general_channel_denied", "only admins may post to that channel",
            "team_disabled", "the Slack workspace is disabled");

    private final SlackSettings settings;
    private final WebhookUrl webhook;
    private final WebhookClient client;
    private final WebhookRateLimiter limiter;
    private final SlackMessages messages;
    private final Thread sender;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition workArrived = lock.newCondition();
    private final Condition settled = lock.newCondition();
    // guarded by lock
    private final List<Alert> waiting = new ArrayList<>();
    private final EnumMap<AlertSeverity, Long> overflow = new EnumMap<>(AlertSeverity.class);
    private long overflowCount;
    private long inFlight;
    private long accepted;
    private long delivered;
    private long failed;
    private long dropped;
    private boolean closing;

    private final AtomicLong ignored = new AtomicLong();
    private final AtomicLong messagesSent = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Counted down when close() gives up waiting: every wait of the sender and of sendTest ends. */
    private final CountDownLatch abandoned = new CountDownLatch(1);

    /**
     * A handler posting to {@code settings.webhookUrl()}; starts its sender thread.
     *
     * @throws NullPointerException if settings is null
     */
    public SlackAlertHandler(SlackSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.webhook = new WebhookUrl(settings.webhookUrl());
        this.client = new WebhookClient(webhook, settings.timeout());
        this.limiter = WebhookRateLimiter.forWebhook(webhook.secret(), settings.minInterval());
        this.messages = new SlackMessages(settings.username(), settings.iconEmoji(), localHostName());
        if (webhook.plainHttpOffLoopback()) {
            log.warn("Slack webhook {} uses plain http: its token travels unencrypted; use https", webhook.secret());
        }
        this.sender = new Thread(this::runSender, "calibrax-slack-sender-" + ORDINAL.incrementAndGet());
        this.sender.setDaemon(true);
        this.sender.start();
    }

    /** {@code "slack"}. */
    @Override
    public String name() {
        return "slack";
    }

    /** The settings it was made with (the webhook URL hidden in their {@code toString()}). */
    public SlackSettings settings() {
        return settings;
    }

    /**
     * Queues the alert for Slack and returns at once; alerts below the minimum severity are
     * ignored (counted in {@link SlackHandlerStats#ignored()}).
     *
     * @throws NullPointerException  if alert is null
     * @throws IllegalStateException if the handler is closed
     */
    @Override
    public void handle(Alert alert) {
        Objects.requireNonNull(alert, "alert");
        if (!alert.severity().isAtLeast(settings.minSeverity())) {
            ignored.incrementAndGet();
            return;
        }
        lock.lock();
        try {
            if (closing) {
                throw new IllegalStateException("the Slack handler for " + webhook.secret() + " is closed");
            }
            accepted++;
            if (waiting.size() < settings.queueCapacity()) {
                waiting.add(alert);
            } else {
                keepMostSevere(alert);
            }
            workArrived.signal();
        } finally {
            lock.unlock();
        }
    }

    /** The queue is full: the least severe of the queue and the newcomer becomes a count. */
    private void keepMostSevere(Alert alert) {
        int weakest = 0;
        for (int i = 1; i < waiting.size(); i++) {
            if (waiting.get(i).severity().compareTo(waiting.get(weakest).severity()) < 0) {
                weakest = i;
            }
        }
        Alert counted = alert;
        if (alert.severity().compareTo(waiting.get(weakest).severity()) > 0) {
            counted = waiting.set(weakest, alert);
        }
        overflow.merge(counted.severity(), 1L, Long::sum);
        overflowCount++;
    }

    /**
     * Posts a test message now and returns once Slack accepted it; see {@link #sendTestMessage()}.
     *
     * @throws SlackDeliveryException naming Slack's error code or the last failure, never the URL
     */
    @Override
    public void sendTest() throws SlackDeliveryException {
        sendTestMessage();
    }

    /**
     * Posts a test message now, on the calling thread, through the same rate limit and retries as
     * alerts; for checking a webhook (the {@code calibrax} command uses it).
     *
     * @return how Slack accepted it
     * @throws SlackDeliveryException naming Slack's error code (such as {@code no_service}) or the
     *                                last failure, never the webhook URL
     * @throws IllegalStateException  if the handler is closed
     */
    public SlackDelivery sendTestMessage() throws SlackDeliveryException {
        if (closed.get()) {
            throw new IllegalStateException("the Slack handler for " + webhook.secret() + " is closed");
        }
        long start = System.nanoTime();
        byte[] payload = SlackMessages.toJson(messages.test(settings.minSeverity().value(), Instant.now()));
        Outcome outcome;
        try {
            outcome = send(payload, false);
        } catch (Abandoned e) {
            if (abandoned.getCount() > 0) {
                Thread.currentThread().interrupt();
            }
            throw new SlackDeliveryException("the test message to " + webhook.secret() + " was not delivered: "
                    + (abandoned.getCount() == 0 ? "the handler was closed" : "the thread was interrupted")
                    + lastProblem(e.last), e.last == null ? 0 : e.last.status(),
                    e.last == null ? null : e.last.slackError(), e.attempts);
        }
        Attempt last = outcome.last;
        if (last.kind() == Attempt.Kind.DELIVERED) {
            return new SlackDelivery(last.status(), outcome.attempts, Duration.ofNanos(System.nanoTime() - start));
        }
        throw new SlackDeliveryException("the test message to " + webhook.secret() + " was not delivered: "
                + failureText(outcome), last.status(), last.slackError(), outcome.attempts);
    }

    /**
     * Waits until every alert queued before the call has been sent, given up or dropped.
     *
     * @return true when done, false if the timeout passed first
     * @throws NullPointerException if timeout is null
     */
    public boolean flush(Duration timeout) {
        long remaining = Objects.requireNonNull(timeout, "timeout").toNanos();
        lock.lock();
        try {
            // every batch takes all that waits, so alerts settle in the order they were accepted
            long target = accepted;
            while (delivered + failed + dropped < target) {
                if (remaining <= 0) {
                    return false;
                }
                remaining = settled.awaitNanos(remaining);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    /** A consistent snapshot of what happened to the alerts so far. */
    public SlackHandlerStats stats() {
        lock.lock();
        try {
            return new SlackHandlerStats(accepted, ignored.get(), delivered, failed, dropped,
                    inFlight + waitingCount(), messagesSent.get(), requests.get());
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stops intake, lets queued alerts go out until the close timeout, then cancels what is in
     * flight, counts what is left as dropped and releases the HTTP client. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        long deadline = System.nanoTime() + settings.closeTimeout().toNanos();
        lock.lock();
        try {
            closing = true;
            workArrived.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            long remaining = deadline - System.nanoTime();
            if (remaining > 0) {
                TimeUnit.NANOSECONDS.timedJoin(sender, remaining);
            }
            if (sender.isAlive()) {
                abandoned.countDown();
                client.shutdown();
                sender.interrupt();
                sender.join(JOIN_AFTER_CANCEL_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abandoned.countDown();
            sender.interrupt();
        } finally {
            abandoned.countDown();
            client.shutdown();
        }
    }

    @Override
    public String toString() {
        return "SlackAlertHandler[" + webhook.secret() + ", minSeverity=" + settings.minSeverity().value()
                + (closed.get() ? ", closed" : "") + "]";
    }

    // ---- the sender thread ----

    private void runSender() {
        try {
            while (awaitWork()) {
                // the token first: alerts that arrive while we wait for it join this message
                pause(limiter.reserve());
                Batch batch = takeBatch();
                Outcome outcome;
                try {
                    outcome = send(batch.payload, true);
                } catch (Abandoned e) {
                    return;
                }
                finish(batch, outcome);
            }
        } catch (InterruptedException e) {
            // close() gave up waiting; what is left is counted below
        } catch (RuntimeException | Error e) {
            // not expected (sending catches its own failures); the handler closes rather than queue for nobody
            log.error("Slack sender for {} stopped: {}", webhook.secret(), webhook.describe(e));
        } finally {
            dropLeftovers();
        }
    }

    /** Waits for alerts; false once closing with nothing left. */
    private boolean awaitWork() throws InterruptedException {
        lock.lock();
        try {
            while (waitingCount() == 0 && !closing) {
                workArrived.await();
            }
            return waitingCount() > 0;
        } finally {
            lock.unlock();
        }
    }

    private Batch takeBatch() {
        List<Alert> alerts;
        Map<AlertSeverity, Long> counted;
        long total;
        lock.lock();
        try {
            alerts = List.copyOf(waiting);
            counted = overflow.isEmpty() ? Map.of() : new EnumMap<>(overflow);
            total = alerts.size() + overflowCount;
            waiting.clear();
            overflow.clear();
            overflowCount = 0;
            inFlight = total;
        } finally {
            lock.unlock();
        }
        byte[] payload;
        try {
            payload = SlackMessages.toJson(alerts.size() == 1 && counted.isEmpty()
                    ? messages.alert(alerts.get(0))
                    : messages.digest(alerts, counted, settings.digestMaxListed()));
        } catch (RuntimeException e) {
            // a message we cannot build is a failed delivery, not a dead sender
            log.error("Slack handler could not build a message for {} alert(s): {}", total, webhook.describe(e));
            payload = null;
        }
        return new Batch(payload, total, alerts.isEmpty() ? null : mostSevere(alerts));
    }

    private void finish(Batch batch, Outcome outcome) {
        boolean ok = outcome.last != null && outcome.last.kind() == Attempt.Kind.DELIVERED;
        // report first, then count: whoever flush() releases sees the log line and the statistics
        if (ok) {
            messagesSent.incrementAndGet();
            log.debug("Slack accepted a message with {} alert(s) after {} attempt(s)", batch.alerts, outcome.attempts);
        } else if (outcome.last != null) {
            String about = batch.example == null ? "" : " (most severe: " + batch.example.severity().value() + " "
                    + SlackText.printable(batch.example.metricName(), 80) + ")";
            log.warn("Slack webhook {}: {} alert(s) not delivered{}: {}", webhook.secret(), batch.alerts, about,
                    failureText(outcome));
        }
        lock.lock();
        try {
            inFlight = 0;
            if (ok) {
                delivered += batch.alerts;
            } else {
                failed += batch.alerts;
            }
            settled.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void dropLeftovers() {
        long lost;
        lock.lock();
        try {
            lost = inFlight + waitingCount();
            dropped += lost;
            inFlight = 0;
            waiting.clear();
            overflow.clear();
            overflowCount = 0;
            closing = true;
            settled.signalAll();
        } finally {
            lock.unlock();
        }
        if (lost > 0) {
            log.warn("Slack handler for {} closed before {} alert(s) could be delivered (close timeout {})",
                    webhook.secret(), lost, settings.closeTimeout());
        }
    }

    // ---- one message, with retries ----

    /**
     * Posts until Slack accepts or rejects the message or the attempts run out.
     *
     * @param tokenHeld true when the caller already took the rate-limit token for the first attempt
     * @throws Abandoned when the handler closed (or the thread was interrupted) while waiting
     */
    private Outcome send(byte[] payload, boolean tokenHeld) throws Abandoned {
        if (payload == null) {
            return new Outcome(new Attempt(Attempt.Kind.REJECTED, 0, null, null, "the message could not be built"), 0);
        }
        Attempt last = null;
        int made = 0;
        try {
            while (true) {
                if (made > 0 || !tokenHeld) {
                    pause(limiter.reserve());
                }
                if (abandoned.getCount() == 0) {
                    throw new InterruptedException("closed");
                }
                requests.incrementAndGet();
                made++;
                last = client.post(payload);
                if (last.kind() == Attempt.Kind.DELIVERED || last.kind() == Attempt.Kind.REJECTED
                        || made >= settings.maxAttempts()) {
                    return new Outcome(last, made);
                }
                Duration wait = last.kind() == Attempt.Kind.RATE_LIMITED ? retryAfter(last, made) : backoff(made);
                log.debug("Slack webhook {} answered {}; retrying in {} ms (attempt {} of {})", webhook.secret(),
                        last.problem(), wait.toMillis(), made + 1, settings.maxAttempts());
                pause(wait.toNanos());
            }
        } catch (InterruptedException e) {
            throw new Abandoned(last, made);
        }
    }

    /** Waits, unless the handler is abandoned (close timed out) or the thread interrupted first. */
    private void pause(long nanos) throws InterruptedException {
        if (nanos <= 0) {
            if (abandoned.getCount() == 0 || Thread.interrupted()) {
                throw new InterruptedException("closed");
            }
            return;
        }
        if (abandoned.await(nanos, TimeUnit.NANOSECONDS)) {
            throw new InterruptedException("closed");
        }
    }

    /** Exponential: initial × multiplier^(attempt-1), ±20% jitter, capped. */
    private Duration backoff(int failedAttempts) {
        double base = settings.initialBackoff().toNanos() * Math.pow(settings.backoffMultiplier(), failedAttempts - 1);
        double jittered = base * ThreadLocalRandom.current().nextDouble(0.8, 1.2);
        return Duration.ofNanos((long) Math.min(jittered, settings.maxBackoff().toNanos()));
    }

    private Duration retryAfter(Attempt attempt, int failedAttempts) {
        Duration asked = attempt.retryAfter() == null ? backoff(failedAttempts) : attempt.retryAfter();
        if (asked.compareTo(MIN_RETRY_AFTER) < 0) {
            return MIN_RETRY_AFTER;
        }
        return asked.compareTo(settings.maxRetryAfter()) > 0 ? settings.maxRetryAfter() : asked;
    }

    private static String failureText(Outcome outcome) {
        Attempt last = outcome.last;
        if (last.kind() == Attempt.Kind.REJECTED) {
            String hint = last.slackError() == null ? null : ERROR_HINTS.get(last.slackError().split(" ", 2)[0]);
            return "rejected with " + last.problem() + (hint == null ? "" : " (" + hint + ")") + ", not retried";
        }
        return "failed after " + outcome.attempts + " attempt(s), last: " + last.problem();
    }

    private static String lastProblem(Attempt last) {
        return last == null ? "" : " (last: " + last.problem() + ")";
    }

    private long waitingCount() {
        return waiting.size() + overflowCount;
    }

    private static Alert mostSevere(List<Alert> alerts) {
        Alert worst = alerts.get(0);
        for (Alert alert : alerts) {
            if (alert.severity().compareTo(worst.severity()) > 0) {
                worst = alert;
            }
        }
        return worst;
    }

    private static String localHostName() {
        for (String variable : new String[] {"HOSTNAME", "COMPUTERNAME"}) {
            String name = System.getenv(variable);
            if (name != null && !name.isBlank()) {
                return name.strip();
            }
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "unknown host";
        }
    }

    /** One message's worth of alerts; payload null when it could not be built. */
    private record Batch(byte[] payload, long alerts, Alert example) {
    }

    private record Outcome(Attempt last, int attempts) {
    }

    /** The wait for a retry or a token ended because the handler closed or the thread was interrupted. */
    private static final class Abandoned extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient Attempt last;
        private final int attempts;

        Abandoned(Attempt last, int attempts) {
            super(null, null, false, false);
            this.last = last;
            this.attempts = attempts;
        }
    }
}
