package io.calibrax.monitoring.internal.routing;

import io.calibrax.api.Alert;
import io.calibrax.api.Matcher;
import io.calibrax.monitoring.Silence;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * The silences of one alert manager. Guarded by its own monitor: silences are few and change
 * rarely, and the check on each alert is a short scan.
 *
 * @since 0.1.0
 */
public final class SilenceBook {
    /** At most this many silences are kept at once; an ended one is forgotten. */
    public static final int MAX_SILENCES = 10_000;

    private final Clock clock;
    private final Map<String, Silence> silences = new LinkedHashMap<>();
    private volatile boolean empty = true;

    public SilenceBook(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Adds a silence starting now.
     *
     * @throws IllegalArgumentException for bad matchers (naming the text), no matcher, a
     *                                  non-positive duration, or too many silences
     */
    public Silence add(String matchers, Duration duration, String comment) {
        Objects.requireNonNull(matchers, "matchers");
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("duration must be positive, got " + duration);
        }
        List<Matcher> parsed = Matcher.parse(matchers);
        if (parsed.isEmpty()) {
            throw new IllegalArgumentException("matchers: a silence needs at least one matcher, got '" + matchers + "'");
        }
        Instant now = clock.instant();
        Instant end = duration.compareTo(Duration.ofDays(365 * 100)) > 0 ? now.plus(Duration.ofDays(365 * 100))
                : now.plus(duration);
        Silence silence = new Silence(UUID.randomUUID().toString(), parsed, now, end, comment);
        synchronized (silences) {
            prune(now);
            if (silences.size() >= MAX_SILENCES) {
                throw new IllegalArgumentException("too many silences: at most " + MAX_SILENCES
                        + " may be active at once");
            }
            silences.put(silence.id(), silence);
            empty = false;
        }
        return silence;
    }

    /** Ends a silence now; false when no active silence has that id. */
    public boolean expire(String id) {
        Objects.requireNonNull(id, "id");
        synchronized (silences) {
            prune(clock.instant());
            boolean removed = silences.remove(id) != null;
            empty = silences.isEmpty();
            return removed;
        }
    }

    /** The silences in force now, oldest first. */
    public List<Silence> active() {
        Instant now = clock.instant();
        synchronized (silences) {
            prune(now);
            return List.copyOf(new ArrayList<>(silences.values()));
        }
    }

    /** Whether an active silence matches the alert now. */
    public boolean silences(Alert alert) {
        if (empty) {
            return false;
        }
        Instant now = clock.instant();
        synchronized (silences) {
            for (Silence silence : silences.values()) {
                if (silence.silences(alert, now)) {
                    return true;
                }
            }
            return false;
        }
    }

    private void prune(Instant now) {
        for (Iterator<Silence> it = silences.values().iterator(); it.hasNext(); ) {
            if (!now.isBefore(it.next().endsAt())) {
                it.remove();
            }
        }
        empty = silences.isEmpty();
    }
}
