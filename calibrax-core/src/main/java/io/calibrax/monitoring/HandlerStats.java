package io.calibrax.monitoring;

import java.util.Objects;

/**
 * Delivery statistics of one alert handler.
 *
 * <p>Immutable. For every handler, {@code delivered + failed + dropped + queued} equals the
 * number of alerts triggered since it was added: nothing is lost without being counted.
 *
 * @param name      the handler's name
 * @param delivered alerts the handler accepted (returned without throwing)
 * @param failed    alerts the handler threw on
 * @param dropped   alerts never handed to it: its queue was full, or the manager had closed
 * @param queued    alerts waiting in its queue or being handled now
 */
public record HandlerStats(String name, long delivered, long failed, long dropped, long queued) {

    /** @throws NullPointerException if name is null; @throws IllegalArgumentException if a count is negative */
    public HandlerStats {
        Objects.requireNonNull(name, "name");
        if (delivered < 0 || failed < 0 || dropped < 0 || queued < 0) {
            throw new IllegalArgumentException("counts must not be negative: delivered=" + delivered
                    + ", failed=" + failed + ", dropped=" + dropped + ", queued=" + queued);
        }
    }

    /** Every alert this handler was offered: delivered, failed, dropped or still queued. */
    public long total() {
        return delivered + failed + dropped + queued;
    }
}
