package io.calibrax.handlers.slack;

import io.calibrax.api.DeliveryPolicy;
import io.calibrax.api.internal.Args;
import io.calibrax.api.internal.Transport;
import okhttp3.HttpUrl;

import io.calibrax.api.AlertSeverity;
import io.calibrax.api.Secret;
import io.calibrax.spi.CalibraxConfig;
import org.jspecify.annotations.Nullable;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Everything a {@link SlackAlertHandler} needs: the webhook, what to send and how hard to try.
 * Read it from configuration with {@link #fromConfig} or build it with {@link #builder}.
 *
 * <p>Immutable and thread-safe. The compact constructor validates every component and names the
 * bad one; {@link #fromConfig} names the configuration key instead. Neither ever puts the webhook
 * URL into a message: the URL lives in a {@link Secret} whose {@code toString()} shows at most
 * {@code https://hooks.slack.com/services/T…/B…/***}.
 *
 * @param webhookUrl       the incoming-webhook URL (secret)
 * @param minSeverity      alerts below it are not sent
 * @param username         the sender name to show, or null for the webhook's own (legacy webhooks only)
 * @param iconEmoji        the sender icon such as {@code :bell:}, or null (legacy webhooks only)
 * @param timeout          the limit of one HTTP call (connect, read and write each, and the whole call)
 * @param maxAttempts      how many requests one message may take, 429 answers included, before it is
 *                         given up (at least 1)
 * @param digestMaxListed  alerts listed one by one in a digest; the rest are counted
 * @param minInterval      the least time between two requests to the webhook (at least 1 s: Slack's limit)
 * @param initialBackoff   the wait before the first retry of a 5xx or an I/O error
 * @param backoffMultiplier how much each further wait grows (1 to 100)
 * @param maxBackoff       the longest wait between retries
 * @param maxRetryAfter    the longest {@code Retry-After} honoured after HTTP 429 (shorter than 1 s counts as 1 s)
 * @param allowInsecure    lets an {@code http://} webhook off this machine through (with a warning)
 *                         instead of refusing it: its token would travel in plaintext
 * @since 0.1.0
 */
public record SlackSettings(
        Secret webhookUrl,
        AlertSeverity minSeverity,
        @Nullable String username,
        @Nullable String iconEmoji,
        Duration timeout,
        int maxAttempts,
        int digestMaxListed,
        Duration minInterval,
        Duration initialBackoff,
        double backoffMultiplier,
        Duration maxBackoff,
        Duration maxRetryAfter,
        boolean allowInsecure) {

    /** Config key of the webhook URL; its presence enables the handler. */
    public static final String WEBHOOK_URL = "calibrax.slack.webhook-url";
    /** Config key of the least severity sent (default {@code warning}). */
    public static final String MIN_SEVERITY = "calibrax.slack.min-severity";
    /** Config key of the sender name shown (legacy webhooks honour it). */
    public static final String USERNAME = "calibrax.slack.username";
    /** Config key of the sender icon, an emoji code such as {@code :bell:}. */
    public static final String ICON_EMOJI = "calibrax.slack.icon-emoji";
    /** Config key of the per-call timeout (default 10 s). */
    public static final String TIMEOUT = "calibrax.slack.timeout";
    /** Config key of the attempts per message (default 5). */
    public static final String MAX_ATTEMPTS = "calibrax.slack.max-attempts";
    /** Config key that lets an {@code http://} webhook off this machine through, with a warning (default false). */
    public static final String ALLOW_INSECURE = "calibrax.slack.allow-insecure";

    /** Slack allows one message per second per webhook. */
    public static final Duration SLACK_MIN_INTERVAL = Duration.ofSeconds(1);
    static final AlertSeverity DEFAULT_MIN_SEVERITY = AlertSeverity.WARNING;
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    static final int DEFAULT_MAX_ATTEMPTS = 5;
    static final int DEFAULT_DIGEST_MAX_LISTED = 40;
    static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(500);
    static final double DEFAULT_BACKOFF_MULTIPLIER = 1.5;
    static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(60);
    static final Duration DEFAULT_MAX_RETRY_AFTER = Duration.ofSeconds(60);

    /** The most alerts one digest message stands for (listed or counted as {@code and N more}). */
    static final int DIGEST_MAX_ALERTS = 1_000;
    private static final int MAX_USERNAME_LENGTH = 80;
    private static final Pattern EMOJI = Pattern.compile(":[a-z0-9_+'-]{1,100}:");

    /**
     * Validates.
     *
     * @throws NullPointerException     if a component other than username or iconEmoji is null
     * @throws IllegalArgumentException naming the component when it is out of range, or when
     *                                  webhookUrl is not an http(s) URL (without showing it)
     */
    public SlackSettings {
        Objects.requireNonNull(webhookUrl, "webhookUrl");
        webhookUrl = WebhookUrl.redactedSecret(webhookUrl.reveal(), "webhookUrl");
        Objects.requireNonNull(minSeverity, "minSeverity");
        username = checkUsername(username, "username");
        iconEmoji = checkEmoji(iconEmoji, "iconEmoji");
        Args.positive(timeout, "timeout");
        Args.inRange(maxAttempts, 1, DeliveryPolicy.MAX_ATTEMPTS, "maxAttempts");
        if (digestMaxListed < 1 || digestMaxListed > SlackMessages.MAX_DIGEST_LINES) {
            throw new IllegalArgumentException("digestMaxListed must be between 1 and "
                    + SlackMessages.MAX_DIGEST_LINES + ", got " + digestMaxListed);
        }
        Objects.requireNonNull(minInterval, "minInterval");
        if (minInterval.compareTo(SLACK_MIN_INTERVAL) < 0) {
            throw new IllegalArgumentException("minInterval must be at least 1 s (Slack allows one message per "
                    + "second per webhook), got " + minInterval);
        }
        Args.positive(initialBackoff, "initialBackoff");
        if (!(backoffMultiplier >= 1.0 && backoffMultiplier <= 100)) { // the range core's DeliveryPolicy takes
            throw new IllegalArgumentException("backoffMultiplier must be within 1 and 100, got " + backoffMultiplier);
        }
        Args.positive(maxBackoff, "maxBackoff");
        Args.positive(maxRetryAfter, "maxRetryAfter");
        HttpUrl url = HttpUrl.parse(webhookUrl.reveal());
        if (url != null) {
            Transport.checkPlaintext(url.isHttps(), "http://", url.host(), WEBHOOK_URL + " (the Slack webhook, whose token is a secret)",
                    ALLOW_INSECURE, allowInsecure);
        }
    }

    /**
     * The delivery the alert manager gives this handler: Slack's rate (one message per
     * {@link #minInterval()}), alerts that queue meanwhile gathered into one digest, retries of
     * 5xx, 429 and I/O errors with this backoff (a 429's {@code Retry-After} within
     * {@link #maxRetryAfter()}), at most {@link #maxAttempts()} requests per message.
     */
    public DeliveryPolicy deliveryPolicy() {
        Duration ceiling = maxBackoff.compareTo(maxRetryAfter) >= 0 ? maxBackoff : maxRetryAfter;
        return DeliveryPolicy.builder()
                .maxAttempts(maxAttempts)
                .backoff(initialBackoff, backoffMultiplier, ceiling)
                .giveUpAfter(ceiling.multipliedBy(maxAttempts))
                .batching(DIGEST_MAX_ALERTS, Duration.ZERO)
                .minInterval(minInterval)
                .build();
    }

    /** A builder for this webhook URL with the defaults. */
    public static Builder builder(String webhookUrl) {
        return new Builder(WebhookUrl.redactedSecret(Objects.requireNonNull(webhookUrl, "webhookUrl"), "webhookUrl"));
    }

    /** A builder for this webhook URL with the defaults. */
    public static Builder builder(Secret webhookUrl) {
        return builder(Objects.requireNonNull(webhookUrl, "webhookUrl").reveal());
    }

    /**
     * Reads the {@code calibrax.slack.*} keys (see the constants of this class).
     *
     * @throws IllegalArgumentException naming the key when {@code calibrax.slack.webhook-url} is
     *                                  absent or a value is invalid; the webhook URL is never shown
     */
    public static SlackSettings fromConfig(CalibraxConfig config) {
        Objects.requireNonNull(config, "config");
        String url = config.get(WEBHOOK_URL).orElseThrow(() -> new IllegalArgumentException(
                "configuration key " + WEBHOOK_URL + " is not set: it enables the Slack handler"));
        Builder builder = new Builder(WebhookUrl.redactedSecret(url, "configuration key " + WEBHOOK_URL));
        config.getSeverity(MIN_SEVERITY).ifPresent(builder::minSeverity);
        builder.username = checkUsername(config.get(USERNAME).orElse(null), "configuration key " + USERNAME);
        builder.iconEmoji = checkEmoji(config.get(ICON_EMOJI).orElse(null), "configuration key " + ICON_EMOJI);
        config.getDuration(TIMEOUT).ifPresent(value -> builder.timeout = Args.positive(value, "configuration key " + TIMEOUT));
        config.getInt(MAX_ATTEMPTS).ifPresent(value -> builder.maxAttempts = Args.inRange(value, 1,
                DeliveryPolicy.MAX_ATTEMPTS, "configuration key " + MAX_ATTEMPTS));
        config.getBoolean(ALLOW_INSECURE).ifPresent(builder::allowInsecure);
        return builder.build();
    }

    private static String checkUsername(String username, String name) {
        if (username == null) {
            return null;
        }
        String stripped = username.strip();
        if (stripped.isEmpty() || stripped.length() > MAX_USERNAME_LENGTH || stripped.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException(name + ": a username must be 1 to " + MAX_USERNAME_LENGTH
                    + " characters without control characters");
        }
        return stripped;
    }

    private static String checkEmoji(String emoji, String name) {
        if (emoji == null) {
            return null;
        }
        String stripped = emoji.strip();
        if (!EMOJI.matcher(stripped).matches()) {
            throw new IllegalArgumentException(name + ": invalid value '" + SlackText.printable(stripped, 40)
                    + "' (expected an emoji code such as :bell:)");
        }
        return stripped;
    }

    /** Never the webhook URL itself. */
    @Override
    public String toString() {
        return "SlackSettings[webhookUrl=" + webhookUrl + ", minSeverity=" + minSeverity.value()
                + ", username=" + username + ", iconEmoji=" + iconEmoji + ", timeout=" + timeout
                + ", maxAttempts=" + maxAttempts + (allowInsecure ? ", allowInsecure" : "") + "]";
    }

    /**
     * Builds {@link SlackSettings}; starts from the defaults. Not thread-safe.
     *
     * @since 0.1.0
     */
    public static final class Builder {
        private final Secret webhookUrl;
        private AlertSeverity minSeverity = DEFAULT_MIN_SEVERITY;
        private @Nullable String username;
        private @Nullable String iconEmoji;
        private Duration timeout = DEFAULT_TIMEOUT;
        private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
        private int digestMaxListed = DEFAULT_DIGEST_MAX_LISTED;
        private Duration minInterval = SLACK_MIN_INTERVAL;
        private Duration initialBackoff = DEFAULT_INITIAL_BACKOFF;
        private double backoffMultiplier = DEFAULT_BACKOFF_MULTIPLIER;
        private Duration maxBackoff = DEFAULT_MAX_BACKOFF;
        private Duration maxRetryAfter = DEFAULT_MAX_RETRY_AFTER;
        private boolean allowInsecure;

        private Builder(Secret webhookUrl) {
            this.webhookUrl = webhookUrl;
        }

        /** Default {@code warning}. */
        public Builder minSeverity(AlertSeverity minSeverity) {
            this.minSeverity = Objects.requireNonNull(minSeverity, "minSeverity");
            return this;
        }

        /** Null for the webhook's own name. */
        public Builder username(@Nullable String username) {
            this.username = username;
            return this;
        }

        /** Such as {@code :bell:}; null for the webhook's own icon. */
        public Builder iconEmoji(@Nullable String iconEmoji) {
            this.iconEmoji = iconEmoji;
            return this;
        }

        /** Default 10 s. */
        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /** Default 5. */
        public Builder maxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
            return this;
        }

        /** Default false: an {@code http://} webhook off this machine is refused. */
        public Builder allowInsecure(boolean allowInsecure) {
            this.allowInsecure = allowInsecure;
            return this;
        }

        /** Default 40. */
        public Builder digestMaxListed(int digestMaxListed) {
            this.digestMaxListed = digestMaxListed;
            return this;
        }

        /** Default and least 1 s. */
        public Builder minInterval(Duration minInterval) {
            this.minInterval = minInterval;
            return this;
        }

        /** Default 500 ms, growing by {@code multiplier} (default 1.5) up to {@code max} (default 60 s). */
        public Builder backoff(Duration initial, double multiplier, Duration max) {
            this.initialBackoff = initial;
            this.backoffMultiplier = multiplier;
            this.maxBackoff = max;
            return this;
        }

        /** Default 60 s. */
        public Builder maxRetryAfter(Duration maxRetryAfter) {
            this.maxRetryAfter = maxRetryAfter;
            return this;
        }

        /** @throws IllegalArgumentException naming the component that is out of range */
        public SlackSettings build() {
            return new SlackSettings(webhookUrl, minSeverity, username, iconEmoji, timeout, maxAttempts,
                    digestMaxListed, minInterval, initialBackoff, backoffMultiplier, maxBackoff, maxRetryAfter,
                    allowInsecure);
        }
    }
}
