package io.calibrax.api;

import io.calibrax.api.internal.Args;
import org.jspecify.annotations.Nullable;

import java.time.Duration;
import java.util.Objects;

/**
 * How the alert manager delivers to one handler: how often it retries a failed delivery and how
 * long it waits in between (exponential backoff with jitter, at least a server's
 * {@code Retry-After}), when it gives up, whether it gathers alerts into digests, and how often
 * it may call the handler at most. A handler declares it through
 * {@link AlertHandler#deliveryPolicy()}; {@link #defaults()} suits a handler that declares nothing.
 *
 * <p>Immutable; made with {@link #builder()}.
 *
 * @param maxAttempts       tries per alert (or digest), the first included
 * @param initialBackoff    the wait before the first retry
 * @param backoffMultiplier how much each next wait grows (at least 1)
 * @param maxBackoff        the longest wait between two tries, and the most a {@code Retry-After} is honoured
 * @param jitter            the random share added to or taken from each wait, 0 to 1
 * @param giveUpAfter       no retry starts once this long has passed since the first try failed
 * @param maxBatchSize      the most alerts handed to {@link AlertHandler#handleBatch} at once; 1 means none are gathered
 * @param batchWindow       how long the first alert of a digest waits for others to join it
 * @param minInterval       the least time between two calls of the handler (its rate), zero for no limit
 * @since 0.1.0
 */
public record DeliveryPolicy(int maxAttempts, Duration initialBackoff, double backoffMultiplier, Duration maxBackoff,
                             double jitter, Duration giveUpAfter, int maxBatchSize, Duration batchWindow,
                             Duration minInterval) {

    /** The most tries a policy may ask for. */
    public static final int MAX_ATTEMPTS = 100;
    /** The most alerts a digest may hold. */
    public static final int MAX_BATCH_SIZE = 10_000;

    private static final DeliveryPolicy DEFAULTS = builder().build();

    /** @throws IllegalArgumentException naming the argument out of range */
    public DeliveryPolicy {
        Args.inRange(maxAttempts, 1, MAX_ATTEMPTS, "maxAttempts");
        Args.notNegative(initialBackoff, "initialBackoff");
        if (!(backoffMultiplier >= 1 && backoffMultiplier <= 100)) {
            throw new IllegalArgumentException("backoffMultiplier must be within 1 and 100, got " + backoffMultiplier);
        }
        Args.notNegative(maxBackoff, "maxBackoff");
        if (!(jitter >= 0 && jitter <= 1)) {
            throw new IllegalArgumentException("jitter must be within 0 and 1, got " + jitter);
        }
        Args.notNegative(giveUpAfter, "giveUpAfter");
        Args.inRange(maxBatchSize, 1, MAX_BATCH_SIZE, "maxBatchSize");
        Args.notNegative(batchWindow, "batchWindow");
        Args.notNegative(minInterval, "minInterval");
    }

    /**
     * The policy of a handler that declares none: 3 tries, 50 ms then 100 ms apart (±20%),
     * giving up 10 s after the first, one alert at a time, no rate limit.
     */
    public static DeliveryPolicy defaults() {
        return DEFAULTS;
    }

    /** A builder starting from {@link #defaults()}. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this policy. */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.maxAttempts = maxAttempts;
        builder.initialBackoff = initialBackoff;
        builder.backoffMultiplier = backoffMultiplier;
        builder.maxBackoff = maxBackoff;
        builder.jitter = jitter;
        builder.giveUpAfter = giveUpAfter;
        builder.maxBatchSize = maxBatchSize;
        builder.batchWindow = batchWindow;
        builder.minInterval = minInterval;
        return builder;
    }

    /**
     * The wait before the next try, after {@code failedAttempts} tries failed: the exponential
     * backoff with jitter, or the server's {@code Retry-After} when that is longer, never more
     * than {@link #maxBackoff()} (unless the server asked for more and that is still within it).
     *
     * @param failedAttempts tries made so far, at least 1
     * @param retryAfter     what the server asked for, or null
     * @param random         a number in [0, 1) that places the wait within the jitter
     */
    public Duration retryDelay(int failedAttempts, @Nullable Duration retryAfter, double random) {
        double base = initialBackoff.toNanos() * Math.pow(backoffMultiplier, Math.max(0, failedAttempts - 1));
        double jittered = base * (1 + jitter * (2 * random - 1));
        long nanos = (long) Math.min(jittered, maxBackoff.toNanos());
        if (retryAfter != null) {
            nanos = Math.max(nanos, Math.min(retryAfter.toNanos(), maxBackoff.toNanos()));
        }
        return Duration.ofNanos(Math.max(0, nanos));
    }

    /**
     * Builds a {@link DeliveryPolicy}; not thread-safe.
     *
     * @since 0.1.0
     */
    public static final class Builder {
        private int maxAttempts = 3;
        private Duration initialBackoff = Duration.ofMillis(50);
        private double backoffMultiplier = 2;
        private Duration maxBackoff = Duration.ofSeconds(5);
        private double jitter = 0.2;
        private Duration giveUpAfter = Duration.ofSeconds(10);
        private int maxBatchSize = 1;
        private Duration batchWindow = Duration.ZERO;
        private Duration minInterval = Duration.ZERO;

        private Builder() {
        }

        /** Tries per alert, the first included; at most {@link #MAX_ATTEMPTS}. */
        public Builder maxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
            return this;
        }

        /** The first wait, how it grows and its ceiling (which also caps a {@code Retry-After}). */
        public Builder backoff(Duration initial, double multiplier, Duration max) {
            this.initialBackoff = initial;
            this.backoffMultiplier = multiplier;
            this.maxBackoff = max;
            return this;
        }

        /** The random share of each wait, 0 to 1 (0.2 by default). */
        public Builder jitter(double jitter) {
            this.jitter = jitter;
            return this;
        }

        /** No retry starts once this long has passed since the first try failed. */
        public Builder giveUpAfter(Duration giveUpAfter) {
            this.giveUpAfter = giveUpAfter;
            return this;
        }

        /** Gathers up to {@code maxBatchSize} alerts, arriving within {@code window} of the first, into one digest. */
        public Builder batching(int maxBatchSize, Duration window) {
            this.maxBatchSize = maxBatchSize;
            this.batchWindow = window;
            return this;
        }

        /** Calls the handler at most once per {@code minInterval}. */
        public Builder minInterval(Duration minInterval) {
            this.minInterval = minInterval;
            return this;
        }

        /** @throws IllegalArgumentException naming a setting out of range */
        public DeliveryPolicy build() {
            return new DeliveryPolicy(maxAttempts, Objects.requireNonNull(initialBackoff, "initialBackoff"),
                    backoffMultiplier, Objects.requireNonNull(maxBackoff, "maxBackoff"), jitter,
                    Objects.requireNonNull(giveUpAfter, "giveUpAfter"), maxBatchSize,
                    Objects.requireNonNull(batchWindow, "batchWindow"), Objects.requireNonNull(minInterval, "minInterval"));
        }
    }
}
