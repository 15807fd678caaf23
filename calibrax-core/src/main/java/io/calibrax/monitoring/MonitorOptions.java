package io.calibrax.monitoring;

import io.calibrax.api.GpuProfiler;
import io.calibrax.api.MetricSource;
import io.calibrax.api.ResourceMonitor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * The options of {@link AdvancedMonitor.Builder}: the alert manager, resource monitor, GPUs,
 * sources, thresholds, sizes, repeat interval and clock, each checked when it is set. Not
 * thread-safe.
 *
 * @param <B> the concrete builder, which every setter returns
 */
abstract class MonitorOptions<B extends AdvancedMonitor.Builder<B>> {
    AlertManager alertManager;
    ResourceMonitor resourceMonitor;
    final List<GpuProfiler> gpuProfilers = new ArrayList<>();
    final List<MetricSource> metricSources = new ArrayList<>();
    final Map<String, Threshold> thresholds = new LinkedHashMap<>();
    int historySize = AdvancedMonitor.DEFAULT_HISTORY_SIZE;
    int maxMetrics = AdvancedMonitor.DEFAULT_MAX_METRICS;
    int maxNameLength = AdvancedMonitor.DEFAULT_MAX_NAME_LENGTH;
    Duration repeatInterval = AdvancedMonitor.DEFAULT_REPEAT_INTERVAL;
    LongSupplier ticker = System::nanoTime;

    MonitorOptions() {
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    /** The alert manager to raise alerts through; the monitor makes (and closes) its own if not set. */
    public B alertManager(AlertManager alertManager) {
        this.alertManager = Objects.requireNonNull(alertManager, "alertManager");
        return self();
    }

    /** The resource monitor to poll; the default one (core's OSHI monitor) if not set. */
    public B resourceMonitor(ResourceMonitor resourceMonitor) {
        this.resourceMonitor = Objects.requireNonNull(resourceMonitor, "resourceMonitor");
        return self();
    }

    /**
     * Adds a GPU to poll. Its readings are named after its {@link GpuProfiler#index()}
     * ({@code gpu_...} for 0, {@code gpu<N>_...} for N); if indexes repeat, after its position.
     */
    public B gpuProfiler(GpuProfiler gpuProfiler) {
        gpuProfilers.add(Objects.requireNonNull(gpuProfiler, "gpuProfiler"));
        return self();
    }

    /** Adds several GPUs to poll, in order. */
    public B gpuProfilers(Collection<? extends GpuProfiler> profilers) {
        Objects.requireNonNull(profilers, "profilers").forEach(this::gpuProfiler);
        return self();
    }

    /** Adds a source to poll each cycle. */
    public B metricSource(MetricSource source) {
        metricSources.add(Objects.requireNonNull(source, "source"));
        return self();
    }

    /**
     * Sets an {@code above} threshold, as {@link AdvancedMonitor#setThreshold(String, double)}.
     *
     * @throws IllegalArgumentException on a blank name or a non-finite threshold
     */
    public B threshold(String metricName, double threshold) {
        return threshold(metricName, Threshold.above(threshold));
    }

    /**
     * Sets a threshold, as {@link AdvancedMonitor#setThreshold(String, Threshold)}.
     *
     * @throws IllegalArgumentException on a blank name
     */
    public B threshold(String metricName, Threshold threshold) {
        MetricNames.checkNotBlank(metricName, "metricName");
        thresholds.put(metricName, Objects.requireNonNull(threshold, "threshold"));
        return self();
    }

    /** @throws IllegalArgumentException if historySize is zero or negative */
    public B historySize(int historySize) {
        if (historySize <= 0) {
            throw new IllegalArgumentException("historySize must be positive, got " + historySize);
        }
        this.historySize = historySize;
        return self();
    }

    /**
     * How many metrics are tracked (1000): readings and thresholds of further metrics are
     * refused, counted and warned about once.
     *
     * @throws IllegalArgumentException if maxMetrics is zero or negative
     */
    public B maxMetrics(int maxMetrics) {
        if (maxMetrics <= 0) {
            throw new IllegalArgumentException("maxMetrics must be positive, got " + maxMetrics);
        }
        this.maxMetrics = maxMetrics;
        return self();
    }

    /**
     * The longest metric or pipeline name accepted, in chars (256): a longer one is refused with
     * an exception naming the argument (a reading from a source is skipped and counted).
     *
     * @throws IllegalArgumentException if maxNameLength is zero or negative
     */
    public B maxNameLength(int maxNameLength) {
        if (maxNameLength <= 0) {
            throw new IllegalArgumentException("maxNameLength must be positive, got " + maxNameLength);
        }
        this.maxNameLength = maxNameLength;
        return self();
    }

    /**
     * How often a persisting breach re-alerts; {@link Duration#ZERO} re-alerts on every breaching
     * reading.
     *
     * @throws IllegalArgumentException if repeatInterval is negative
     */
    public B repeatInterval(Duration repeatInterval) {
        Objects.requireNonNull(repeatInterval, "repeatInterval");
        if (repeatInterval.isNegative()) {
            throw new IllegalArgumentException("repeatInterval must not be negative, got " + repeatInterval);
        }
        this.repeatInterval = repeatInterval;
        return self();
    }

    /**
     * The monotonic clock, in nanoseconds, that repeat intervals, threshold durations and
     * missing pipelines are measured by ({@link System#nanoTime()} by default): a test or a
     * simulation drives time with it, without sleeping.
     */
    public B ticker(LongSupplier ticker) {
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        return self();
    }

    /** Sets what is not null, as the three-argument constructors take them. */
    B absentIfNull(AlertManager alertManager, GpuProfiler gpuProfiler, ResourceMonitor resourceMonitor) {
        if (alertManager != null) {
            alertManager(alertManager);
        }
        if (gpuProfiler != null) {
            gpuProfiler(gpuProfiler);
        }
        if (resourceMonitor != null) {
            resourceMonitor(resourceMonitor);
        }
        return self();
    }
}
