package io.calibrax.api;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * Readings of one GPU. A reading the device does not support is empty; any other failure throws
 * (an unchecked exception naming the cause).
 *
 * <p>The fault readings ({@link #isLost()}, {@link #throttled()}, {@link #eccUncorrectedErrors()},
 * {@link #migDevices()}, {@link #addXidListener}) are default methods that answer "not offered",
 * so a profiler written before them still compiles and works.
 *
 * <p>Implementations are thread-safe. {@link #close()} releases the device (for NVML, the last
 * close of a session shuts the library down) and declares no checked exception.
 *
 * @since 0.1.0
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
     * The share of memory in use, in percent (0 to 100), from {@link #memory()}; empty where memory
     * is not offered or the total is 0.
     */
    default OptionalDouble memoryPercent() {
        Optional<GpuMemory> memory = memory();
        if (memory.isEmpty() || memory.get().totalMb() <= 0) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(memory.get().occupancy() * 100.0);
    }

    /**
     * True while the driver says the GPU is lost (fallen off the bus, not answering). A lost GPU's
     * other readings throw; a profiler that can tell the GPU came back answers false again.
     * False by default.
     */
    default boolean isLost() {
        return false;
    }

    /**
     * True while a reason other than idling or application clock settings holds the clocks down
     * (power cap, thermal or hardware slowdown); empty where not offered (the default).
     */
    default Optional<Boolean> throttled() {
        return Optional.empty();
    }

    /**
     * Uncorrected ECC memory errors since the driver was last loaded (the volatile count); empty
     * where ECC is off or not offered (the default).
     */
    default OptionalLong eccUncorrectedErrors() {
        return OptionalLong.empty();
    }

    /** The MIG devices of this GPU where MIG is enabled; empty otherwise (the default). */
    default List<GpuMigDevice> migDevices() {
        return List.of();
    }

    /**
     * Asks for this GPU's XID errors as they happen. The listener runs on the profiler's own event
     * thread: it must be quick and not throw (what it throws is logged and dropped).
     *
     * @return the registration, to close when no longer interested; empty where this profiler or
     * GPU reports no events (the default)
     * @throws NullPointerException if listener is null
     */
    default Optional<Registration> addXidListener(Consumer<GpuXidEvent> listener) {
        java.util.Objects.requireNonNull(listener, "listener");
        return Optional.empty();
    }

    /**
     * GPU memory in use on this GPU by each process, in MB by process ID (NVML's running compute
     * and graphics processes), so that a watcher can add up what one process tree uses. Empty where
     * the device or driver does not list processes, which is the default.
     */
    default Map<Long, Double> processMemoryMb() {
        return Map.of();
    }

    /** A listener's registration: {@link #close()} removes it, idempotently, without a checked exception. */
    @FunctionalInterface
    interface Registration extends AutoCloseable {
        @Override
        void close();
    }

    /** Releases the device. Does nothing by default. */
    @Override
    default void close() {
    }
}
