package io.calibrax.examples.watch;

import io.calibrax.ui.Readings;

import java.time.Duration;
import java.util.Locale;

/**
 * Formatting of readings and durations shared by the commands' output and the report.
 *
 * @since 0.1.0
 */
public final class Values {
    private Values() {
    }

    /**
     * A reading with as many decimals as it deserves: {@code 90}, {@code 12.5}, {@code 0.25},
     * {@code 1234.6}; always {@link Locale#ROOT} so that output does not depend on the machine.
     */
    public static String format(double value) {
        return Readings.format(value);
    }

    /**
     * A reading in a column of its metric's readings: counts (a metric whose readings are all
     * whole numbers, such as threads) without decimals, anything else with a fixed number of
     * decimals for its size, so that a column does not mix {@code 1} and {@code 1.52}.
     */
    public static String reading(double value, boolean count) {
        if (count && value == Math.rint(value)) {
            return String.format(Locale.ROOT, "%.0f", value);
        }
        double magnitude = Math.abs(value);
        if (magnitude >= 100) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        if (magnitude >= 0.01 || value == 0) {
            return String.format(Locale.ROOT, "%.2f", value);
        }
        return format(value);
    }

    /**
     * A duration as a person reads it: {@code 200ms}, {@code 1.5s}, {@code 30s}, {@code 2m 5s},
     * {@code 1h 5m}.
     */
    public static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis < 1_000) {
            return millis + "ms";
        }
        if (millis < 60_000) {
            return millis % 1_000 == 0 ? millis / 1_000 + "s" : String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
        }
        long seconds = duration.toSeconds();
        if (seconds < 3_600) {
            return seconds / 60 + "m" + (seconds % 60 == 0 ? "" : " " + seconds % 60 + "s");
        }
        return seconds / 3_600 + "h" + (seconds % 3_600 / 60 == 0 ? "" : " " + seconds % 3_600 / 60 + "m");
    }
}
