package io.calibrax.monitoring;

import io.calibrax.api.Alert;
import io.calibrax.api.AlertSeverity;

import java.time.Instant;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The delivery log: a fixed-size ring of alerts that every handler's thread reads with its own
 * cursor, in the style of a multi-consumer ring buffer.
 *
 * <p>Publishing costs the same however many handlers there are, and nothing a handler does can
 * slow it down: a handler that falls a whole ring behind loses its oldest alerts (each counted as
 * dropped by that handler) instead of blocking the producer. Each slot carries the sequence of the
 * alert it holds, written like a seqlock (marked busy, alert stored, sequence released), so a
 * reader can tell a ready slot from one not yet written or already overwritten.
 */
final class AlertLog {
    /** Marks a slot being written; below every real sequence. */
    private static final long WRITING = -1;

    private final AtomicReferenceArray<Alert> alerts;
    private final AtomicLongArray sequences;
    private final int mask;
    private final AtomicLong claimed = new AtomicLong();
    /** Handlers parked until the next publish; producers wake them only when this is non-zero. */
    final AtomicInteger sleepers = new AtomicInteger();

    AlertLog(int minimumCapacity) {
        int capacity = Integer.highestOneBit(Math.max(2, minimumCapacity - 1)) << 1;
        this.alerts = new AtomicReferenceArray<>(capacity);
        this.sequences = new AtomicLongArray(capacity);
        for (int i = 0; i < capacity; i++) {
            sequences.setPlain(i, WRITING);
        }
        this.mask = capacity - 1;
    }

    int capacity() {
        return mask + 1;
    }

    /** The number of alerts claimed so far: the sequence the next alert will get. */
    long head() {
        return claimed.get();
    }

    /** Stores the alert and returns its sequence. Never blocks. */
    long publish(Alert alert) {
        long sequence = claimed.getAndIncrement();
        int slot = (int) sequence & mask;
        sequences.set(slot, WRITING);
        alerts.setRelease(slot, alert);
        sequences.setRelease(slot, sequence);
        return sequence;
    }

    /**
     * The alert at {@code sequence}; {@code null} when it is not written yet. Throws nothing; when
     * the slot has been overwritten by a later lap, returns {@link #OVERWRITTEN}.
     */
    Alert read(long sequence) {
        int slot = (int) sequence & mask;
        long before = sequences.getAcquire(slot);
        if (before == sequence) {
            Alert alert = alerts.getAcquire(slot);
            long after = sequences.getAcquire(slot);
            if (after == sequence) {
                return alert;
            }
            before = after;
        }
        if (before > sequence || (before == WRITING && claimed.get() - sequence > mask + 1)) {
            return OVERWRITTEN;
        }
        return null;
    }

    /** Returned by {@link #read} for an alert lost to a later lap of the ring. */
    static final Alert OVERWRITTEN = new Alert("overwritten", AlertSeverity.INFO, "calibrax_overwritten", 0, 0,
            Instant.EPOCH, null);
}
