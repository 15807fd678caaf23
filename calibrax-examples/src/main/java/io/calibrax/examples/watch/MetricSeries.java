package io.calibrax.examples.watch;

import java.util.Arrays;
import java.util.Objects;

/**
 * The readings of one metric during a watch: exact statistics over every reading (latest, min,
 * max, mean, count) and a time series for charts that keeps at most {@link #MAX_POINTS} points:
 * when full, every other point is dropped and from then on only every second reading is kept, so a
 * long run still charts from its start to its end in bounded memory.
 *
 * <p>Not thread-safe: the watch's sampling thread records; readers take {@link #snapshot()} under
 * the same lock the watch holds.
 */
final class MetricSeries {
    /** Most points kept for the chart. */
    static final int MAX_POINTS = 4096;

    private final String name;
    private long[] times = new long[64];
    private double[] values = new double[64];
    private int size;
    private int stride = 1;
    private long seen;
    private double latest = Double.NaN;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    private double sum;
    private boolean count = true;

    MetricSeries(String name) {
        this.name = Objects.requireNonNull(name, "name");
    }

    String name() {
        return name;
    }

    /** Adds a reading taken at {@code epochMillis}. NaN and infinite readings are ignored. */
    void add(long epochMillis, double value) {
        if (!Double.isFinite(value)) {
            return;
        }
        latest = value;
        min = Math.min(min, value);
        max = Math.max(max, value);
        sum += value;
        count &= value == Math.rint(value);
        if (seen++ % stride != 0) {
            return;
        }
        if (size == MAX_POINTS) {
            halve();
        }
        if (size == times.length) {
            times = Arrays.copyOf(times, size * 2);
            values = Arrays.copyOf(values, size * 2);
        }
        times[size] = epochMillis;
        values[size] = value;
        size++;
    }

    private void halve() {
        int kept = 0;
        for (int i = 0; i < size; i += 2) {
            times[kept] = times[i];
            values[kept] = values[i];
            kept++;
        }
        size = kept;
        stride *= 2;
    }

    /** True while every reading has been a whole number: a count, shown without decimals. */
    boolean isCount() {
        return count;
    }

    /** An immutable copy of the statistics and points. */
    Snapshot snapshot() {
        return new Snapshot(name, latest, min, max, seen == 0 ? Double.NaN : sum / seen, seen, count,
                Arrays.copyOf(times, size), Arrays.copyOf(values, size));
    }

    /**
     * What a series holds at one moment.
     *
     * @param count  readings recorded (all of them, not just the points kept)
     * @param whole  whether every reading was a whole number (a count)
     * @param times  epoch milliseconds of the kept points, rising
     * @param values the kept points' readings
     */
    record Snapshot(String name, double latest, double min, double max, double mean, long count, boolean whole,
                    long[] times, double[] values) {

        /** A reading of this metric as its column shows it. */
        String text(double value) {
            return Values.reading(value, whole);
        }

        /** The mean: a count's mean keeps the decimals it needs. */
        String meanText() {
            return whole ? Values.format(mean) : Values.reading(mean, false);
        }
    }
}
