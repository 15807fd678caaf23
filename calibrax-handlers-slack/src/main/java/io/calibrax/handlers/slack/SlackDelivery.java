package io.calibrax.handlers.slack;

import java.time.Duration;
import java.util.Objects;

/**
 * A message Slack accepted, as {@link SlackAlertHandler#sendTestMessage()} reports it. Immutable.
 *
 * @param status   the HTTP status of the accepting answer (2xx)
 * @param attempts how many requests it took (1 unless retried)
 * @param elapsed  from the call to the answer, waits for the rate limit and retries included
 * @since 0.1.0
 */
public record SlackDelivery(int status, int attempts, Duration elapsed) {

    /** @throws IllegalArgumentException if status is not 2xx or attempts is not positive */
    public SlackDelivery {
        if (status < 200 || status > 299) {
            throw new IllegalArgumentException("status must be 2xx, got " + status);
        }
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be positive, got " + attempts);
        }
        Objects.requireNonNull(elapsed, "elapsed");
    }
}
