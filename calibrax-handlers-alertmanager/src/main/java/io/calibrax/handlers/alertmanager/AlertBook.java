package io.calibrax.handlers.alertmanager;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What this process has told Alertmanager and must keep telling it: the firing alerts (re-sent
 * every resend interval, or Alertmanager forgets them after its {@code resolve_timeout}) and the
 * recently resolved ones (re-sent for a retention period, as Prometheus does, so a resolution
 * survives an Alertmanager that was down or an HA peer that missed it).
 *
 * <p>Firing alerts are keyed by their labels without {@code severity}: when a breach changes
 * severity, the alert under the old labels is resolved and the new one fires. Both maps are
 * bounded; the oldest entry is given up first, with a warning.
 *
 * <p>Thread-safe: every method is synchronized.
 */
final class AlertBook {
    private static final Logger log = LoggerFactory.getLogger(AlertBook.class);

    private record Retained(PostableAlert alert, long retainUntilNanos) {
    }

    private final Map<Map<String, String>, PostableAlert> firing = new LinkedHashMap<>();
    /** For firing alerts sent with their own end time: when to stop re-sending them (nanoTime). */
    private final Map<Map<String, String>, Long> firingUntil = new java.util.HashMap<>();
    private final Map<Map<String, String>, Retained> resolved = new LinkedHashMap<>();
    private final long retentionNanos;
    private final int capacity;
    private long givenUp;

    AlertBook(long retentionNanos, int capacity) {
        this.retentionNanos = retentionNanos;
        this.capacity = capacity;
    }

    /**
     * Records a firing alert.
     *
     * @return what to send now: the alert, and the alert it replaces when its severity changed
     */
    synchronized List<PostableAlert> fire(PostableAlert alert, long nowNanos) {
        return fire(alert, nowNanos, -1);
    }

    /**
     * Records a firing alert that ends by itself after {@code ttlNanos} (when not negative): it is
     * re-sent until then, carrying its {@code endsAt}, then forgotten.
     */
    synchronized List<PostableAlert> fire(PostableAlert alert, long nowNanos, long ttlNanos) {
        Map<String, String> key = AlertMapper.identity(alert.labels());
        if (ttlNanos >= 0) {
            firingUntil.put(key, nowNanos + ttlNanos);
        } else {
            firingUntil.remove(key);
        }
        List<PostableAlert> send = new ArrayList<>(2);
        PostableAlert previous = firing.remove(key);
        PostableAlert current = alert;
        if (previous != null && previous.labels().equals(alert.labels())) {
            // the same breach raised again: it has been firing since the first time
            current = new PostableAlert(alert.labels(), alert.annotations(), previous.startsAt(), alert.endsAt(),
                    alert.generatorUrl());
        } else if (previous != null) {
            PostableAlert ended = previous.resolvedAt(alert.startsAt(), previous.annotations());
            retain(ended, nowNanos);
            send.add(ended);
        }
        resolved.remove(current.labels());
        firing.put(key, current);
        send.add(current);
        trim(nowNanos);
        return send;
    }

    /**
     * Records a resolution of the alert firing under {@code labels}' identity.
     *
     * @return what to send now: the firing alert's labels with an end time; empty when nothing
     *         with this identity fires
     */
    synchronized List<PostableAlert> resolve(Map<String, String> labels, Map<String, String> annotations,
                                             Instant at, long nowNanos) {
        PostableAlert previous = firing.remove(AlertMapper.identity(labels));
        firingUntil.remove(AlertMapper.identity(labels));
        if (previous == null) {
            return List.of();
        }
        PostableAlert ended = previous.resolvedAt(at, annotations);
        retain(ended, nowNanos);
        trim(nowNanos);
        return List.of(ended);
    }

    /** Everything to re-send now: every firing alert and every resolution still retained. */
    synchronized List<PostableAlert> all(long nowNanos) {
        expire(nowNanos);
        List<PostableAlert> all = new ArrayList<>(firing.size() + resolved.size());
        all.addAll(firing.values());
        for (Retained retained : resolved.values()) {
            all.add(retained.alert());
        }
        return all;
    }

    synchronized int firingCount() {
        return firing.size();
    }

    synchronized int resolvedCount() {
        return resolved.size();
    }

    private void retain(PostableAlert ended, long nowNanos) {
        resolved.remove(ended.labels());
        resolved.put(ended.labels(), new Retained(ended, nowNanos + retentionNanos));
    }

    private void expire(long nowNanos) {
        resolved.values().removeIf(retained -> nowNanos - retained.retainUntilNanos() >= 0);
        // events sent with their own end time stop being re-sent once it has passed
        firingUntil.entrySet().removeIf(until -> {
            if (nowNanos - until.getValue() >= 0) {
                firing.remove(until.getKey());
                return true;
            }
            return false;
        });
    }

    private void trim(long nowNanos) {
        expire(nowNanos);
        long before = givenUp;
        givenUp += evictOldest(firing, capacity);
        firingUntil.keySet().retainAll(firing.keySet());
        givenUp += evictOldest(resolved, capacity);
        if (givenUp > before) {
            log.warn("Alertmanager handler tracks more than {} alerts: stopped re-sending the {} oldest"
                    + " (Alertmanager drops them after its resolve_timeout; {} given up in total)",
                    capacity, givenUp - before, givenUp);
        }
    }

    private static int evictOldest(Map<?, ?> map, int capacity) {
        int evicted = 0;
        Iterator<?> oldest = map.keySet().iterator();
        while (map.size() > capacity && oldest.hasNext()) {
            oldest.next();
            oldest.remove();
            evicted++;
        }
        return evicted;
    }
}
