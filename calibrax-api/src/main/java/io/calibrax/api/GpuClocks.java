package io.calibrax.api;

import io.calibrax.api.internal.Args;

/**
 * GPU clock speeds in MHz.
 *
 * <p>Immutable and thread-safe.
 *
 * @param graphicsMhz the graphics clock
 * @param memoryMhz   the memory clock
 * @since 0.1.0
 */
public record GpuClocks(double graphicsMhz, double memoryMhz) {

    /** @throws IllegalArgumentException if a value is negative, NaN or infinite */
    public GpuClocks {
        Args.finiteNonNegative(graphicsMhz, "graphicsMhz");
        Args.finiteNonNegative(memoryMhz, "memoryMhz");
    }
}
