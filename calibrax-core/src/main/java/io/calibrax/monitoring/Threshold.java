package io.calibrax.monitoring;

import io.calibrax.api.AlertSeverity;
import org.jspecify.annotations.Nullable;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * When a metric is in breach: {@link #above(double) above} or {@link #below(double) below} a level,
 * with optional refinements:
 * <ul>
 *   <li>{@link #withConsecutiveSamples(int)}: fire only after this many breaching samples in a row
 *       (1 by default), so that one spike does not page anybody;</li>
 *   <li>{@link #withClearLevel(double)}: once firing, the breach clears only when the value is back
 *       at or beyond this level (hysteresis; by default the threshold itself), so that a value
 *       hovering around the threshold does not flap between firing and resolved;</li>
 *   <li>{@link #withSeverity(AlertSeverity)}: a fixed severity instead of one derived from how far
 *       the value is from the threshold;</li>
 *   <li>{@link #forDuration(Duration)}: fire only once the breach has lasted this long (Prometheus'
 *       {@code for:}); until then the threshold is {@link State#PENDING pending};</li>
 *   <li>{@link #keepFiringFor(Duration)}: once firing, stay firing this long after the value has
 *       recovered (Prometheus' {@code keep_firing_for}); the resolved alert waits until then;</li>
 *   <li>{@link #alertOnMissing(Duration)}: raise an alert {@code "<metric> has no data"} when the
 *       metric has had no reading for this long (Grafana's "no data"), resolved when data returns.</li>
 * </ul>
 *
 * <pre>{@code
 * monitor.setThreshold("latency", Threshold.above(1.5).withConsecutiveSamples(3).withClearLevel(1.2));
 * monitor.setThreshold("throughput", Threshold.below(500).withSeverity(AlertSeverity.CRITICAL));
 * monitor.setThreshold("cpu_percent", Threshold.above(90).forDuration(Duration.ofMinutes(5))
 *         .keepFiringFor(Duration.ofMinutes(2)).alertOnMissing(Duration.ofMinutes(1)));
 * }</pre>
 *
 * <p>Times are measured by the monitor's clock, when a reading arrives and at every monitoring
 * cycle ({@link AdvancedMonitor#runCycle()}): a pending breach fires, a recovery past
 * {@code keepFiringFor} resolves and missing data alerts at the first of those after the time is up.
 *
 * <p>A value equal to the threshold is not a breach. Immutable and thread-safe; the {@code with}
 * methods return new instances.
 *
 * @since 0.1.0
 */
public final class Threshold {

    /**
     * Which side of the threshold is a breach.
     *
     * @since 0.1.0
     */
    public enum Direction {
        /** A breach is a value strictly above the threshold. */
        ABOVE("exceeded", ">", "<="),
        /** A breach is a value strictly below the threshold. */
        BELOW("fell below", "<", ">=");

        private final String verb;
        private final String breachSymbol;
        private final String clearSymbol;

        Direction(String verb, String breachSymbol, String clearSymbol) {
            this.verb = verb;
            this.breachSymbol = breachSymbol;
            this.clearSymbol = clearSymbol;
        }

        /** {@code "exceeded"} or {@code "fell below"}, as alert messages say it. */
        public String verb() {
            return verb;
        }

        /** {@code ">"} or {@code "<"}. */
        public String breachSymbol() {
            return breachSymbol;
        }

        /** {@code "<="} or {@code ">="}: how a cleared value relates to the clear level. */
        public String clearSymbol() {
            return clearSymbol;
        }
    }

    private final Direction direction;
    private final double value;
    private final int consecutiveSamples;
    private final double clearLevel;
    private final AlertSeverity severity;
    private final Duration forDuration;
    private final Duration keepFiringFor;
    private final @Nullable Duration missingAfter; // null: never alerts on missing data

    /**
     * Where a threshold stands at a moment: what {@link AdvancedMonitor#getThresholdStates()} reports.
     *
     * @since 0.1.0
     */
    public enum State {
        /** Not in breach (or not yet breaching long enough to be pending). */
        INACTIVE,
        /** In breach, but not yet for {@link #forDuration} or {@link #consecutiveSamples}. */
        PENDING,
        /** Firing: alerted and not yet resolved. */
        FIRING,
        /**
         * No reading since the threshold was set, or none for {@link #alertOnMissing} (if set); takes
         * precedence over the others.
         */
        NO_DATA
    }

    private Threshold(Direction direction, double value, int consecutiveSamples, double clearLevel,
                      AlertSeverity severity, Duration forDuration, Duration keepFiringFor, Duration missingAfter) {
        this.direction = direction;
        this.value = value;
        this.consecutiveSamples = consecutiveSamples;
        this.clearLevel = clearLevel;
        this.severity = severity;
        this.forDuration = forDuration;
        this.keepFiringFor = keepFiringFor;
        this.missingAfter = missingAfter;
    }

    private Threshold(Direction direction, double value) {
        this(direction, value, 1, value, null, Duration.ZERO, Duration.ZERO, null);
    }

    /**
     * A breach is a value strictly above {@code threshold}.
     *
     * @throws IllegalArgumentException if threshold is NaN or infinite
     */
    public static Threshold above(double threshold) {
        return new Threshold(Direction.ABOVE, finite(threshold, "threshold"));
    }

    /**
     * A breach is a value strictly below {@code threshold}.
     *
     * @throws IllegalArgumentException if threshold is NaN or infinite
     */
    public static Threshold below(double threshold) {
        return new Threshold(Direction.BELOW, finite(threshold, "threshold"));
    }

    /**
     * This threshold, firing only after {@code samples} breaching samples in a row.
     *
     * @throws IllegalArgumentException if samples is zero or negative
     */
    public Threshold withConsecutiveSamples(int samples) {
        if (samples <= 0) {
            throw new IllegalArgumentException("samples must be positive, got " + samples);
        }
        return new Threshold(direction, value, samples, clearLevel, severity, forDuration, keepFiringFor, missingAfter);
    }

    /**
     * This threshold, clearing only once the value is back at or below {@code clearLevel} (for
     * {@code above}) or at or above it (for {@code below}).
     *
     * @throws IllegalArgumentException if clearLevel is NaN or infinite, or lies on the breaching side
     *                                  of the threshold (above it for {@code above}, below it for
     *                                  {@code below})
     */
    public Threshold withClearLevel(double clearLevel) {
        finite(clearLevel, "clearLevel");
        if (direction == Direction.ABOVE ? clearLevel > value : clearLevel < value) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "clearLevel must be %s the threshold %s for a '%s' threshold, got %s",
                    direction == Direction.ABOVE ? "at or below" : "at or above", value,
                    direction.name().toLowerCase(Locale.ROOT), clearLevel));
        }
        return new Threshold(direction, value, consecutiveSamples, clearLevel, severity, forDuration, keepFiringFor,
                missingAfter);
    }

    /**
     * This threshold, always alerting with {@code severity}.
     *
     * @throws NullPointerException if severity is null
     */
    public Threshold withSeverity(AlertSeverity severity) {
        return new Threshold(direction, value, consecutiveSamples, clearLevel,
                Objects.requireNonNull(severity, "severity"), forDuration, keepFiringFor, missingAfter);
    }

    /**
     * This threshold, firing only once the breach has lasted {@code duration} (from its first
     * breaching reading, every reading since breaching too); {@link Duration#ZERO}: at once.
     *
     * @throws NullPointerException     if duration is null
     * @throws IllegalArgumentException if duration is negative
     */
    public Threshold forDuration(Duration duration) {
        return new Threshold(direction, value, consecutiveSamples, clearLevel, severity,
                notNegative(duration, "duration"), keepFiringFor, missingAfter);
    }

    /**
     * This threshold, staying firing for {@code duration} after the value has recovered (a breach
     * within that time keeps it firing, with no new alert); {@link Duration#ZERO}: resolve at once.
     *
     * @throws NullPointerException     if duration is null
     * @throws IllegalArgumentException if duration is negative
     */
    public Threshold keepFiringFor(Duration duration) {
        return new Threshold(direction, value, consecutiveSamples, clearLevel, severity, forDuration,
                notNegative(duration, "duration"), missingAfter);
    }

    /**
     * This threshold, raising an alert {@code "<metric> has no data"} (its fixed severity, else
     * WARNING; metadata {@code condition=no_data}) when the metric has had no reading for
     * {@code duration} (counted from when the threshold was set if it never had one); a reading
     * resolves it.
     *
     * @throws NullPointerException     if duration is null
     * @throws IllegalArgumentException if duration is zero or negative
     */
    public Threshold alertOnMissing(Duration duration) {
        if (notNegative(duration, "duration").isZero()) {
            throw new IllegalArgumentException("duration must be positive, got " + duration);
        }
        return new Threshold(direction, value, consecutiveSamples, clearLevel, severity, forDuration, keepFiringFor,
                duration);
    }

    /** Above or below. */
    public Direction direction() {
        return direction;
    }

    /** The threshold level. */
    public double value() {
        return value;
    }

    /** Breaching samples in a row before it fires; 1 by default. */
    public int consecutiveSamples() {
        return consecutiveSamples;
    }

    /** The level at which a firing breach clears; the threshold itself by default. */
    public double clearLevel() {
        return clearLevel;
    }

    /** The fixed severity, or empty when it is derived from the value/threshold ratio. */
    public Optional<AlertSeverity> severity() {
        return Optional.ofNullable(severity);
    }

    /** How long a breach must last before it fires; zero by default. */
    public Duration forDuration() {
        return forDuration;
    }

    /** How long a firing breach stays firing after the value recovered; zero by default. */
    public Duration keepFiringFor() {
        return keepFiringFor;
    }

    /** After how long without a reading the metric alerts as having no data; empty: never. */
    public Optional<Duration> missingAfter() {
        return Optional.ofNullable(missingAfter);
    }

    /** True when {@code reading} is on the breaching side (a value equal to the threshold is not). */
    public boolean isBreachedBy(double reading) {
        return direction == Direction.ABOVE ? reading > value : reading < value;
    }

    /** True when a firing breach clears at {@code reading}. */
    public boolean isClearedBy(double reading) {
        return direction == Direction.ABOVE ? reading <= clearLevel : reading >= clearLevel;
    }

    /**
     * The severity of an alert for {@code reading}: the fixed one if set, else from the ratio of the
     * reading to the threshold ({@code threshold/reading} for {@code below}): above 2.0 CRITICAL, above
     * 1.5 ERROR, above 1.2 WARNING, else INFO; a threshold of 0 (or a reading of 0 below a
     * threshold) is CRITICAL.
     */
    public AlertSeverity severityFor(double reading) {
        if (severity != null) {
            return severity;
        }
        if (value == 0) {
            return AlertSeverity.CRITICAL;
        }
        double ratio;
        if (direction == Direction.ABOVE) {
            ratio = reading / value;
        } else {
            if (reading == 0) {
                return AlertSeverity.CRITICAL;
            }
            ratio = value / reading;
        }
        if (ratio > 2.0) {
            return AlertSeverity.CRITICAL;
        }
        if (ratio > 1.5) {
            return AlertSeverity.ERROR;
        }
        if (ratio > 1.2) {
            return AlertSeverity.WARNING;
        }
        return AlertSeverity.INFO;
    }

    private static double finite(double number, String name) {
        if (!Double.isFinite(number)) {
            throw new IllegalArgumentException(name + " must be a finite number, got " + number);
        }
        return number;
    }

    private static Duration notNegative(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, got " + duration);
        }
        return duration;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Threshold that
                && direction == that.direction
                && Double.compare(value, that.value) == 0
                && consecutiveSamples == that.consecutiveSamples
                && Double.compare(clearLevel, that.clearLevel) == 0
                && severity == that.severity
                && forDuration.equals(that.forDuration)
                && keepFiringFor.equals(that.keepFiringFor)
                && Objects.equals(missingAfter, that.missingAfter);
    }

    @Override
    public int hashCode() {
        return Objects.hash(direction, value, consecutiveSamples, clearLevel, severity, forDuration, keepFiringFor,
                missingAfter);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(direction == Direction.ABOVE ? "above(" : "below(").append(value).append(')');
        if (consecutiveSamples > 1) {
            text.append(".withConsecutiveSamples(").append(consecutiveSamples).append(')');
        }
        if (Double.compare(clearLevel, value) != 0) {
            text.append(".withClearLevel(").append(clearLevel).append(')');
        }
        if (severity != null) {
            text.append(".withSeverity(").append(severity).append(')');
        }
        if (!forDuration.isZero()) {
            text.append(".forDuration(").append(forDuration).append(')');
        }
        if (!keepFiringFor.isZero()) {
            text.append(".keepFiringFor(").append(keepFiringFor).append(')');
        }
        if (missingAfter != null) {
            text.append(".alertOnMissing(").append(missingAfter).append(')');
        }
        return "Threshold." + text;
    }
}
