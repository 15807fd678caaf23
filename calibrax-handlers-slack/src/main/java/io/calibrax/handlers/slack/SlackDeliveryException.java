package io.calibrax.handlers.slack;

import io.calibrax.api.DeliveryException;
import org.jspecify.annotations.Nullable;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A message Slack did not accept: rejected (HTTP 4xx with Slack's error code, such as
 * {@code invalid_payload} or {@code channel_not_found}: permanent), or failing in a way a retry
 * may mend (5xx, 429 with its {@code Retry-After}, I/O errors, timeouts: retryable).
 *
 * <p>The message never holds the webhook URL: every text from the HTTP layer is scrubbed of it
 * first, and no exception from that layer is attached as a cause. Immutable.
 *
 * @since 0.1.0
 */
public final class SlackDeliveryException extends DeliveryException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final @Nullable String slackError;
    private final int attempts;

    SlackDeliveryException(String message, boolean retryable, @Nullable Duration retryAfter, int status,
                           @Nullable String slackError, int attempts) {
        super(message, retryable, retryAfter, null);
        this.status = status;
        this.slackError = slackError == null || slackError.isEmpty() ? null : slackError;
        this.attempts = attempts;
    }

    /** The HTTP status of the last answer; empty when there was none (I/O error, timeout, closed). */
    public OptionalInt status() {
        return status > 0 ? OptionalInt.of(status) : OptionalInt.empty();
    }

    /** Slack's error code from the last answer, such as {@code invalid_payload}. */
    public Optional<String> slackError() {
        return Optional.ofNullable(slackError);
    }

    /** How many requests were made for this exception (1 for each alert delivery; the manager counts retries). */
    public int attempts() {
        return attempts;
    }
}
