package io.calibrax.examples.watch;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A threshold as a person writes it on the command line or in {@code calibrax.properties}:
 * {@code cpu_percent=90} or {@code cpu_percent>90} (alert above 90), {@code host_memory_free_mb<500}
 * (alert below 500).
 *
 * <p>Immutable and thread-safe.
 *
 * @param metric the metric's name; never blank
 * @param below  true to alert when the value falls below {@code value}, false for above
 * @param value  the threshold; finite
 */
public record ThresholdSpec(String metric, boolean below, double value) {
    private static final Pattern SPEC = Pattern.compile("\\s*([A-Za-z0-9_.:-]+)\\s*([=<>])\\s*([-+0-9.eE]+)\\s*");

    /**
     * @throws NullPointerException     if metric is null
     * @throws IllegalArgumentException if metric is blank or value is NaN or infinite
     */
    public ThresholdSpec {
        Objects.requireNonNull(metric, "metric");
        if (metric.isBlank()) {
            throw new IllegalArgumentException("metric must not be blank");
        }
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("value must be a finite number, got " + value);
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
                    return new ThresholdSpec(matcher.group(1), "<".equals(matcher.group(2)), value);
                }
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not a threshold: write METRIC=VALUE or METRIC>VALUE "
                + "to alert above VALUE, METRIC<VALUE to alert below it (for example cpu_percent=90)");
    }

    /** How it is written: {@code cpu_percent>90} or {@code free_mb<500}. */
    @Override
    public String toString() {
        return metric + (below ? "<" : ">") + Values.format(value);
    }

    /** Whether {@code reading} breaches this threshold. */
    public boolean breachedBy(double reading) {
        return below ? reading < value : reading > value;
    }

    /** A lower-case label for tables: {@code > 90} or {@code < 500}. */
    public String label() {
        return (below ? "< " : "> ") + Values.format(value);
    }
}
