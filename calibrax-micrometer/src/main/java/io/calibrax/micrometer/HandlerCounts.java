package io.calibrax.micrometer;

import io.calibrax.monitoring.HandlerStats;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.RecordComponent;

/**
 * Reads one count of a {@link HandlerStats} by outcome: {@code delivered}, {@code failed},
 * {@code dropped} or {@code suppressed}.
 *
 * <p>{@code suppressed} (alerts kept from a handler by a route, silence, mute window or
 * inhibition) is a record component that the contract adds to {@code HandlerStats}; it is found
 * by name, so this module reads it from a core that has it and reads 0 from one that has not
 * (where nothing is ever suppressed).
 */
enum HandlerCounts {
    DELIVERED, FAILED, DROPPED, SUPPRESSED;

    private static final MethodHandle SUPPRESSED_ACCESSOR = accessor("suppressed");

    /** The value of the Prometheus tag {@code result}. */
    String result() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** This count of {@code stats}. */
    long of(HandlerStats stats) {
        return switch (this) {
            case DELIVERED -> stats.delivered();
            case FAILED -> stats.failed();
            case DROPPED -> stats.dropped();
            case SUPPRESSED -> suppressed(stats);
        };
    }

    private static long suppressed(HandlerStats stats) {
        if (SUPPRESSED_ACCESSOR == null) {
            return 0;
        }
        try {
            return (long) SUPPRESSED_ACCESSOR.invokeExact(stats);
        } catch (Throwable e) {
            throw new IllegalStateException("reading HandlerStats.suppressed() failed", e);
        }
    }

    private static MethodHandle accessor(String component) {
        for (RecordComponent candidate : HandlerStats.class.getRecordComponents()) {
            if (candidate.getName().equals(component) && candidate.getType() == long.class) {
                try {
                    return MethodHandles.publicLookup().unreflect(candidate.getAccessor());
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException("HandlerStats." + component + "() is not public", e);
                }
            }
        }
        return null;
    }
}
