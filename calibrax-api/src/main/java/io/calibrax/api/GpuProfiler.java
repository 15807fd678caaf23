package io.calibrax.api;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Readings of one GPU. A reading the device does not support is empty; any other failure throws
 * (an unchecked exception naming the cause).
 *
 * <p>Implementations are thread-safe. {@link #close()} releases the device (for NVML, the last
 * close of a session shuts the library down) and declares no checked exception.
 */
public interface GpuProfiler extends AutoCloseable {

    /** The device's index, from 0, in the driver's enumeration order. */
    int index();

    /** The device's product name, such as {@code "NVIDIA H100 80GB HBM3"}. */
    String name();

    /** Memory used and total, in MB. */
    Optional<GpuMemory> memory();

    /** Utilization of the compute engines, in percent (0 to 100). */
    OptionalDouble utilization();

    /** Graphics and memory clocks, in MHz. */
    Optional<GpuClocks> clocks();

    /** Power draw and enforced limit, in watts. */
    Optional<GpuPower> power();

    /** Core temperature in degrees Celsius. */
    OptionalDouble temperatureCelsius();

    /**
     * GPU memory in use on this GPU by each process, in MB by process ID (NVML's running compute
     * and graphics processes), so that a watcher can add up what one process tree uses. Empty where
     * the device or driver does not list processes, which is the default.
     */
    default Map<Long, Double> processMemoryMb() {
        return Map.of();
    }

    /** Releases the device. Does nothing by default. */
    @Override
    default void close() {
    }
}
