package io.calibrax.monitoring;

import io.calibrax.api.GpuProfiler;
import io.calibrax.monitoring.internal.FailureStreak;
import org.slf4j.Logger;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * Reads one GPU for a monitor's cycle, under names fixed when the monitor is built:
 * {@code gpu_utilization}, {@code gpu_memory_mb}, {@code gpu_temperature_c}, {@code gpu_power_w},
 * {@code gpu_graphics_clock_mhz} and {@code gpu_memory_clock_mhz} for GPU 0 and {@code gpu<N>_...}
 * for GPU N. A reading the device does not offer is left out; a profiler that throws is logged once
 * per streak and skipped for that cycle.
 */
final class GpuReader {
    private final GpuProfiler profiler;
    private final FailureStreak failures;
    private final String utilization;
    private final String memory;
    private final String temperature;
    private final String power;
    private final String graphicsClock;
    private final String memoryClock;

    private GpuReader(GpuProfiler profiler, int number, Logger log) {
        this.profiler = profiler;
        this.failures = new FailureStreak(log, "GPU profiler " + number + " (" + profiler.getClass().getName() + ")");
        String prefix = number == 0 ? "gpu_" : "gpu" + number + "_";
        this.utilization = prefix + "utilization";
        this.memory = prefix + "memory_mb";
        this.temperature = prefix + "temperature_c";
        this.power = prefix + "power_w";
        this.graphicsClock = prefix + "graphics_clock_mhz";
        this.memoryClock = prefix + "memory_clock_mhz";
    }

    /**
     * Readers numbered by each profiler's {@link GpuProfiler#index()}, or by position when indexes
     * repeat, are negative, or cannot be read.
     */
    static List<GpuReader> forProfilers(List<GpuProfiler> profilers, Logger log) {
        List<Integer> numbers = new ArrayList<>(profilers.size());
        Set<Integer> seen = new HashSet<>();
        boolean byIndex = true;
        for (GpuProfiler profiler : profilers) {
            int index;
            try {
                index = profiler.index();
            } catch (RuntimeException e) {
                index = -1;
            }
            numbers.add(index);
            byIndex &= index >= 0 && seen.add(index);
        }
        if (!byIndex) {
            log.warn("GPU profilers report repeated or invalid indexes {}; naming their readings by position instead",
                    numbers);
        }
        List<GpuReader> readers = new ArrayList<>(profilers.size());
        for (int i = 0; i < profilers.size(); i++) {
            readers.add(new GpuReader(profilers.get(i), byIndex ? numbers.get(i) : i, log));
        }
        return List.copyOf(readers);
    }

    GpuProfiler profiler() {
        return profiler;
    }

    /**
     * This cycle's readings. Each reading is taken on its own, so one that fails (say power, on a
     * driver error) does not cost the others; null only when every reading failed (a lost GPU).
     */
    Map<String, Double> read() {
        Map<String, Double> readings = new LinkedHashMap<>();
        Throwable failure = null;
        int failed = 0;
        for (int reading = 0; reading < 5; reading++) {
            try {
                take(reading, readings);
            } catch (RuntimeException | LinkageError e) {
                failed++;
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure == null) {
            failures.succeeded();
            return readings;
        }
        failures.failed(failure);
        return failed == 5 ? null : readings;
    }

    private void take(int reading, Map<String, Double> readings) {
        switch (reading) {
            case 0 -> put(readings, utilization, profiler.utilization());
            case 1 -> profiler.memory().ifPresent(value -> readings.put(memory, value.usedMb()));
            case 2 -> put(readings, temperature, profiler.temperatureCelsius());
            case 3 -> profiler.power().ifPresent(value -> readings.put(power, value.drawWatts()));
            default -> profiler.clocks().ifPresent(value -> {
                readings.put(graphicsClock, value.graphicsMhz());
                readings.put(memoryClock, value.memoryMhz());
            });
        }
    }

    private static void put(Map<String, Double> readings, String name, OptionalDouble value) {
        if (value != null && value.isPresent()) {
            readings.put(name, value.getAsDouble());
        }
    }
}
