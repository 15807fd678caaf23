package io.calibrax.monitoring;

import io.calibrax.api.MetricStats;
import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.List;

/**
 * One metric of an {@link AdvancedMonitor}: its bounded history and its threshold's state (a
 * {@link BreachTracker}). Every method is synchronized on the series, so
 * readings of different metrics never contend.
 */
final class MetricHistory {
    /** Relative least-squares slope beyond which a history is trending. */
    private static final double TREND_SLOPE = 0.01;
    private static final int TREND_MIN_SAMPLES = 3;

    private final double[] ring;
    private int head; // oldest
    private int size;

    private BreachTracker breach;
    /** Reused for each decision, so that a reading that raises nothing allocates nothing. */
    private final List<BreachTracker.Outcome> outcomes = new ArrayList<>(2);

    MetricHistory(int capacity) {
        this.ring = new double[capacity];
    }

    /** An alert to raise, decided under the series' lock. */
    record Decision(BreachTracker.Outcome outcome, Threshold threshold, double level, String trend) {
    }

    /**
     * Appends a reading at {@code nowNanos} and checks it against the threshold.
     *
     * @return the alerts to raise, in order (usually none)
     */
    synchronized List<Decision> append(double value, long nowNanos, long repeatNanos) {
        if (size < ring.length) {
            ring[(head + size) % ring.length] = value;
            size++;
        } else {
            ring[head] = value;
            head = (head + 1) % ring.length;
        }
        if (breach == null) {
            return List.of();
        }
        outcomes.clear();
        breach.onReading(value, nowNanos, repeatNanos, outcomes);
        return decisions();
    }

    /** Checks the threshold's timers at {@code nowNanos}: what the passing of time alone raises. */
    synchronized List<Decision> tick(long nowNanos) {
        if (breach == null) {
            return List.of();
        }
        outcomes.clear();
        breach.onTick(nowNanos, outcomes);
        return decisions();
    }

    private List<Decision> decisions() {
        if (outcomes.isEmpty()) {
            return List.of();
        }
        String trend = trend();
        List<Decision> decisions = new ArrayList<>(outcomes.size());
        for (BreachTracker.Outcome outcome : outcomes) {
            decisions.add(new Decision(outcome, breach.threshold(), breach.level(outcome.kind()), trend));
        }
        return decisions;
    }

    /**
     * Sets (or, with null, removes) the threshold at {@code nowNanos}; a new threshold starts from a
     * clean state (not firing, no streak, no data missing before now).
     */
    synchronized void setThreshold(Threshold threshold, long nowNanos) {
        this.breach = threshold == null ? null : new BreachTracker(threshold, nowNanos);
    }

    synchronized Threshold threshold() {
        return breach == null ? null : breach.threshold();
    }

    /** Where the threshold stands, or null without one. */
    synchronized Threshold.@Nullable State state() {
        return breach == null ? null : breach.state();
    }

    /** Statistics of the history, or null while it is empty. */
    synchronized @Nullable MetricStats stats() {
        if (size == 0) {
            return null;
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum = 0;
        for (int i = 0; i < size; i++) {
            double value = ring[(head + i) % ring.length];
            min = Math.min(min, value);
            max = Math.max(max, value);
            sum += value;
        }
        return new MetricStats(ring[(head + size - 1) % ring.length], min, max, sum / size, size);
    }

    /** The history, oldest first. */
    synchronized List<Double> history() {
        List<Double> values = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            values.add(ring[(head + i) % ring.length]);
        }
        return values;
    }

    /**
     * {@code increasing}, {@code decreasing} or {@code stable}: the least-squares slope of the
     * history against its index, relative to the history's mean, beyond ±1%; stable with fewer than
     * 3 samples.
     */
    private String trend() {
        return trend(ring, head, size);
    }

    static String trend(double[] ring, int head, int size) {
        if (size < TREND_MIN_SAMPLES) {
            return "stable";
        }
        double xMean = (size - 1) / 2.0;
        double yMean = 0;
        for (int i = 0; i < size; i++) {
            yMean += ring[(head + i) % ring.length];
        }
        yMean /= size;
        double numerator = 0;
        double denominator = 0;
        for (int i = 0; i < size; i++) {
            double dx = i - xMean;
            numerator += dx * (ring[(head + i) % ring.length] - yMean);
            denominator += dx * dx;
        }
        double relativeSlope = (numerator / denominator) / (Math.abs(yMean) + 1e-8);
        if (relativeSlope > TREND_SLOPE) {
            return "increasing";
        }
        if (relativeSlope < -TREND_SLOPE) {
            return "decreasing";
        }
        return "stable";
    }
}
