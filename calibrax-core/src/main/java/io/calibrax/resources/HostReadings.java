package io.calibrax.resources;

import oshi.hardware.CentralProcessor;
import oshi.hardware.GlobalMemory;
import oshi.hardware.HardwareAbstractionLayer;

import java.util.Map;

/**
 * The host's readings through OSHI, shared by the resource monitors: {@value
 * OshiResourceMonitor#SYSTEM_CPU_PERCENT} (all cores, 0 to 100), {@value
 * OshiResourceMonitor#SYSTEM_MEMORY_PERCENT} and {@value OshiResourceMonitor#SYSTEM_LOAD_AVERAGE}.
 *
 * <p>Not thread-safe: its owner reads it under its own lock.
 */
final class HostReadings {
    /** Kernel ticks (10 ms each) per logical CPU that a system CPU reading must span. */
    private static final int MIN_TICKS_PER_CPU = 10;
    static final double MB = 1024.0 * 1024.0;

    private final CentralProcessor processor;
    private final GlobalMemory memory;
    private long[] previousTicks;
    private double lastLoad = Double.NaN;

    HostReadings(HardwareAbstractionLayer hardware) {
        this.processor = hardware.getProcessor();
        this.memory = hardware.getMemory();
        this.previousTicks = new long[processor.getSystemCpuLoadTicks().length]; // zeros: since boot
    }

    /**
     * The share of every core busy since the last reading that spanned enough ticks, 0 to 1.
     * OSHI caches the tick counters for a few hundred milliseconds and the kernel counts in 10 ms
     * ticks: over a too-short window the ratio is 0 % or 100 % noise, so until enough ticks have
     * passed the last reading stays and the next one measures from the same start.
     */
    double cpuLoad() {
        long[] ticks = processor.getSystemCpuLoadTicks();
        if (tickSpan(previousTicks, ticks) >= (long) MIN_TICKS_PER_CPU * processor.getLogicalProcessorCount()
                || Double.isNaN(lastLoad)) {
            lastLoad = processor.getSystemCpuLoadBetweenTicks(previousTicks, ticks);
            previousTicks = ticks;
        }
        return lastLoad;
    }

    int logicalCores() {
        return processor.getLogicalProcessorCount();
    }

    /** Memory in use (total less available), in MB. */
    double usedMemoryMb() {
        return Math.max(0, memory.getTotal() - memory.getAvailable()) / MB;
    }

    /** Adds the host's readings, the CPU one from {@code cpuLoad} (as {@link #cpuLoad()} gave it). */
    void putInto(Map<String, Double> metrics, double cpuLoad) {
        JdkResourceMonitor.putIfReading(metrics, OshiResourceMonitor.SYSTEM_CPU_PERCENT, cpuLoad * 100.0);
        long total = memory.getTotal();
        if (total > 0) {
            JdkResourceMonitor.putIfReading(metrics, OshiResourceMonitor.SYSTEM_MEMORY_PERCENT,
                    (total - memory.getAvailable()) * 100.0 / total);
        }
        double[] loadAverage = processor.getSystemLoadAverage(1);
        if (loadAverage.length > 0) {
            JdkResourceMonitor.putIfReading(metrics, OshiResourceMonitor.SYSTEM_LOAD_AVERAGE, loadAverage[0]);
        }
    }

    private static long tickSpan(long[] before, long[] after) {
        long span = 0;
        for (int i = 0; i < Math.min(before.length, after.length); i++) {
            span += after[i] - before[i];
        }
        return span;
    }
}
