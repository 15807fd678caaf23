package io.calibrax.api;

import io.calibrax.api.internal.Args;

/**
 * GPU memory in MB (1024×1024 bytes).
 *
 * <p>Immutable and thread-safe.
 *
 * @param usedMb  memory in use
 * @param totalMb memory on the device
 * @since 0.1.0
 */
public record GpuMemory(double usedMb, double totalMb) {

    /** @throws IllegalArgumentException if a value is negative, NaN or infinite */
    public GpuMemory {
        Args.finiteNonNegative(usedMb, "usedMb");
        Args.finiteNonNegative(totalMb, "totalMb");
    }

    /** The fraction of memory in use, from 0 to 1 (0 when the total is 0). */
    public double occupancy() {
        return totalMb == 0 ? 0 : usedMb / totalMb;
    }
}
