package io.calibrax.handlers.slack;

import io.calibrax.api.Alert;
import io.calibrax.api.AlertHandler;
import io.calibrax.api.DeliveryPolicy;
import io.calibrax.api.internal.HostNames;
import io.calibrax.api.internal.Transport;
import io.calibrax.handlers.slack.WebhookClient.Attempt;
import okhttp3.HttpUrl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Posts alerts to a Slack incoming webhook as Block Kit messages: formatting and transport only.
 *
 * <p>The alert manager owns delivery, under {@link SlackSettings#deliveryPolicy()}: it calls the
 * handler at most once per second (Slack's limit per webhook), gathers the alerts that queued
 * meanwhile into one {@link #handleBatch digest} (most severe first, {@code and N more} for those
 * beyond what fits), and retries what this handler reports as retryable. Each call is one POST:
 * it returns when Slack answered 2xx, so the manager's {@code delivered} is Slack's acceptance,
 * and otherwise throws a {@link SlackDeliveryException}: retryable for 5xx, I/O errors and
 * timeouts, retryable after {@code Retry-After} (clamped to 1 s ..
 * {@link SlackSettings#maxRetryAfter()}) for 429, permanent for other 4xx (with Slack's error
 * code and what it means).
 *
 * <p>The webhook URL is a secret: it is never logged and never part of an exception's text
 * (OkHttp's exceptions are reduced to scrubbed one-line descriptions). An {@code http://} webhook
 * off this machine is refused unless {@link SlackSettings#ALLOW_INSECURE} is set.
 *
 * <p>Thread-safe. {@link #close()} cancels the call in flight and releases the HTTP client.
 *
 * @since 0.1.0
 */
public final class SlackAlertHandler implements AlertHandler {
    private static final Logger log = LoggerFactory.getLogger(SlackAlertHandler.class);
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
    private final SlackMessages messages;
    private final DeliveryPolicy policy;
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * A handler posting to {@code settings.webhookUrl()}.
     *
     * @throws NullPointerException if settings is null
     */
    public SlackAlertHandler(SlackSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.webhook = new WebhookUrl(settings.webhookUrl());
        this.client = new WebhookClient(webhook, settings.timeout());
        this.messages = new SlackMessages(settings.username(), settings.iconEmoji(), HostNames.local());
        this.policy = settings.deliveryPolicy();
        HttpUrl url = webhook.url();
        Transport.checkPlaintext(url.isHttps(), "http://", url.host(), "the Slack webhook " + webhook.secret(),
                SlackSettings.ALLOW_INSECURE, settings.allowInsecure()).ifPresent(log::warn);
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

    /** Slack's rate, digests of what queues meanwhile, and the retries of the settings. */
    @Override
    public DeliveryPolicy deliveryPolicy() {
        return policy;
    }

    /**
     * Posts one alert as one message and returns once Slack accepted it; an alert below the
     * minimum severity is not sent.
     *
     * @throws SlackDeliveryException when Slack did not accept it, saying whether a retry may help
     * @throws IllegalStateException  if the handler is closed
     */
    @Override
    public void handle(Alert alert) throws SlackDeliveryException {
        handleBatch(List.of(Objects.requireNonNull(alert, "alert")));
    }

    /**
     * Posts the alerts at or above the minimum severity as one message: the alert itself when
     * only one is left, else a digest listing them most severe first.
     *
     * @throws SlackDeliveryException when Slack did not accept it, saying whether a retry may help
     * @throws IllegalStateException  if the handler is closed
     */
    @Override
    public void handleBatch(List<Alert> alerts) throws SlackDeliveryException {
        ensureOpen();
        List<Alert> sent = alerts.stream().filter(alert -> alert.severity().isAtLeast(settings.minSeverity())).toList();
        if (sent.isEmpty()) {
            return;
        }
        byte[] payload = SlackMessages.toJson(sent.size() == 1 ? messages.alert(sent.get(0))
                : messages.digest(sent, Map.of(), settings.digestMaxListed()));
        Attempt attempt = client.post(payload);
        if (attempt.kind() != Attempt.Kind.DELIVERED) {
            throw failure(sent.size() + " alert(s)", attempt);
        }
        log.debug("Slack accepted a message with {} alert(s)", sent.size());
    }

    /**
     * Posts a test message now and returns once Slack accepted it; see {@link #sendTestMessage()}.
     *
     * @throws SlackDeliveryException naming Slack's error code or the failure, never the URL
     */
    @Override
    public void sendTest() throws SlackDeliveryException {
        sendTestMessage();
    }

    /**
     * Posts a test message now, on the calling thread, once, whatever the minimum severity; for
     * checking a webhook (the {@code calibrax} command uses it).
     *
     * @return how Slack accepted it
     * @throws SlackDeliveryException naming Slack's error code (such as {@code no_service}) or the
     *                                failure, never the webhook URL
     * @throws IllegalStateException  if the handler is closed
     */
    public SlackDelivery sendTestMessage() throws SlackDeliveryException {
        ensureOpen();
        long start = System.nanoTime();
        Attempt attempt = client.post(SlackMessages.toJson(messages.test(settings.minSeverity().value(), Instant.now())));
        if (attempt.kind() != Attempt.Kind.DELIVERED) {
            throw failure("the test message", attempt);
        }
        return new SlackDelivery(attempt.status(), 1, Duration.ofNanos(System.nanoTime() - start));
    }

    /** Cancels the call in flight and releases the HTTP client. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            client.shutdown();
        }
    }

    @Override
    public String toString() {
        return "SlackAlertHandler[" + webhook.secret() + ", minSeverity=" + settings.minSeverity().value()
                + (closed.get() ? ", closed" : "") + "]";
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("the Slack handler for " + webhook.secret() + " is closed");
        }
    }

    private SlackDeliveryException failure(String what, Attempt attempt) {
        String text = "Slack webhook " + webhook.secret() + ": " + what + " not delivered: ";
        return switch (attempt.kind()) {
            case REJECTED -> {
                String code = attempt.slackError() == null ? null : attempt.slackError().split(" ", 2)[0];
                String hint = code == null ? null : ERROR_HINTS.get(code);
                yield new SlackDeliveryException(text + "rejected with " + attempt.problem()
                        + (hint == null ? "" : " (" + hint + ")") + ", not retried", false, null, attempt.status(),
                        attempt.slackError(), 1);
            }
            case RATE_LIMITED -> new SlackDeliveryException(text + attempt.problem(), true,
                    clampRetryAfter(attempt.retryAfter()), attempt.status(), attempt.slackError(), 1);
            default -> new SlackDeliveryException(text + attempt.problem(), true, null, attempt.status(),
                    attempt.slackError(), 1);
        };
    }

    private Duration clampRetryAfter(Duration asked) {
        if (asked == null || asked.compareTo(MIN_RETRY_AFTER) < 0) {
            return MIN_RETRY_AFTER;
        }
        return asked.compareTo(settings.maxRetryAfter()) > 0 ? settings.maxRetryAfter() : asked;
    }
}
