package io.calibrax.api;

import io.calibrax.api.internal.Args;
import java.util.Objects;

/**
 * One MIG (Multi-Instance GPU) device carved out of a GPU, with its own memory.
 *
 * <p>Immutable and thread-safe.
 *
 * @param index  the MIG device's index within its parent GPU, from 0
 * @param name   the name the driver gives it, such as {@code "NVIDIA H100 80GB HBM3 MIG 1g.10gb"}
 * @param memory its memory used and total, in MB
 * @since 0.1.0
 */
public record GpuMigDevice(int index, String name, GpuMemory memory) {

    /** @throws IllegalArgumentException if index is negative or name is blank */
    public GpuMigDevice {
        if (index < 0) {
            throw new IllegalArgumentException("index must not be negative, got " + index);
        }
        Args.nonBlank(name, "name");
        Objects.requireNonNull(memory, "memory");
    }
}
