package io.calibrax.monitoring.internal;

import org.slf4j.Logger;

import java.util.concurrent.TimeUnit;

/**
 * Logs a source that keeps failing, or fails now and then, without flooding the log: the first
 * failure is a warning with its stack trace; later failures are counted and summarised in at most
 * one warning a minute (with the latest error's message), the rest go to debug; a recovery after a
 * warned-about streak is one info line. Not public API.
 *
 * <p>Thread-safe.
 *
 * @since 0.1.0
 */
public final class FailureStreak {
    private static final long WARN_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final Logger log;
    private final String what;
    private long streak;             // guarded by this
    private long sinceWarning;       // guarded by this
    private boolean warnedThisStreak; // guarded by this
    private boolean everWarned;      // guarded by this
    private long lastWarningNanos;   // guarded by this

    /**
     * @param log  where to write
     * @param what the failing thing, for people: {@code "Metric source MySource"}
     */
    public FailureStreak(Logger log, String what) {
        this.log = log;
        this.what = what;
    }

    /** Records a failure and logs it as the policy above says. */
    public synchronized void failed(Throwable error) {
        streak++;
        sinceWarning++;
        long now = System.nanoTime();
        if (!everWarned) {
            log.warn("{} failed; skipping it this cycle", what, error);
        } else if (now - lastWarningNanos >= WARN_INTERVAL_NANOS) {
            log.warn("{} failed {} time(s) since the last warning; latest: {}", what, sinceWarning, error.toString());
        } else {
            if (log.isDebugEnabled()) {
                log.debug("{} failed ({} in a row)", what, streak, error);
            }
            return;
        }
        everWarned = true;
        warnedThisStreak = true;
        lastWarningNanos = now;
        sinceWarning = 0;
    }

    /** Records a success; logs the recovery if the streak it ends was warned about. */
    public synchronized void succeeded() {
        if (streak == 0) {
            return;
        }
        if (warnedThisStreak) {
            log.info("{} recovered after {} failed cycle(s)", what, streak);
        }
        streak = 0;
        warnedThisStreak = false;
    }

    /** Failures in the current streak. */
    public synchronized long currentStreak() {
        return streak;
    }
}
