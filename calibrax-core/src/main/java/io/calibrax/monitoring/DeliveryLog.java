package io.calibrax.monitoring;

import io.calibrax.api.Alert;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The alerts of one {@link AlertManager} on their way to its handlers: one bounded log, written once
 * per alert whatever the number of handlers, that every handler's {@link HandlerQueue} reads from
 * its own position, under one lock. A trigger appends the alert (a few nanoseconds under the lock);
 * a handler's worker copies what it has not read yet. When the log is full, appending overwrites the
 * oldest entry: a handler that had not read it yet (it is {@code capacity} alerts behind) loses it,
 * counted as dropped for that handler alone, and is warned about by the caller.
 *
 * <p>An entry may be kept from some handlers: suppressed (routing, a silence or an inhibition kept
 * it from them: counted as {@code suppressed} at once) or hidden (never offered to them: the warning
 * about a failing handler is not sent to that handler, and alerts forwarded to a fallback go to the
 * fallback alone). Such entries carry a {@link Skips}; the common entry carries none.
 *
 * <p>Thread-safe: every field is guarded by {@link #lock}, which no one holds while a handler runs.
 */
final class DeliveryLog {
    /** The log's first length: it grows, up to its capacity, only while handlers fall behind. */
    private static final int INITIAL_LENGTH = 1024;

    final ReentrantLock lock = new ReentrantLock();
    private final int capacity;
    private Alert[] alerts;
    private Skips[] skips;
    private final List<HandlerQueue> queues = new ArrayList<>();
    /** The position of the next entry; entries from {@code next - capacity} on are still held. */
    private long next;
    /** The lowest position a queue has yet to read (no queue: {@code next}). */
    private long lowestUnread;
    /** Alerts refused after {@link #close}, dropped for every handler. */
    private long refused;
    /** Workers asleep until an alert wakes them. */
    private int sleepers;
    private boolean closed;

    /** A log of the latest {@code capacity} alerts. */
    DeliveryLog(int capacity) {
        this.capacity = capacity;
        this.alerts = new Alert[Math.min(INITIAL_LENGTH, lengthFor(capacity))];
        this.skips = new Skips[alerts.length];
    }

    /** The power of two that holds {@code capacity} entries: a position's slot is then a mask away. */
    private static int lengthFor(int capacity) {
        return capacity <= 1 ? 1 : Integer.highestOneBit(capacity - 1) << 1;
    }

    int capacity() {
        return capacity;
    }

    /** Adds the queue of a new handler, which reads from the next entry on; its index is its position. */
    HandlerQueue newQueue() {
        lock.lock();
        try {
            HandlerQueue queue = new HandlerQueue(this, queues.size(), next, refused);
            queues.add(queue);
            return queue;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Appends an alert, kept from the handlers {@code skip} names (null: none); wakes the workers
     * that sleep.
     *
     * @return the queues that lost an unread alert to make room (empty almost always), or null
     */
    List<HandlerQueue> append(Alert alert, Skips skip) {
        lock.lock();
        try {
            if (closed) {
                refused++;
                return queues.isEmpty() ? null : List.copyOf(queues);
            }
            List<HandlerQueue> lost = null;
            long position = next;
            if (position - lowestUnread >= capacity) { // a handler is a full log behind: it loses its oldest
                lost = overwrite(position - capacity, skips[slot(position - capacity)]);
            } else if (position - lowestUnread >= alerts.length) { // the log is full of entries someone has not read
                grow();
            }
            int slot = slot(position);
            alerts[slot] = alert;
            skips[slot] = skip;
            next = position + 1;
            if (skip != null) {
                for (HandlerQueue queue : queues) {
                    queue.skippedLocked(skip);
                }
            }
            if (queues.isEmpty()) {
                release(next);
            }
            if (sleepers > 0) {
                for (HandlerQueue queue : queues) {
                    queue.wakeLocked();
                }
            }
            return lost;
        } finally {
            lock.unlock();
        }
    }

    private int slot(long position) {
        return (int) position & (alerts.length - 1);
    }

    /** Doubles the log (never past the power of two that holds its capacity), keeping what some handler has not read. */
    private void grow() {
        Alert[] oldAlerts = alerts;
        Skips[] oldSkips = skips;
        int length = 2 * oldAlerts.length;
        alerts = new Alert[length];
        skips = new Skips[length];
        for (long position = lowestUnread; position < next; position++) {
            int from = (int) position & (oldAlerts.length - 1);
            alerts[slot(position)] = oldAlerts[from];
            skips[slot(position)] = oldSkips[from];
        }
    }

    /** The entry at {@code position} is overwritten: every queue that had not read it loses it. */
    private List<HandlerQueue> overwrite(long position, Skips skip) {
        List<HandlerQueue> lost = new ArrayList<>(1);
        for (HandlerQueue queue : queues) {
            if (queue.loseLocked(position, skip)) {
                lost.add(queue);
            }
        }
        release(lowestUnreadLocked());
        return lost;
    }

    /** Stops intake: later alerts are refused, counted as dropped for every handler. */
    void close() {
        lock.lock();
        try {
            closed = true;
            for (HandlerQueue queue : queues) {
                queue.wakeAllLocked();
            }
        } finally {
            lock.unlock();
        }
    }

    // What follows is called by the queues, holding the lock.

    boolean closedLocked() {
        return closed;
    }

    /** A worker goes to sleep until an alert comes ({@code +1}), or woke ({@code -1}). */
    void sleepersLocked(int change) {
        sleepers += change;
    }

    long nextLocked() {
        return next;
    }

    long refusedLocked() {
        return refused;
    }

    Alert alertLocked(long position) {
        return alerts[slot(position)];
    }

    Skips skipsLocked(long position) {
        return skips[slot(position)];
    }

    /** A queue read past what it had not read: the lowest unread position may have moved. */
    void movedLocked() {
        release(lowestUnreadLocked());
    }

    /** Every handler has read up to {@code lowest}: lets go of the entries before it. */
    private void release(long lowest) {
        for (long position = lowestUnread; position < lowest; position++) {
            int slot = slot(position);
            alerts[slot] = null;
            skips[slot] = null;
        }
        lowestUnread = lowest;
    }

    private long lowestUnreadLocked() {
        long lowest = next;
        for (HandlerQueue queue : queues) {
            lowest = Math.min(lowest, queue.cursorLocked());
        }
        return lowest;
    }

    /**
     * Which handlers (by index) an entry is kept from: suppressed (counted so) or hidden (not offered).
     * Immutable.
     */
    static final class Skips {
        private final BitSet suppressed;
        private final BitSet hidden;

        Skips(BitSet suppressed, BitSet hidden) {
            this.suppressed = (BitSet) suppressed.clone();
            this.hidden = (BitSet) hidden.clone();
        }

        /** True if the handler at {@code index} does not receive the entry. */
        boolean skips(int index) {
            return suppressed.get(index) || hidden.get(index);
        }

        boolean suppresses(int index) {
            return suppressed.get(index);
        }

        boolean hides(int index) {
            return hidden.get(index);
        }
    }
}
