package io.calibrax.monitoring;

import io.calibrax.api.Alert;
import io.calibrax.api.AlertSeverity;

import java.util.ArrayList;
import java.util.List;

/** A fixed-capacity ring of alerts, oldest overwritten first; every method is synchronized. */
final class AlertStore {
    private final Alert[] ring;
    private int head; // index of the oldest alert
    private int size;

    AlertStore(int capacity) {
        this.ring = new Alert[capacity];
    }

    synchronized void add(Alert alert) {
        if (size < ring.length) {
            ring[(head + size) % ring.length] = alert;
            size++;
        } else {
            ring[head] = alert;
            head = (head + 1) % ring.length;
        }
    }

    /** Newest first, at most {@code count}. */
    synchronized List<Alert> newest(int count) {
        int n = Math.min(count, size);
        List<Alert> result = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            result.add(ring[(head + size - 1 - i) % ring.length]);
        }
        return result;
    }

    /** Oldest first. */
    synchronized List<Alert> withSeverity(AlertSeverity severity) {
        List<Alert> result = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            Alert alert = ring[(head + i) % ring.length];
            if (alert.severity() == severity) {
                result.add(alert);
            }
        }
        return result;
    }

    synchronized void clear() {
        java.util.Arrays.fill(ring, null);
        head = 0;
        size = 0;
    }

    synchronized int size() {
        return size;
    }

    int capacity() {
        return ring.length;
    }
}
