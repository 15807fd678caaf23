package io.calibrax.monitoring.internal.pipeline;

import io.calibrax.api.AlertSeverity;
import io.calibrax.api.HealthStatus;
import io.calibrax.monitoring.PipelineHealthReport;
import io.calibrax.monitoring.PipelineStats;
import io.calibrax.monitoring.internal.Refusals;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.LongSupplier;

/**
 * The pipelines of a {@code ProductionMonitor}: their states by name, their baselines, and the
 * health report over them. At most {@code maxPipelines} pipelines are tracked and as many baselines
 * kept; executions of further pipelines and further baselines are refused, counted and warned about
 * once. Names are checked by the monitor before they reach here. Not public API; thread-safe.
 *
 * @since 0.1.0
 */
public final class PipelineTracker {
    private static final Logger log = LoggerFactory.getLogger(PipelineTracker.class);

    /**
     * Where pipeline alerts go: the monitor's alert manager, counted by the monitor.
     *
     * @since 0.1.0
     */
    @FunctionalInterface
    public interface AlertSink {
        /** Raises an alert; never blocks on delivery. */
        void raise(String message, AlertSeverity severity, String metricName, double value, double threshold,
                   Map<String, Object> metadata);
    }

    private final PipelineSettings settings;
    private final PipelineAlerts alerts;
    private final LongSupplier ticker;
    private final long originNanos;
    private final long originEpochMillis;
    /** Lookup by name on the recording path. */
    private final ConcurrentHashMap<String, PipelineState> pipelines = new ConcurrentHashMap<>();
    /** The same states in name order, for the report. */
    private final ConcurrentSkipListMap<String, PipelineState> sorted = new ConcurrentSkipListMap<>();
    private final ConcurrentSkipListMap<String, Double> baselines = new ConcurrentSkipListMap<>();
    /** The pipelines expected to record regularly, checked each monitoring cycle. */
    private final ConcurrentSkipListMap<String, PipelineState> expected = new ConcurrentSkipListMap<>();
    /** Guards adding pipelines (so the cap is strict) and changing baselines (so each state's copy stays current). */
    private final Object structure = new Object();
    private final Refusals droppedExecutions;
    private final Refusals refusedBaselines;

    /** A tracker judging by {@code settings}, timing by {@code ticker} (nanoseconds), alerting to {@code sink}. */
    public PipelineTracker(PipelineSettings settings, AlertSink sink, LongSupplier ticker) {
        this.settings = settings;
        this.alerts = new PipelineAlerts(sink, settings.degradationThreshold(), settings.errorRateThreshold());
        this.ticker = ticker;
        this.originNanos = ticker.getAsLong();
        this.originEpochMillis = System.currentTimeMillis();
        this.droppedExecutions = new Refusals(log, "executions of new pipelines (maxPipelines = "
                + settings.maxPipelines() + " reached)");
        this.refusedBaselines = new Refusals(log, "baselines of further pipelines (maxPipelines = "
                + settings.maxPipelines() + " reached)");
    }

    /** The state of {@code name}, or null if it is not tracked. */
    public @Nullable PipelineState find(String name) {
        return pipelines.get(name);
    }

    /**
     * The state of {@code name}, made if it is new and the cap allows; null (counted as a dropped
     * execution) when the cap is reached.
     */
    public PipelineState resolve(String name) {
        PipelineState state = resolveQuietly(name);
        if (state == null) {
            droppedExecutions.refuse(name);
        }
        return state;
    }

    /** As {@link #resolve}, but a refusal is not counted (no execution was dropped): for a handle. */
    public PipelineState resolveQuietly(String name) {
        PipelineState state = pipelines.get(name);
        return state != null ? state : add(name);
    }

    private PipelineState add(String name) {
        if (pipelines.size() < settings.maxPipelines()) { // pipelines are never removed: once full, no lock is needed to refuse
            synchronized (structure) {
                PipelineState state = pipelines.get(name);
                if (state != null) {
                    return state;
                }
                if (pipelines.size() < settings.maxPipelines()) {
                    state = new PipelineState(name, settings, alerts, originNanos, originEpochMillis);
                    state.baseline(baselines.getOrDefault(name, Double.NaN));
                    sorted.put(name, state); // before the lookup map: a report sees every pipeline that has executions
                    pipelines.put(name, state);
                    return state;
                }
            }
        }
        return null;
    }

    /** Records an execution of a pipeline already resolved, now by the monitor's clock. */
    public void record(PipelineState state, double seconds, boolean success, Map<String, Object> metadata) {
        state.record(seconds, success, ticker.getAsLong(), metadata);
    }

    /**
     * Records an execution of a pipeline already resolved that ended at {@code endNanos} by the
     * monitor's clock (read by the caller, who timed the execution with it).
     */
    public void record(PipelineState state, double seconds, boolean success, long endNanos) {
        state.record(seconds, success, endNanos, Map.of());
    }

    /** Sets a baseline; false (counted) when {@code maxPipelines} other pipelines already have one. */
    public boolean setBaseline(String name, double seconds) {
        synchronized (structure) {
            if (!baselines.containsKey(name) && baselines.size() >= settings.maxPipelines()) {
                refusedBaselines.refuse(name);
                return false;
            }
            baselines.put(name, seconds);
            PipelineState state = pipelines.get(name);
            if (state != null) {
                state.baseline(seconds);
            }
            return true;
        }
    }

    /** Removes a baseline; true if there was one. */
    public boolean removeBaseline(String name) {
        synchronized (structure) {
            boolean removed = baselines.remove(name) != null;
            PipelineState state = pipelines.get(name);
            if (removed && state != null) {
                state.baseline(Double.NaN);
            }
            return removed;
        }
    }

    /** Every baseline in seconds, by name (sorted). */
    public Map<String, Double> baselines() {
        return Collections.unmodifiableMap(new TreeMap<>(baselines));
    }

    /** The statistics of {@code name}, if it has executions or is expected. */
    public Optional<PipelineStats> stats(String name) {
        PipelineState state = pipelines.get(name);
        return state == null ? Optional.empty() : Optional.ofNullable(state.snapshot(ticker.getAsLong()));
    }

    /** Every pipeline's statistics by name (sorted), the worst health and the total; computed afresh. */
    public PipelineHealthReport report() {
        Map<String, PipelineStats> stats = new LinkedHashMap<>();
        HealthStatus overall = HealthStatus.HEALTHY;
        long total = 0;
        long now = ticker.getAsLong();
        for (PipelineState state : sorted.values()) {
            PipelineStats pipeline = state.snapshot(now);
            if (pipeline != null) {
                stats.put(state.name(), pipeline);
                overall = overall.worst(pipeline.health());
                total += pipeline.totalExecutions();
            }
        }
        return new PipelineHealthReport(overall, stats, baselines, total);
    }

    /**
     * Expects {@code name} to record at least every {@code maxGap} from now on (null: no longer);
     * false when the pipeline is new and {@code maxPipelines} are already tracked.
     */
    public boolean expectEvery(String name, @Nullable Duration maxGap) {
        PipelineState state = maxGap == null ? pipelines.get(name) : resolveQuietly(name);
        if (state == null) {
            return maxGap == null;
        }
        synchronized (structure) { // so that the state and the set of expected pipelines agree
            state.expectEvery(maxGap, ticker.getAsLong());
            if (maxGap == null) {
                expected.remove(name);
            } else {
                expected.put(name, state);
            }
        }
        return true;
    }

    /**
     * Raises the missing alert of every expected pipeline that has not recorded within its gap; the
     * monitoring cycle calls it, so that nothing depends on the pipelines' own threads.
     */
    public void checkMissing() {
        long now = ticker.getAsLong();
        for (PipelineState state : expected.values()) {
            state.checkMissing(now);
        }
    }

    /** Executions dropped because {@code maxPipelines} pipelines were already tracked. */
    public long droppedExecutions() {
        return droppedExecutions.count();
    }

    /** Baselines refused because {@code maxPipelines} pipelines already had one. */
    public long refusedBaselines() {
        return refusedBaselines.count();
    }
}
