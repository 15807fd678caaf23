package io.calibrax.examples.watch;

import io.calibrax.monitoring.Threshold;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A threshold as a person writes it on the command line or in {@code calibrax.properties}:
 * {@code cpu_percent=90} or {@code cpu_percent>90} (alert above 90), {@code system_memory_percent<5}
 * (alert below 5).
 *
 * <p>Immutable and thread-safe.
 *
 * @param metric    the metric's name; never blank
 * @param threshold when it alerts
 * @since 0.1.0
 */
public record ThresholdSpec(String metric, Threshold threshold) {
    private static final Pattern SPEC = Pattern.compile("\\s*([A-Za-z0-9_.:-]+)\\s*([=<>])\\s*([-+0-9.eE]+)\\s*");

    /**
     * @throws NullPointerException     if an argument is null
     * @throws IllegalArgumentException if metric is blank
     */
    public ThresholdSpec {
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(threshold, "threshold");
        if (metric.isBlank()) {
            throw new IllegalArgumentException("metric must not be blank");
        }
    }

    /**
     * Reads {@code metric=value}, {@code metric>value} or {@code metric<value}.
     *
     * @throws IllegalArgumentException saying what is expected if {@code text} is not one of them
     */
    public static ThresholdSpec parse(String text) {
        Matcher matcher = SPEC.matcher(Objects.requireNonNull(text, "text"));
        if (matcher.matches()) {
            try {
                double value = Double.parseDouble(matcher.group(3));
                if (Double.isFinite(value)) {
                    boolean below = "<".equals(matcher.group(2));
                    return new ThresholdSpec(matcher.group(1), below ? Threshold.below(value) : Threshold.above(value));
                }
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not a threshold: write METRIC=VALUE or METRIC>VALUE "
                + "to alert above VALUE, METRIC<VALUE to alert below it (for example cpu_percent=90)");
    }

    /** The threshold's value. */
    public double value() {
        return threshold.value();
    }

    /** For tables: {@code > 90} or {@code < 500}. */
    public String label() {
        return threshold.direction().breachSymbol() + " " + Values.format(threshold.value());
    }

    /** As it is written: {@code cpu_percent>90}. */
    @Override
    public String toString() {
        return metric + threshold.direction().breachSymbol() + Values.format(threshold.value());
    }
}
