package io.calibrax.monitoring;

import io.calibrax.api.Alert;
import io.calibrax.api.AlertSeverity;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The newest alerts, in a fixed-capacity ring that overwrites the oldest first. Lock-free: adding
 * is one atomic increment and three ordered stores, so concurrent producers never wait for each
 * other or for a reader. Each slot carries its alert's sequence (written like a seqlock), so a
 * reader skips a slot that is being written or was overwritten while it read.
 */
final class AlertStore {
    private static final long WRITING = -1;

    private final AtomicReferenceArray<Alert> alerts;
    private final AtomicLongArray sequences;
    private final int capacity;
    private final AtomicLong head = new AtomicLong();
    private volatile long clearedBefore;

    AlertStore(int capacity) {
        this.capacity = capacity;
        this.alerts = new AtomicReferenceArray<>(capacity);
        this.sequences = new AtomicLongArray(capacity);
        for (int i = 0; i < capacity; i++) {
            sequences.setPlain(i, WRITING);
        }
    }

    void add(Alert alert) {
        long sequence = head.getAndIncrement();
        int slot = (int) (sequence % capacity);
        sequences.set(slot, WRITING);
        alerts.setRelease(slot, alert);
        sequences.setRelease(slot, sequence);
    }

    private Alert read(long sequence) {
        int slot = (int) (sequence % capacity);
        if (sequences.getAcquire(slot) != sequence) {
            return null;
        }
        Alert alert = alerts.getAcquire(slot);
        return sequences.getAcquire(slot) == sequence ? alert : null;
    }

    /** Newest first, at most {@code count}. */
    List<Alert> newest(int count) {
        long end = head.get();
        long from = Math.max(clearedBefore, end - capacity);
        List<Alert> result = new ArrayList<>((int) Math.min(count, Math.max(0, end - from)));
        for (long sequence = end - 1; sequence >= from && result.size() < count; sequence--) {
            Alert alert = read(sequence);
            if (alert != null) {
                result.add(alert);
            }
        }
        return result;
    }

    /** Oldest first. */
    List<Alert> withSeverity(AlertSeverity severity) {
        long end = head.get();
        List<Alert> result = new ArrayList<>();
        for (long sequence = Math.max(clearedBefore, end - capacity); sequence < end; sequence++) {
            Alert alert = read(sequence);
            if (alert != null && alert.severity() == severity) {
                result.add(alert);
            }
        }
        return result;
    }

    /**
     * Forgets every alert stored so far. Their slots are reused (and their alerts released) as new
     * alerts arrive; the ring never holds more than its capacity.
     */
    void clear() {
        clearedBefore = head.get();
    }

    int size() {
        long end = head.get();
        return (int) Math.min(capacity, end - Math.min(end, clearedBefore));
    }

    int capacity() {
        return capacity;
    }
}
