package io.calibrax.gpu.nvml;

import java.util.Objects;
import java.util.OptionalDouble;

/**
 * A process with a compute context on a GPU.
 *
 * <p>Immutable and thread-safe.
 *
 * @param pid          the process id (in the driver's namespace: a container may see another)
 * @param usedMemoryMb the GPU memory it uses in MB (1024×1024 bytes); empty where NVML cannot
 *                     tell (Windows WDDM, some MIG setups)
 * @since 0.1.0
 */
public record GpuProcess(long pid, OptionalDouble usedMemoryMb) {

    /** @throws IllegalArgumentException if pid is negative or the memory negative or not finite */
    public GpuProcess {
        Objects.requireNonNull(usedMemoryMb, "usedMemoryMb");
        if (pid < 0) {
            throw new IllegalArgumentException("pid must not be negative, got " + pid);
        }
        if (usedMemoryMb.isPresent()
                && (!Double.isFinite(usedMemoryMb.getAsDouble()) || usedMemoryMb.getAsDouble() < 0)) {
            throw new IllegalArgumentException("usedMemoryMb must be finite and not negative, got "
                    + usedMemoryMb.getAsDouble());
        }
    }
}
