package io.calibrax.micrometer;

import io.calibrax.monitoring.HandlerStats;

import java.util.Locale;

/**
 * Reads one count of a {@link HandlerStats} by outcome: {@code delivered}, {@code failed},
 * {@code dropped} or {@code suppressed} (kept from the handler by a route, silence, mute window or
 * inhibition).
 */
enum HandlerCounts {
    DELIVERED, FAILED, DROPPED, SUPPRESSED;

    /** The value of the Prometheus tag {@code result}. */
    String result() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** This count of {@code stats}. */
    long of(HandlerStats stats) {
        return switch (this) {
            case DELIVERED -> stats.delivered();
            case FAILED -> stats.failed();
            case DROPPED -> stats.dropped();
            case SUPPRESSED -> stats.suppressed();
        };
    }
}
