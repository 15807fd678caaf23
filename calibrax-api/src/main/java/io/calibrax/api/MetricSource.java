package io.calibrax.api;

import java.util.Map;

/**
 * Any source of named readings that a monitor polls each cycle: the way to adapt a model server,
 * a queue, a database. A source may throw; the monitor logs it and goes on with the others.
 *
 * <p>Called from the monitor's loop thread, one call at a time.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface MetricSource {

    /** The current readings, by metric name. NaN and infinite values are skipped by the monitor. */
    Map<String, Double> collect();
}
