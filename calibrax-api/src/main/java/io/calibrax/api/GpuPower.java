package io.calibrax.api;

import io.calibrax.api.internal.Args;

/**
 * GPU power in watts.
 *
 * <p>Immutable and thread-safe.
 *
 * @param drawWatts  the power drawn now
 * @param limitWatts the enforced power limit
 * @since 0.1.0
 */
public record GpuPower(double drawWatts, double limitWatts) {

    /** @throws IllegalArgumentException if a value is negative, NaN or infinite */
    public GpuPower {
        Args.finiteNonNegative(drawWatts, "drawWatts");
        Args.finiteNonNegative(limitWatts, "limitWatts");
    }
}
