package io.calibrax.api;

import io.calibrax.api.internal.Args;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One reading of a process and its host.
 *
 * <p>Immutable and thread-safe. {@link #asMetrics()} always holds {@value #CPU_PERCENT} and
 * {@value #MEMORY_RSS_MB} (taken from {@code cpuPercent} and {@code rssMb}) beside whatever other
 * readings the monitor that took it offers.
 *
 * @param timestamp  when it was taken
 * @param cpuPercent the process's CPU use since the previous sample, in percent of one core
 *                   (may exceed 100 on several cores)
 * @param rssMb      the process's resident memory, in MB
 * @param metrics    every reading by metric name
 * @since 0.1.0
 */
public record ResourceSample(Instant timestamp, double cpuPercent, double rssMb, Map<String, Double> metrics) {

    /** Metric name of the process's CPU use. */
    public static final String CPU_PERCENT = "cpu_percent";
    /** Metric name of the process's resident memory in MB. */
    public static final String MEMORY_RSS_MB = "memory_rss_mb";

    /**
     * @throws NullPointerException     if timestamp is null
     * @throws IllegalArgumentException if cpuPercent or rssMb is negative, NaN or infinite
     */
    public ResourceSample {
        Objects.requireNonNull(timestamp, "timestamp");
        Args.finiteNonNegative(cpuPercent, "cpuPercent");
        Args.finiteNonNegative(rssMb, "rssMb");
        Map<String, Double> copy = new LinkedHashMap<>();
        copy.put(CPU_PERCENT, cpuPercent);
        copy.put(MEMORY_RSS_MB, rssMb);
        if (metrics != null) {
            metrics.forEach((name, value) -> {
                if (!CPU_PERCENT.equals(name) && !MEMORY_RSS_MB.equals(name) && value != null) {
                    copy.put(Args.nonBlank(name, "metric name"), value);
                }
            });
        }
        metrics = Collections.unmodifiableMap(copy);
    }

    /** A sample of just CPU and RSS. */
    public ResourceSample(Instant timestamp, double cpuPercent, double rssMb) {
        this(timestamp, cpuPercent, rssMb, Map.of());
    }

    /** Every reading by metric name, {@code cpu_percent} and {@code memory_rss_mb} first. */
    public Map<String, Double> asMetrics() {
        return metrics;
    }
}
