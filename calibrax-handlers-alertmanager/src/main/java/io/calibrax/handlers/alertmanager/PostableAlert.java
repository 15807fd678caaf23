package io.calibrax.handlers.alertmanager;

import org.jspecify.annotations.Nullable;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One element of the JSON array that {@code POST /api/v2/alerts} takes. Its labels are its
 * identity in Alertmanager; annotations are informative and replaced by each post. Immutable.
 *
 * @param labels       identity; sorted, never empty
 * @param annotations  summary, value, threshold, trend and the other metadata
 * @param startsAt     when the alert began firing
 * @param endsAt       when it was resolved; null while it fires (Alertmanager then keeps it for its
 *                     {@code resolve_timeout} after the latest post)
 * @param generatorUrl a link back to the source, or null
 */
record PostableAlert(
        Map<String, String> labels,
        Map<String, String> annotations,
        Instant startsAt,
        @Nullable Instant endsAt,
        @Nullable String generatorUrl) {

    PostableAlert {
        labels = sortedCopy(labels, "labels");
        annotations = sortedCopy(annotations, "annotations");
        Objects.requireNonNull(startsAt, "startsAt");
        if (labels.isEmpty()) {
            throw new IllegalArgumentException("labels must not be empty");
        }
        if (endsAt != null && endsAt.isBefore(startsAt)) {
            endsAt = startsAt;
        }
    }

    /** The same alert, resolved at {@code at} and described by {@code newAnnotations}. */
    PostableAlert resolvedAt(Instant at, Map<String, String> newAnnotations) {
        return new PostableAlert(labels, newAnnotations, startsAt, at, generatorUrl);
    }

    /** True when it carries an end time. */
    boolean isResolved() {
        return endsAt != null;
    }

    /**
     * The JSON object Alertmanager's API v2 expects. Times are RFC 3339 in UTC, which is what
     * {@link Instant#toString()} writes.
     */
    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("labels", labels);
        json.put("annotations", annotations);
        json.put("startsAt", startsAt.toString());
        if (endsAt != null) {
            json.put("endsAt", endsAt.toString());
        }
        if (generatorUrl != null) {
            json.put("generatorURL", generatorUrl);
        }
        return json;
    }

    private static Map<String, String> sortedCopy(Map<String, String> map, String name) {
        Objects.requireNonNull(map, name);
        return Collections.unmodifiableMap(new TreeMap<>(map));
    }
}
