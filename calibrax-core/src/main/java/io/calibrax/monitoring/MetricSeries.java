package io.calibrax.monitoring;

import io.calibrax.api.AlertSeverity;
import io.calibrax.api.MetricStats;

import java.util.ArrayList;
import java.util.List;

/**
 * One metric of an {@link AdvancedMonitor}: its bounded history and its threshold's state (breach
 * streak, firing or not, when it last alerted). Every method is synchronized on the series, so
 * readings of different metrics never contend.
 */
final class MetricSeries {
    /** Relative least-squares slope beyond which a history is trending. */
    private static final double TREND_SLOPE = 0.01;
    private static final int TREND_MIN_SAMPLES = 3;

    private final double[] ring;
    private int head; // oldest
    private int size;

    private Threshold threshold;
    private int streak;
    private boolean firing;
    private long lastAlertNanos;

    MetricSeries(int capacity) {
        this.ring = new double[capacity];
    }

    /** What a reading asks the monitor to raise: nothing, a (repeated) breach, or a resolution. */
    enum Kind { FIRING, RESOLVED }

    /** An alert to raise, decided under the series' lock and formatted outside it. */
    record Decision(Kind kind, double value, Threshold threshold, AlertSeverity severity, String trend) {
    }

    /**
     * Appends a reading and checks it against the threshold.
     *
     * @return the alert to raise, or null
     */
    synchronized Decision append(double value, long nowNanos, long repeatNanos) {
        if (size < ring.length) {
            ring[(head + size) % ring.length] = value;
            size++;
        } else {
            ring[head] = value;
            head = (head + 1) % ring.length;
        }
        Threshold current = threshold;
        if (current == null) {
            return null;
        }
        boolean breach = current.isBreachedBy(value);
        if (!firing) {
            if (!breach) {
                streak = 0;
                return null;
            }
            if (++streak < current.consecutiveSamples()) {
                return null;
            }
            firing = true;
            lastAlertNanos = nowNanos;
            return new Decision(Kind.FIRING, value, current, current.severityFor(value), trend());
        }
        if (current.isClearedBy(value)) {
            firing = false;
            streak = 0;
            return new Decision(Kind.RESOLVED, value, current, AlertSeverity.INFO, trend());
        }
        if (breach && nowNanos - lastAlertNanos >= repeatNanos) {
            lastAlertNanos = nowNanos;
            return new Decision(Kind.FIRING, value, current, current.severityFor(value), trend());
        }
        return null;
    }

    /** Sets (or, with null, removes) the threshold; a new threshold starts from a clean state. */
    synchronized void setThreshold(Threshold threshold) {
        this.threshold = threshold;
        this.streak = 0;
        this.firing = false;
    }

    synchronized Threshold threshold() {
        return threshold;
    }

    /** Statistics of the history, or null while it is empty. */
    synchronized MetricStats stats() {
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
