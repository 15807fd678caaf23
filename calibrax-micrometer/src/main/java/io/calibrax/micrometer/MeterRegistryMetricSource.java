package io.calibrax.micrometer;

import io.calibrax.api.MetricSource;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The application's own Micrometer meters as readings a Calibrax threshold can watch (an HTTP
 * p99, a connection pool's active connections): add it to a monitor with
 * {@code monitor.addMetricSource(new MeterRegistryMetricSource(registry))} and set a threshold on
 * the reading's name.
 *
 * <p>Names of the readings, read afresh from the registry on every {@link #collect()}:
 * <ul>
 *   <li>a meter with one value (gauge, counter, function counter, time gauge) reads under its own
 *       name: {@code hikaricp.connections.active};</li>
 *   <li>a timer reads {@code <name>.count}, {@code <name>.sum}, {@code <name>.mean} and
 *       {@code <name>.max} in seconds, and each percentile it publishes as {@code <name>.p99}
 *       ({@code 0.5} is {@code p50}, {@code 0.999} is {@code p99.9}); a distribution summary
 *       the same in its own unit;</li>
 *   <li>any other meter reads each of its measurements as {@code <name>.<statistic>}
 *       ({@code .active}, {@code .duration}, ...);</li>
 *   <li>a meter with tags adds them, sorted by key: {@code http.server.requests.p99{method=GET,uri=/api}}.</li>
 * </ul>
 * Meters named {@code calibrax.*} are left out: they are Calibrax's own readings (see
 * {@link CalibraxMeterBinder}) and would otherwise come back as new metrics every cycle. So are
 * values that are NaN or infinite.
 *
 * <p>Thread-safe, as the registry is.
 *
 * @since 0.1.0
 */
public final class MeterRegistryMetricSource implements MetricSource {
    private final MeterRegistry registry;
    private final Predicate<Meter.Id> filter;

    /**
     * Reads every meter of {@code registry} but Calibrax's own.
     *
     * @throws NullPointerException if registry is null
     */
    public MeterRegistryMetricSource(MeterRegistry registry) {
        this(registry, id -> true);
    }

    /**
     * Reads the meters of {@code registry} that {@code filter} accepts (but Calibrax's own), say
     * {@code id -> id.getName().startsWith("http.")}, to keep the monitor's metrics to those watched.
     *
     * @throws NullPointerException if registry or filter is null
     */
    public MeterRegistryMetricSource(MeterRegistry registry, Predicate<Meter.Id> filter) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.filter = Objects.requireNonNull(filter, "filter");
    }

    @Override
    public Map<String, Double> collect() {
        Map<String, Double> readings = new LinkedHashMap<>();
        for (Meter meter : registry.getMeters()) {
            Meter.Id id = meter.getId();
            // a synthetic meter (a timer's percentile gauge in some registries) is read with its timer
            if (id.getName().startsWith("calibrax.") || id.syntheticAssociation() != null || !filter.test(id)) {
                continue;
            }
            String tags = tags(id.getTags());
            String name = id.getName();
            meter.use(
                    gauge -> put(readings, name, tags, gauge.value()),
                    counter -> put(readings, name, tags, counter.count()),
                    timer -> readTimer(readings, name, tags, timer),
                    summary -> readDistribution(readings, name, tags, summary.takeSnapshot(), 1),
                    longTaskTimer -> readMeasurements(readings, name, tags, longTaskTimer.measure()),
                    timeGauge -> put(readings, name, tags, timeGauge.value(TimeUnit.SECONDS)),
                    functionCounter -> put(readings, name, tags, functionCounter.count()),
                    functionTimer -> {
                        put(readings, name + ".count", tags, functionTimer.count());
                        put(readings, name + ".sum", tags, functionTimer.totalTime(TimeUnit.SECONDS));
                        put(readings, name + ".mean", tags, functionTimer.mean(TimeUnit.SECONDS));
                    },
                    other -> readMeasurements(readings, name, tags, other.measure()));
        }
        return readings;
    }

    private static void readTimer(Map<String, Double> readings, String name, String tags, Timer timer) {
        readDistribution(readings, name, tags, timer.takeSnapshot(), 1.0 / TimeUnit.SECONDS.toNanos(1));
    }

    /** Count, sum, mean, max and percentiles; a timer's snapshot is in nanoseconds, scaled to seconds. */
    private static void readDistribution(Map<String, Double> readings, String name, String tags,
                                         HistogramSnapshot snapshot, double scale) {
        put(readings, name + ".count", tags, snapshot.count());
        put(readings, name + ".sum", tags, snapshot.total() * scale);
        put(readings, name + ".mean", tags, snapshot.mean() * scale);
        put(readings, name + ".max", tags, snapshot.max() * scale);
        for (ValueAtPercentile percentile : snapshot.percentileValues()) {
            put(readings, name + ".p" + percentileName(percentile.percentile()), tags, percentile.value() * scale);
        }
    }

    private static void readMeasurements(Map<String, Double> readings, String name, String tags,
                                         Iterable<Measurement> measurements) {
        for (Measurement measurement : measurements) {
            put(readings, name + "." + measurement.getStatistic().getTagValueRepresentation(), tags,
                    measurement.getValue());
        }
    }

    /** 0.99 is "99", 0.5 is "50", 0.999 is "99.9". */
    static String percentileName(double percentile) {
        return BigDecimal.valueOf(percentile).movePointRight(2).stripTrailingZeros().toPlainString();
    }

    private static String tags(List<Tag> tags) {
        if (tags.isEmpty()) {
            return "";
        }
        StringJoiner joined = new StringJoiner(",", "{", "}");
        tags.forEach(tag -> joined.add(tag.getKey() + "=" + tag.getValue()));
        return joined.toString();
    }

    private static void put(Map<String, Double> readings, String name, String tags, double value) {
        if (Double.isFinite(value)) {
            readings.put(name + tags, value);
        }
    }

    @Override
    public String toString() {
        return "MeterRegistryMetricSource[" + registry.getClass().getSimpleName() + "]";
    }
}
