package io.calibrax.monitoring;

import io.calibrax.api.AlertSeverity;
import io.calibrax.api.MetricStats;
import io.calibrax.monitoring.internal.Refusals;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;

/**
 * The metrics of an {@link AdvancedMonitor}: each metric's {@link MetricHistory} by name, at most
 * {@code maxMetrics} of them (readings and thresholds of further metrics are refused, counted and
 * warned about once), and the threshold alerts their readings decide. A metric's alert is raised
 * under its series' lock, so that its firing and resolved alerts leave in the order they were
 * decided, whatever the threads ({@link AlertManager#triggerAlert} never blocks). Names are checked
 * by the monitor. Thread-safe.
 */
final class MetricTable {
    private static final Logger log = LoggerFactory.getLogger(AdvancedMonitor.class);

    /** Where threshold alerts go: the monitor, which counts them. */
    @FunctionalInterface
    interface AlertSink {
        void raise(String message, AlertSeverity severity, String metricName, double value, double threshold,
                   Map<String, Object> metadata);
    }

    private final ConcurrentHashMap<String, MetricHistory> series = new ConcurrentHashMap<>();
    private final int historySize;
    private final int maxMetrics;
    private final long repeatNanos;
    private final LongSupplier ticker;
    private final AlertSink sink;
    private final Refusals droppedReadings;
    private final Refusals refusedThresholds;

    MetricTable(String owner, int historySize, int maxMetrics, long repeatNanos, LongSupplier ticker, AlertSink sink) {
        this.historySize = historySize;
        this.maxMetrics = maxMetrics;
        this.repeatNanos = repeatNanos;
        this.ticker = ticker;
        this.sink = sink;
        this.droppedReadings = new Refusals(log, owner + ": readings of new metrics (maxMetrics = "
                + maxMetrics + " reached)");
        this.refusedThresholds = new Refusals(log, owner + ": thresholds of new metrics (maxMetrics = "
                + maxMetrics + " reached)");
    }

    /** The series of {@code name}, made if the cap allows; null when it does not. */
    private @Nullable MetricHistory seriesOf(String name) {
        MetricHistory metric = series.get(name);
        if (metric != null) {
            return metric;
        }
        synchronized (series) { // so that the cap is strict
            if (series.size() >= maxMetrics) {
                return series.get(name);
            }
            return series.computeIfAbsent(name, key -> new MetricHistory(historySize));
        }
    }

    /** Sets (or with null removes) a threshold; false (refused and counted) past the cap. */
    boolean setThreshold(String name, Threshold threshold) {
        MetricHistory metric = threshold == null ? series.get(name) : seriesOf(name);
        if (metric == null) {
            if (threshold != null) {
                refusedThresholds.refuse(name);
            }
            return false;
        }
        metric.setThreshold(threshold, ticker.getAsLong());
        return true;
    }

    Threshold threshold(String name) {
        MetricHistory metric = series.get(name);
        return metric == null ? null : metric.threshold();
    }

    /** Every threshold, by metric name (sorted). */
    Map<String, Threshold> thresholds() {
        Map<String, Threshold> thresholds = new TreeMap<>();
        series.forEach((name, metric) -> {
            Threshold threshold = metric.threshold();
            if (threshold != null) {
                thresholds.put(name, threshold);
            }
        });
        return Collections.unmodifiableMap(thresholds);
    }

    /** The history of {@code name}, oldest first; empty if it has none. */
    List<Double> history(String name) {
        MetricHistory metric = series.get(name);
        return metric == null ? List.of() : Collections.unmodifiableList(metric.history());
    }

    /** Each metric's threshold level (where it has one) and the statistics of its history (where it has one). */
    void summarize(BiConsumer<String, Double> thresholds, BiConsumer<String, MetricStats> history) {
        series.forEach((name, metric) -> {
            Threshold threshold = metric.threshold();
            if (threshold != null) {
                thresholds.accept(name, threshold.value());
            }
            MetricStats stats = metric.stats();
            if (stats != null) {
                history.accept(name, stats);
            }
        });
    }

    /** Appends a reading (dropped and counted past the cap) and raises what its threshold decides. */
    void ingest(String name, double value) {
        MetricHistory metric = seriesOf(name);
        if (metric == null) {
            droppedReadings.refuse(name);
            return;
        }
        synchronized (metric) { // the series' own lock: decided and raised in one step
            raiseAll(name, metric.append(value, ticker.getAsLong(), repeatNanos));
        }
    }

    /**
     * Checks every threshold's timers (forDuration, keepFiringFor, alertOnMissing) against the
     * clock: the monitoring cycle calls it, so that time passing without readings is judged too.
     */
    void tick() {
        series.forEach((name, metric) -> {
            synchronized (metric) {
                raiseAll(name, metric.tick(ticker.getAsLong()));
            }
        });
    }

    /** Where every threshold stands now, by metric name (sorted). */
    Map<String, Threshold.State> states() {
        Map<String, Threshold.State> states = new TreeMap<>();
        series.forEach((name, metric) -> {
            Threshold.State state = metric.state();
            if (state != null) {
                states.put(name, state);
            }
        });
        return Collections.unmodifiableMap(states);
    }

    private void raiseAll(String name, List<MetricHistory.Decision> decisions) {
        for (MetricHistory.Decision decision : decisions) {
            raise(name, decision);
        }
    }

    private void raise(String name, MetricHistory.Decision decision) {
        Threshold threshold = decision.threshold();
        Threshold.Direction direction = threshold.direction();
        BreachTracker.Outcome outcome = decision.outcome();
        double value = outcome.value();
        String message = switch (outcome.kind()) {
            case FIRING -> String.format(Locale.ROOT, "%s %s threshold: %.2f %s %.2f (trend: %s)", name,
                    direction.verb(), value, direction.breachSymbol(), threshold.value(), decision.trend());
            case RESOLVED -> String.format(Locale.ROOT, "%s back within threshold: %.2f %s %.2f (trend: %s)", name,
                    value, direction.clearSymbol(), threshold.clearLevel(), decision.trend());
            case NO_DATA -> name + " has no data";
            case DATA_RETURNED -> String.format(Locale.ROOT, "%s has data again after %.0fs without", name, value);
        };
        Map<String, Object> metadata = new LinkedHashMap<>();
        boolean noData = outcome.kind() == BreachTracker.Kind.NO_DATA || outcome.kind() == BreachTracker.Kind.DATA_RETURNED;
        if (noData) {
            metadata.put("condition", "no_data");
        } else {
            metadata.put("trend", decision.trend());
        }
        boolean firing = outcome.kind() == BreachTracker.Kind.FIRING || outcome.kind() == BreachTracker.Kind.NO_DATA;
        metadata.put("state", firing ? "firing" : "resolved");
        try {
            sink.raise(message, outcome.severity(), name, value, decision.level(), metadata);
        } catch (RuntimeException e) {
            log.error("Could not raise the alert '{}'", message, e);
        }
    }

    int size() {
        return series.size();
    }

    long droppedReadings() {
        return droppedReadings.count();
    }

    long refusedThresholds() {
        return refusedThresholds.count();
    }
}
