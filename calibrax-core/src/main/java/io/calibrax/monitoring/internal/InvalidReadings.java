package io.calibrax.monitoring.internal;

import org.slf4j.Logger;

import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the readings a monitor skips (a blank or too long name, a value that is NaN or infinite)
 * and says so in the log at most once a minute, never printing a long name whole. Not public API;
 * thread-safe.
 *
 * @since 0.1.0
 */
public final class InvalidReadings {
    private final Logger log;
    private final LongAdder skipped = new LongAdder();
    private final RateLimit warnings = new RateLimit(Duration.ofMinutes(1));

    public InvalidReadings(Logger log) {
        this.log = log;
    }

    /** Counts a skipped reading and warns if none was warned about this minute. */
    public void skip(String name, Double value) {
        skipped.increment();
        if (warnings.tryAcquire()) {
            log.warn("Skipping reading {}={}: a metric needs a name (at most maxNameLength chars) and a finite value ({} skipped so far; "
                    + "this warning repeats at most once a minute)",
                    name == null || name.length() <= 64 ? name : name.substring(0, 64) + "...", value, skipped.sum());
        }
    }

    /** Readings skipped so far. */
    public long count() {
        return skipped.sum();
    }
}
