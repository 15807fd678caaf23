package io.calibrax.api;

import org.jspecify.annotations.Nullable;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Thrown by an {@link AlertHandler} whose transport did not accept an alert (or a digest): the
 * alert manager retries a {@linkplain #isRetryable() retryable} failure under the handler's
 * {@link DeliveryPolicy}, waiting at least {@link #retryAfter()} when the server asked for it, and
 * counts a permanent one as failed at once. Any other exception a handler throws counts as
 * retryable. Immutable.
 *
 * @since 0.1.0
 */
public class DeliveryException extends Exception {
    private static final long serialVersionUID = 1L;

    private final boolean retryable;
    private final transient @Nullable Duration retryAfter;

    /**
     * @param message    what went wrong; never a secret
     * @param retryable  true when trying again may succeed (timeouts, 5xx, 429, refused connections)
     * @param retryAfter how long the server asked to wait before the next try, or null
     * @param cause      the underlying failure, or null
     * @throws IllegalArgumentException if retryAfter is negative
     */
    public DeliveryException(String message, boolean retryable, @Nullable Duration retryAfter,
                             @Nullable Throwable cause) {
        super(message, cause);
        if (retryAfter != null && retryAfter.isNegative()) {
            throw new IllegalArgumentException("retryAfter must not be negative, got " + retryAfter);
        }
        this.retryable = retryable;
        this.retryAfter = retryAfter;
    }

    /** A failure worth retrying, such as a timeout or a 5xx answer. */
    public static DeliveryException retryable(String message, Throwable cause) {
        return new DeliveryException(Objects.requireNonNull(message, "message"), true, null, cause);
    }

    /** A failure worth retrying after the server's {@code Retry-After} (a 429 or 503 answer). */
    public static DeliveryException retryAfter(String message, Duration retryAfter) {
        return new DeliveryException(Objects.requireNonNull(message, "message"), true,
                Objects.requireNonNull(retryAfter, "retryAfter"), null);
    }

    /** A failure that retrying cannot mend, such as a 4xx answer or rejected credentials. */
    public static DeliveryException permanent(String message, Throwable cause) {
        return new DeliveryException(Objects.requireNonNull(message, "message"), false, null, cause);
    }

    /** True when trying again may succeed; false when the alert should count as failed at once. */
    public boolean isRetryable() {
        return retryable;
    }

    /** How long the server asked to wait before the next try, when it said. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
