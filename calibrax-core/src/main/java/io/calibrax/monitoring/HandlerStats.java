package io.calibrax.monitoring;

import java.util.Objects;

/**
 * Delivery statistics of one alert handler.
 *
 * <p>Immutable. For every handler, {@code delivered + failed + dropped + queued + suppressed}
 * equals the number of alerts triggered since it was added (plus those forwarded to it as a
 * fallback): nothing is lost without being counted.
 *
 * @param name      the handler's name
 * @param delivered alerts the handler's transport accepted ({@code handle} or the digest's
 *                  {@code handleBatch} returned); each alert of a digest counts for itself
 * @param failed    alerts given up on: the handler failed through every retry of its policy, or
 *                  said retrying could not help
 * @param dropped   alerts it will never get: its queue was full (the oldest go first), the
 *                  manager had closed, or the close deadline passed first
 * @param queued    alerts waiting in its queue, or taken by its worker and not yet settled
 * @param suppressed alerts kept from it by a route, a silence, a mute window or inhibition
 * @since 0.1.0
 */
public record HandlerStats(String name, long delivered, long failed, long dropped, long queued, long suppressed) {

    /** @throws NullPointerException if name is null; @throws IllegalArgumentException if a count is negative */
    public HandlerStats {
        Objects.requireNonNull(name, "name");
        if (delivered < 0 || failed < 0 || dropped < 0 || queued < 0 || suppressed < 0) {
            throw new IllegalArgumentException("counts must not be negative: delivered=" + delivered
                    + ", failed=" + failed + ", dropped=" + dropped + ", queued=" + queued + ", suppressed=" + suppressed);
        }
    }

    /** Statistics of a handler that nothing was kept from: the form the first version had. */
    public HandlerStats(String name, long delivered, long failed, long dropped, long queued) {
        this(name, delivered, failed, dropped, queued, 0);
    }

    /** Every alert this handler was offered: delivered, failed, dropped, still queued or suppressed. */
    public long total() {
        return delivered + failed + dropped + queued + suppressed;
    }
}
