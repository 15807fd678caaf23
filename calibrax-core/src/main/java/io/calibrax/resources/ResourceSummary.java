package io.calibrax.resources;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * What a {@link ResourceSampler} session saw: resident memory (peak, mean, growth from the first to
 * the last sample), process CPU, and, when a GPU profiler was given and answered, GPU memory peak,
 * mean utilization, clock and power.
 *
 * <p>Immutable and thread-safe.
 *
 * @param peakRssMb          the largest resident memory seen, in MB
 * @param meanRssMb          the mean resident memory, in MB
 * @param memoryGrowthMb     the last sample's resident memory minus the first's (positive = growth)
 * @param meanCpuPercent     the mean process CPU use, in percent of one core
 * @param peakCpuPercent     the largest process CPU use seen
 * @param sampleCount        how many samples were taken
 * @param duration           the time from the first sample to the last
 * @param peakGpuMemoryMb    the largest GPU memory in use; empty without GPU readings
 * @param meanGpuUtilization the mean GPU utilization in percent; empty without GPU readings
 * @param meanGpuClockMhz    the mean graphics clock; empty without clock readings
 * @param meanGpuPowerWatts  the mean power draw; empty without power readings
 * @since 0.1.0
 */
public record ResourceSummary(
        double peakRssMb,
        double meanRssMb,
        double memoryGrowthMb,
        double meanCpuPercent,
        double peakCpuPercent,
        long sampleCount,
        Duration duration,
        OptionalDouble peakGpuMemoryMb,
        OptionalDouble meanGpuUtilization,
        OptionalDouble meanGpuClockMhz,
        OptionalDouble meanGpuPowerWatts) {

    /** The summary of a session without samples: zeros and no GPU readings. */
    public static final ResourceSummary EMPTY = new ResourceSummary(0, 0, 0, 0, 0, 0, Duration.ZERO,
            OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty());

    /**
     * @throws NullPointerException     if duration or an optional is null
     * @throws IllegalArgumentException if sampleCount or duration is negative, or a value is NaN
     */
    public ResourceSummary {
        if (sampleCount < 0) {
            throw new IllegalArgumentException("sampleCount must not be negative, got " + sampleCount);
        }
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative()) {
            throw new IllegalArgumentException("duration must not be negative, got " + duration);
        }
        if (Double.isNaN(peakRssMb) || Double.isNaN(meanRssMb) || Double.isNaN(memoryGrowthMb)
                || Double.isNaN(meanCpuPercent) || Double.isNaN(peakCpuPercent)) {
            throw new IllegalArgumentException("readings must not be NaN");
        }
        Objects.requireNonNull(peakGpuMemoryMb, "peakGpuMemoryMb");
        Objects.requireNonNull(meanGpuUtilization, "meanGpuUtilization");
        Objects.requireNonNull(meanGpuClockMhz, "meanGpuClockMhz");
        Objects.requireNonNull(meanGpuPowerWatts, "meanGpuPowerWatts");
    }

    /** {@link #duration()} in seconds. */
    public double durationSeconds() {
        return duration.getSeconds() + duration.getNano() / 1e9;
    }

    /**
     * A JSON-ready map with the Python library's keys: {@code peak_rss_mb}, {@code mean_rss_mb},
     * {@code peak_gpu_mem_mb} and {@code mean_gpu_util} (null without GPU readings),
     * {@code memory_growth_mb}, {@code num_samples}, {@code duration_sec}, then
     * {@code mean_gpu_clock_mhz} and {@code mean_gpu_power_w} when present, and
     * {@code mean_cpu_percent} and {@code peak_cpu_percent}.
     */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("peak_rss_mb", peakRssMb);
        map.put("mean_rss_mb", meanRssMb);
        map.put("peak_gpu_mem_mb", boxed(peakGpuMemoryMb));
        map.put("mean_gpu_util", boxed(meanGpuUtilization));
        map.put("memory_growth_mb", memoryGrowthMb);
        map.put("num_samples", sampleCount);
        map.put("duration_sec", durationSeconds());
        meanGpuClockMhz.ifPresent(value -> map.put("mean_gpu_clock_mhz", value));
        meanGpuPowerWatts.ifPresent(value -> map.put("mean_gpu_power_w", value));
        map.put("mean_cpu_percent", meanCpuPercent);
        map.put("peak_cpu_percent", peakCpuPercent);
        return Collections.unmodifiableMap(map);
    }

    private static Double boxed(OptionalDouble value) {
        return value.isPresent() ? value.getAsDouble() : null;
    }
}
