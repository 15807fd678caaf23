package io.calibrax.monitoring;

import io.calibrax.api.Alert;
import io.calibrax.api.Matcher;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A silence: while it is active, an alert that every matcher matches is stored (the recent-alert
 * queries see it) but reaches no handler, and counts as {@code suppressed} for each. Made by
 * {@link AlertManager#silence}; immutable and thread-safe.
 *
 * @param id       a unique id, for {@link AlertManager#expireSilence}
 * @param matchers the alerts it silences; at least one
 * @param startsAt when it starts
 * @param endsAt   when it ends; after {@code startsAt}
 * @param comment  why, for people; may be empty
 * @since 0.1.0
 */
public record Silence(String id, List<Matcher> matchers, Instant startsAt, Instant endsAt, String comment) {

    /**
     * Validates and copies.
     *
     * @throws IllegalArgumentException for a blank id, no matcher, or an end not after the start
     */
    public Silence {
        Objects.requireNonNull(id, "id");
        if (id.isBlank()) {
            throw new IllegalArgumentException("id must not be blank");
        }
        matchers = List.copyOf(Objects.requireNonNull(matchers, "matchers"));
        if (matchers.isEmpty()) {
            throw new IllegalArgumentException("matchers: a silence needs at least one matcher");
        }
        Objects.requireNonNull(startsAt, "startsAt");
        Objects.requireNonNull(endsAt, "endsAt");
        if (!endsAt.isAfter(startsAt)) {
            throw new IllegalArgumentException("endsAt must be after startsAt, got " + startsAt + " to " + endsAt);
        }
        comment = comment == null ? "" : comment;
    }

    /** Whether it is in force at {@code now}. */
    public boolean isActiveAt(Instant now) {
        return !now.isBefore(startsAt) && now.isBefore(endsAt);
    }

    /** Whether it silences {@code alert} at {@code now}. */
    public boolean silences(Alert alert, Instant now) {
        return isActiveAt(now) && Matcher.matchesAll(matchers, alert);
    }

    /**
     * A JSON-ready map: {@code id}, {@code matchers} (Alertmanager's syntax), {@code starts_at} and
     * {@code ends_at} (ISO-8601), {@code comment}.
     */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("id", id);
        map.put("matchers", Matcher.toString(matchers));
        map.put("starts_at", startsAt.toString());
        map.put("ends_at", endsAt.toString());
        map.put("comment", comment);
        return map;
    }
}
