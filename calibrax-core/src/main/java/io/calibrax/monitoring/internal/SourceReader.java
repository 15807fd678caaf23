package io.calibrax.monitoring.internal;

import io.calibrax.api.MetricSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;

import java.util.Map;

/**
 * One metric source of a monitor and its {@link FailureStreak}: a source that throws is logged as
 * the streak says and read as nothing. Not public API; thread-safe as its source is.
 *
 * @since 0.1.0
 */
public final class SourceReader {
    private final MetricSource source;
    private final FailureStreak failures;

    public SourceReader(MetricSource source, Logger log) {
        this.source = source;
        this.failures = new FailureStreak(log, "Metric source " + source.getClass().getName());
    }

    /** The source read. */
    public MetricSource source() {
        return source;
    }

    /** The source's readings, or null if it threw. */
    public @Nullable Map<String, Double> read() {
        try {
            Map<String, Double> readings = source.collect();
            failures.succeeded();
            return readings;
        } catch (RuntimeException | LinkageError e) {
            failures.failed(e);
            return null;
        }
    }
}
