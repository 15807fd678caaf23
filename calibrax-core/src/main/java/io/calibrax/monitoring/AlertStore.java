package io.calibrax.monitoring;

import io.calibrax.api.Alert;
import io.calibrax.api.AlertSeverity;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The newest alerts, at most {@code capacity}, the oldest dropped first. A plain lock around an
 * {@link ArrayDeque}, which grows as alerts arrive (a large capacity costs nothing until used).
 *
 * <p>Thread-safe: every method holds the store's lock for a short, bounded time.
 */
final class AlertStore {
    private final ArrayDeque<Alert> alerts = new ArrayDeque<>();
    private final int capacity;

    AlertStore(int capacity) {
        this.capacity = capacity;
    }

    synchronized void add(Alert alert) {
        if (alerts.size() == capacity) {
            alerts.pollFirst();
        }
        alerts.addLast(alert);
    }

    /** Newest first, at most {@code count}. */
    synchronized List<Alert> newest(int count) {
        List<Alert> result = new ArrayList<>(Math.min(count, alerts.size()));
        for (Iterator<Alert> it = alerts.descendingIterator(); it.hasNext() && result.size() < count; ) {
            result.add(it.next());
        }
        return result;
    }

    /** Oldest first. */
    synchronized List<Alert> withSeverity(AlertSeverity severity) {
        List<Alert> result = new ArrayList<>();
        for (Alert alert : alerts) {
            if (alert.severity() == severity) {
                result.add(alert);
            }
        }
        return result;
    }

    synchronized void clear() {
        alerts.clear();
    }

    synchronized int size() {
        return alerts.size();
    }

    int capacity() {
        return capacity;
    }
}
