package io.calibrax.monitoring.internal;

import org.slf4j.Logger;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts what a cap refused (a metric, threshold, pipeline or baseline past its limit) and warns
 * about it once, with the first name refused. Not public API; thread-safe.
 *
 * @since 0.1.0
 */
public final class Refusals {
    private final LongAdder refused = new LongAdder();
    private final AtomicBoolean warned = new AtomicBoolean();
    private final Logger log;
    private final String what;

    /**
     * @param what what is refused and why, for the warning, e.g. {@code "thresholds of new metrics
     *             (maxMetrics = 1000 reached)"}
     */
    public Refusals(Logger log, String what) {
        this.log = log;
        this.what = what;
    }

    /** Counts one refusal of {@code name}; the first one is warned about. */
    public void refuse(String name) {
        refused.increment();
        if (warned.compareAndSet(false, true)) {
            log.warn("Refusing {}, such as '{}'; further refusals are counted, not logged", what, name);
        }
    }

    /** Refusals so far. */
    public long count() {
        return refused.sum();
    }
}
