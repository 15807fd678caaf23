package io.calibrax.monitoring;

import io.calibrax.api.Alert;
import io.calibrax.api.AlertSeverity;
import io.calibrax.api.GpuProfiler;
import io.calibrax.api.MetricSource;
import io.calibrax.api.MetricStats;
import io.calibrax.api.Monitor;
import io.calibrax.api.MonitoringSummary;
import io.calibrax.api.ResourceMonitor;
import io.calibrax.monitoring.internal.PeriodicLoop;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Polls metrics on a background loop, keeps a bounded history of each, and raises alerts through
 * its {@link AlertManager} when a metric crosses its threshold.
 *
 * <pre>{@code
 * try (AdvancedMonitor monitor = new AdvancedMonitor()) {
 *     monitor.setThreshold("latency", 1.5);                        // alert if latency > 1.5
 *     monitor.setThreshold("throughput", Threshold.below(500.0));  // alert if throughput < 500
 *     monitor.startMonitoring();                                   // every 5 seconds
 *     monitor.recordMetric("latency", measuredSeconds);            // checked at once
 *     MonitoringSummary summary = monitor.getMonitoringSummary();
 * }
 * }</pre>
 *
 * <p><b>What it reads.</b> Each cycle polls the {@link ResourceMonitor} (core's OSHI one unless
 * another is given, so {@code cpu_percent} and {@code memory_rss_mb} are always collected), every
 * GPU profiler ({@code gpu_utilization}, {@code gpu_memory_mb}, {@code gpu_temperature_c},
 * {@code gpu_power_w}, {@code gpu_graphics_clock_mhz} and {@code gpu_memory_clock_mhz} for GPU 0,
 * {@code gpu<N>_utilization} and so on for GPU N &gt; 0) and every {@link MetricSource}. A source
 * that throws is logged (once per streak of failures) and skipped; the cycle goes on. Readings that
 * are NaN or infinite are skipped. {@link #recordMetric} pushes a reading the application measured
 * itself; it is checked at once, with or without the loop.
 *
 * <p><b>When it alerts.</b> A breach raises an alert with the message
 * {@code "<metric> exceeded threshold: <value> > <threshold> (trend: <trend>)"} (two decimals;
 * {@code "fell below"} and {@code <} for a {@link Threshold#below below} threshold), metadata
 * {@code trend} ({@code increasing}, {@code decreasing} or {@code stable}, from the least-squares
 * slope of the history relative to its mean, beyond ±1%, with at least 3 samples) and
 * {@code state=firing}, and a severity from the value/threshold ratio (see
 * {@link Threshold#severityFor}). A breach that persists re-alerts at most once per repeat interval
 * (4 hours by default, as Alertmanager's {@code repeat_interval}); when it clears, an INFO alert
 * with metadata {@code state=resolved} says so. A {@link Threshold} may also wait before firing,
 * keep firing after recovery, and alert on missing data: each cycle checks those timers too
 * ({@link #getThresholdStates()} shows where each threshold stands).
 *
 * <p><b>Threading.</b> Thread-safe: thresholds, readings and the summary may be used from any
 * thread while the loop runs. The loop is one daemon thread named {@code calibrax-monitor-<n>};
 * {@link #startMonitoring} is idempotent, {@link #stopMonitoring} returns once the loop has ended,
 * and {@link #close} stops it and closes the alert manager if this monitor created it. Readings of
 * different metrics never contend: each metric has its own lock. (A {@link ProductionMonitor}'s
 * thread is named {@code calibrax-monitor-production-<n>}.)
 *
 * <p><b>Memory.</b> Each metric keeps at most {@code historySize} readings (100 by default), and at
 * most {@code maxMetrics} metrics (1000 by default) are tracked; readings and thresholds of further
 * metrics are refused, counted ({@link #droppedReadings()}, {@link #refusedThresholds()}) and warned
 * about once. Names are at most {@code maxNameLength} chars (256 by default).
 *
 * @since 0.1.0
 */
public class AdvancedMonitor implements Monitor {
    private static final Logger log = LoggerFactory.getLogger(AdvancedMonitor.class);

    /** How often {@link #startMonitoring()} polls. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);
    /** How often a persisting breach re-alerts, by default (Alertmanager's {@code repeat_interval}). */
    public static final Duration DEFAULT_REPEAT_INTERVAL = Duration.ofHours(4);
    /** Readings kept per metric, by default. */
    public static final int DEFAULT_HISTORY_SIZE = 100;
    /** Metrics tracked (with a history or a threshold), by default. */
    public static final int DEFAULT_MAX_METRICS = 1000;
    /** The longest metric or pipeline name accepted, in chars, by default. */
    public static final int DEFAULT_MAX_NAME_LENGTH = 256;

    private static final String THREAD_PREFIX = "calibrax-monitor-";
    private static final AtomicInteger ORDINAL = new AtomicInteger();

    private final MonitorAlerts alerts;
    private final MetricTable metrics;
    private final int historySize;
    private final MetricNames names;
    private final long repeatNanos;
    private final Duration repeatInterval;
    private final LongSupplier ticker;
    private final String threadName;

    private final MonitorCycle cycle;

    /** A monitor with its own {@link AlertManager} and the default resource monitor. */
    public AdvancedMonitor() {
        this(builder(), THREAD_PREFIX);
    }

    /**
     * A monitor that raises alerts through {@code alertManager} (null: its own).
     */
    public AdvancedMonitor(@Nullable AlertManager alertManager) {
        this(builder().absentIfNull(alertManager, null, null), THREAD_PREFIX);
    }

    /**
     * A monitor with an alert manager, one GPU and a resource monitor; each may be null, meaning
     * absent: its own alert manager, no GPU, the default resource monitor. Several GPUs and the
     * other options go through {@link #builder()}.
     */
    public AdvancedMonitor(@Nullable AlertManager alertManager, @Nullable GpuProfiler gpuProfiler,
                           @Nullable ResourceMonitor resourceMonitor) {
        this(builder().absentIfNull(alertManager, gpuProfiler, resourceMonitor), THREAD_PREFIX);
    }

    /**
     * A monitor configured by {@code builder}, its loop thread named {@code threadPrefix<n>}. Two
     * arguments, so that {@code new AdvancedMonitor(null)} stays unambiguous even in this package.
     */
    AdvancedMonitor(Builder<?> builder, String threadPrefix) {
        Objects.requireNonNull(builder, "builder");
        this.alerts = new MonitorAlerts(builder.alertManager);
        ResourceMonitor resourceMonitor = MonitorCycle.orDefault(builder.resourceMonitor, log);
        List<GpuReader> gpus = GpuReader.forProfilers(builder.gpuProfilers, log, alerts.manager());
        this.historySize = builder.historySize;
        this.names = new MetricNames(builder.maxNameLength);
        this.repeatInterval = builder.repeatInterval;
        this.repeatNanos = PeriodicLoop.saturatedNanos(builder.repeatInterval);
        this.ticker = builder.ticker;
        this.threadName = threadPrefix + ORDINAL.incrementAndGet();
        this.metrics = new MetricTable(threadName, historySize, builder.maxMetrics, repeatNanos, ticker, alerts::raise);
        this.cycle = new MonitorCycle(log, threadName, resourceMonitor, gpus, builder.metricSources, names,
                metrics::ingest, this::checkTimers);
        builder.thresholds.forEach(this::setThreshold);
    }

    /** A builder for several GPUs, metric sources, history size, repeat interval and thresholds. */
    public static Builder<?> builder() {
        return new PlainBuilder();
    }

    /** The alert manager this monitor raises its alerts through. */
    public AlertManager getAlertManager() {
        return alerts.manager();
    }

    /**
     * Alerts when {@code metricName} goes above {@code threshold}; replaces any threshold it had.
     *
     * @throws NullPointerException     if metricName is null
     * @throws IllegalArgumentException if metricName is blank or too long, or threshold is NaN or infinite
     */
    @Override
    public void setThreshold(String metricName, double threshold) {
        checkName(metricName, "metricName");
        setThreshold(metricName, Threshold.above(threshold));
    }

    /**
     * Sets the threshold of {@code metricName}, replacing any it had; the new threshold starts from
     * a clean state (not firing, no streak). A threshold of a new metric when {@code maxMetrics}
     * metrics are already tracked is refused: counted ({@link #refusedThresholds()}) and warned
     * about once.
     *
     * @throws NullPointerException     if metricName or threshold is null
     * @throws IllegalArgumentException if metricName is blank or longer than {@code maxNameLength}
     */
    public void setThreshold(String metricName, Threshold threshold) {
        checkName(metricName, "metricName");
        Objects.requireNonNull(threshold, "threshold");
        metrics.setThreshold(metricName, threshold);
    }

    /**
     * Removes the threshold of {@code metricName}; its history stays.
     *
     * @return true if it had one
     * @throws NullPointerException if metricName is null
     */
    public boolean removeThreshold(String metricName) {
        Objects.requireNonNull(metricName, "metricName");
        return metrics.threshold(metricName) != null && metrics.setThreshold(metricName, null);
    }

    /** Every threshold, by metric name (sorted). */
    public Map<String, Threshold> getThresholds() {
        return metrics.thresholds();
    }

    /**
     * Where every threshold stands now, by metric name (sorted): inactive, pending (in breach, not
     * yet for long enough), firing, or without data.
     */
    public Map<String, Threshold.State> getThresholdStates() {
        return metrics.states();
    }

    /**
     * Pushes a reading: it joins the metric's history and is checked against its threshold at once,
     * on the caller's thread, with or without the loop running.
     *
     * @throws NullPointerException     if name is null
     * @throws IllegalArgumentException if name is blank or too long, or value is NaN or infinite
     */
    public void recordMetric(String name, double value) {
        checkName(name, "name");
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("value must be a finite number, got " + value + " (metric '" + name + "')");
        }
        metrics.ingest(name, value);
    }

    /**
     * Adds a source that the loop polls every cycle, after the resource monitor and the GPUs.
     *
     * @throws NullPointerException if source is null
     */
    public void addMetricSource(MetricSource source) {
        cycle.addSource(Objects.requireNonNull(source, "source"));
    }

    /**
     * Removes a source added before.
     *
     * @return true if it was there
     */
    public boolean removeMetricSource(MetricSource source) {
        return cycle.removeSource(source);
    }

    /** The history of {@code metricName}, oldest first; empty if it has none. */
    public List<Double> getMetricHistory(String metricName) {
        Objects.requireNonNull(metricName, "metricName");
        return metrics.history(metricName);
    }

    /** Starts the loop, polling every 5 seconds; does nothing if it already runs. */
    public void startMonitoring() {
        startMonitoring(DEFAULT_INTERVAL);
    }

    /**
     * Starts the loop, polling every {@code seconds}; does nothing if it already runs.
     *
     * @throws IllegalArgumentException if seconds is NaN, infinite, zero or negative
     * @throws IllegalStateException    if the monitor is closed
     */
    public void startMonitoring(double seconds) {
        startMonitoring(PeriodicLoop.positiveSeconds(seconds, "interval"));
    }

    /**
     * Starts the loop, polling every {@code interval}, the first time at once; does nothing if it
     * already runs (even with another interval).
     *
     * @throws NullPointerException     if interval is null
     * @throws IllegalArgumentException if interval is zero or negative
     * @throws IllegalStateException    if the monitor is closed
     */
    @Override
    public void startMonitoring(Duration interval) {
        PeriodicLoop.positiveNanos(interval, "interval");
        cycle.start(interval);
    }

    /**
     * Stops the loop and returns once it has ended (a cycle stuck in a source is interrupted after
     * 10 seconds); does nothing if it does not run. Called from within a cycle (a metric source), it
     * only asks the loop to stop after that cycle.
     */
    @Override
    public void stopMonitoring() {
        cycle.stop();
    }

    @Override
    public boolean isMonitoring() {
        return cycle.isRunning();
    }

    /**
     * A snapshot: every threshold's level, how many alerts this monitor has raised (firing,
     * repeated and resolved, and for a {@link ProductionMonitor} its pipeline alerts), statistics
     * of each metric's history, and whether the loop runs.
     */
    @Override
    public MonitoringSummary getMonitoringSummary() {
        Map<String, Double> thresholds = new LinkedHashMap<>();
        Map<String, MetricStats> history = new LinkedHashMap<>();
        metrics.summarize(thresholds::put, history::put);
        return new MonitoringSummary(thresholds, (int) Math.min(Integer.MAX_VALUE, alerts.raised()), history,
                isMonitoring());
    }

    /** Alerts this monitor has raised since it was made. */
    public long getAlertsRaised() {
        return alerts.raised();
    }

    /** @deprecated renamed {@link #getAlertsRaised()}, the get-style of the monitors' accessors. */
    @Deprecated(since = "0.1.0", forRemoval = true)
    public long alertsRaised() {
        return getAlertsRaised();
    }

    /** Readings dropped because {@code maxMetrics} metrics were already tracked. */
    public long getDroppedReadings() {
        return metrics.droppedReadings();
    }

    /** @deprecated renamed {@link #getDroppedReadings()}, the get-style of the monitors' accessors. */
    @Deprecated(since = "0.1.0", forRemoval = true)
    public long droppedReadings() {
        return getDroppedReadings();
    }

    /** Thresholds refused because {@code maxMetrics} metrics were already tracked. */
    public long getRefusedThresholds() {
        return metrics.refusedThresholds();
    }

    /** @deprecated renamed {@link #getRefusedThresholds()}, the get-style of the monitors' accessors. */
    @Deprecated(since = "0.1.0", forRemoval = true)
    public long refusedThresholds() {
        return getRefusedThresholds();
    }

    /** The longest metric or pipeline name accepted, in chars. */
    public int getMaxNameLength() {
        return names.maxLength();
    }

    /** How often a persisting breach re-alerts. */
    public Duration getRepeatInterval() {
        return repeatInterval;
    }

    /** Readings kept per metric. */
    public int getHistorySize() {
        return historySize;
    }

    /** The GPU profilers polled each cycle, in order. */
    public List<GpuProfiler> getGpuProfilers() {
        return cycle.gpuProfilers();
    }

    /** The resource monitor polled each cycle; empty where none is available. */
    public Optional<ResourceMonitor> getResourceMonitor() {
        return Optional.ofNullable(cycle.resourceMonitor());
    }

    /**
     * Stops the loop and, if this monitor made its alert manager, closes it (which drains it). An
     * alert manager, GPU profilers and sources passed in stay open: they are the caller's.
     * Idempotent; a closed monitor cannot start again.
     */
    @Override
    public void close() {
        if (!cycle.markClosed()) {
            return;
        }
        stopMonitoring();
        cycle.closeGpus();
        alerts.close();
    }

    /** True once {@link #close()} was called. */
    public boolean isClosed() {
        return cycle.isClosed();
    }

    /** Readings skipped because their name was blank or too long, or their value NaN or infinite. */
    public long getInvalidReadings() {
        return cycle.invalidReadings();
    }

    /** @deprecated renamed {@link #getInvalidReadings()}, the get-style of the monitors' accessors. */
    @Deprecated(since = "0.1.0", forRemoval = true)
    public long invalidReadings() {
        return getInvalidReadings();
    }

    /** Raises an alert through the manager and counts it; for this package's monitors. */
    final Alert raise(String message, AlertSeverity severity, String metricName, double value, double threshold,
                      Map<String, ?> metadata) {
        return alerts.raise(message, severity, metricName, value, threshold, metadata);
    }

    /** Nanoseconds from the monitor's clock (a test can drive it). */
    final long nanoTime() {
        return ticker.getAsLong();
    }

    /** The repeat interval in nanoseconds. */
    final long repeatNanos() {
        return repeatNanos;
    }

    /** Refuses a null, blank or too long name, naming the argument (see {@link MetricNames#check}). */
    final void checkName(String name, String argument) {
        names.check(name, argument);
    }

    /**
     * Runs one monitoring cycle now, on the caller's thread: polls the resource monitor, every GPU
     * and every metric source, records the readings and checks thresholds, exactly as the
     * background loop does. Useful for on-demand checks and for driving a monitor from your own
     * scheduler. Cycles never overlap: a call made while the loop is in a cycle waits for it.
     *
     * @throws IllegalStateException if the monitor is closed
     */
    public void runCycle() {
        if (isClosed()) {
            throw new IllegalStateException("monitor is closed");
        }
        cycle.runOnce();
    }

    /**
     * What each cycle judges by the clock alone, after the readings: the thresholds' timers
     * ({@link Threshold#forDuration}, {@link Threshold#keepFiringFor}, {@link Threshold#alertOnMissing}).
     * A {@link ProductionMonitor} adds its expected pipelines.
     */
    void checkTimers() {
        metrics.tick();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + threadName + ", metrics=" + metrics.size()
                + (isMonitoring() ? ", monitoring" : "") + (cycle.isClosed() ? ", closed" : "") + "]";
    }

    /**
     * Builds an {@link AdvancedMonitor}; {@link ProductionMonitor.Builder} extends it with the
     * pipeline settings. Not thread-safe.
     *
     * @param <B> the concrete builder, which every setter returns
     * @since 0.1.0
     */
    public static class Builder<B extends Builder<B>> extends MonitorOptions<B> {
        Builder() {
        }

        /** A new monitor (not yet monitoring). */
        public AdvancedMonitor build() {
            return new AdvancedMonitor(this, THREAD_PREFIX);
        }
    }

    private static final class PlainBuilder extends Builder<PlainBuilder> {
    }
}
