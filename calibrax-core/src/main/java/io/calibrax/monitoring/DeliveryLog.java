package io.calibrax.monitoring;

import io.calibrax.api.Alert;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The alerts of one {@link AlertManager} on their way to its handlers: one log, written once per
 * alert whatever the number of handlers, that every handler's {@link HandlerQueue} reads from its
 * own position, under one lock. A trigger does not take that lock: it adds the alert to an intake
 * (the JDK's {@link ConcurrentLinkedQueue}), which the workers move into the log, in order, when
 * they take what they have not read yet; a producer moves it itself only when it has grown large
 * (the workers are busy or stuck) or a worker sleeps and must be woken. So producers and workers
 * rarely meet on the lock.
 *
 * <p>Each handler's queue stays bounded by the capacity, counting the alerts in its worker's hand:
 * an alert for a handler whose queue is full makes it lose its oldest, counted as dropped for that
 * handler alone. One comparison tells the common append that no queue is full. The log grows on
 * demand up to the power of two that holds the capacity; a handler that falls that far behind
 * through entries kept from it (routing) moves the few alerts it still has to read out of the log
 * into its own overflow, so that it never holds the log back.
 *
 * <p>An entry may be kept from some handlers: suppressed (routing, a silence or an inhibition kept
 * it from them: counted as {@code suppressed} at once) or hidden (never offered to them: the warning
 * about a failing handler is not sent to that handler, and alerts forwarded to a fallback go to the
 * fallback alone). Such entries carry a {@link Skips}; the common entry carries none.
 *
 * <p>Thread-safe: every field is guarded by {@link #lock}, which no one holds while a handler runs.
 */
final class DeliveryLog {
    /** The intake a producer lets grow before it moves it into the log itself. */
    static final int DRAIN_AT = 4096;
    /** Triggers a drain allows for beyond the intake's count: those offered and not yet counted. */
    private static final int IN_FLIGHT = 1024;
    /** The log's first length: it grows only while handlers fall behind. */
    private static final int INITIAL_LENGTH = 1024;

    final ReentrantLock lock = new ReentrantLock();
    private final int capacity;
    /** The power of two that holds the capacity: a position's slot is then a mask away. */
    private final int maxLength;
    private Alert[] alerts;
    private Skips[] skips;
    private final List<HandlerQueue> queues = new ArrayList<>();
    /** The position of the next entry. */
    private long next;
    /** The lowest position a queue has yet to read ({@code next} when none has): what the log holds. */
    private long lowestUnread;
    /** The lowest {@link HandlerQueue#roomBaseLocked()}: some queue is full once {@code next} is a capacity past it. */
    private long lowestRoomBase = Long.MAX_VALUE;
    /** Alerts refused after {@link #close}, dropped for every handler. */
    private long refused;
    /** Workers asleep until an alert comes; read by producers without the lock. */
    private volatile int sleepers;
    private volatile boolean closed;
    /**
     * Alerts offered and not yet in the log (an {@link Alert}, or an {@link Entry} when it is kept
     * from some handlers): producers add to it without the lock, whoever holds the lock moves it
     * into the log.
     */
    private final ConcurrentLinkedQueue<Object> intake = new ConcurrentLinkedQueue<>();
    /** About how many alerts the intake holds. */
    private final AtomicInteger pending = new AtomicInteger();
    private final Consumer<List<HandlerQueue>> dropWarnings;

    /** A log for queues of {@code capacity} alerts each, telling {@code dropWarnings} of the queues that lose alerts. */
    DeliveryLog(int capacity, Consumer<List<HandlerQueue>> dropWarnings) {
        this.capacity = capacity;
        this.dropWarnings = dropWarnings;
        this.maxLength = capacity <= 1 ? 1 : Integer.highestOneBit(capacity - 1) << 1;
        this.alerts = new Alert[Math.min(INITIAL_LENGTH, maxLength)];
        this.skips = new Skips[alerts.length];
    }

    int capacity() {
        return capacity;
    }

    /** Adds the queue of a new handler, which reads from the next entry on; its index is its position. */
    HandlerQueue newQueue() {
        lock.lock();
        try {
            drainLocked(); // what was offered before goes to the handlers there were
            HandlerQueue queue = new HandlerQueue(this, queues.size(), next, refused);
            queues.add(queue);
            lowestRoomBase = lowestRoomBaseLocked();
            return queue;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Producer: hands an alert, kept from the handlers {@code skip} names (null: none), to the log
     * without taking its lock: it joins the intake, which the workers move into the log when they
     * take. The producer moves it itself only when the intake has grown to {@value #DRAIN_AT}
     * alerts (every worker is busy or stuck) or a worker sleeps and must be woken.
     */
    void offer(Alert alert, Skips skip) {
        if (closed) {
            drain(alert, skip);
            return;
        }
        intake.offer(skip == null ? alert : new Entry(alert, skip));
        if (pending.incrementAndGet() >= DRAIN_AT || sleepers > 0) {
            drain(null, null);
        }
    }

    /** Moves the intake into the log under the lock, then {@code alert} unless it is null. */
    private void drain(Alert alert, Skips skip) {
        lock.lock();
        try {
            drainLocked();
            if (alert != null) {
                warn(appendLocked(alert, skip, null));
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Moves what the intake holds into the log, in the order it was offered, warns of the queues
     * that lost alerts to make room (a rate-limited log line, rarely), and wakes the workers that
     * sleep.
     */
    void drainLocked() {
        // bounded, so that producers faster than the drain cannot hold it here; the bound still
        // covers every alert whose trigger returned before the drain began (counted in pending),
        // and those of up to IN_FLIGHT triggers between their offer and their count
        int limit = Math.max(0, pending.get()) + IN_FLIGHT;
        int moved = 0;
        List<HandlerQueue> lost = null;
        Object entry;
        while (moved < limit && (entry = intake.poll()) != null) {
            moved++;
            lost = entry instanceof Entry skipped ? appendLocked(skipped.alert, skipped.skip, lost)
                    : appendLocked((Alert) entry, null, lost);
        }
        warn(lost); // once for the whole intake
        if (moved > 0) {
            pending.addAndGet(-moved);
            if (sleepers > 0) {
                for (HandlerQueue queue : queues) {
                    queue.wakeLocked();
                }
            }
        }
    }

    private void warn(List<HandlerQueue> lost) {
        if (lost != null) {
            dropWarnings.accept(lost);
        }
    }

    /**
     * Appends an alert to the log, making room in the queues that are full.
     *
     * @param lost the queues that lost alerts so far (null: none)
     * @return those and the queues that lost one now (null: none)
     */
    private List<HandlerQueue> appendLocked(Alert alert, Skips skip, List<HandlerQueue> lost) {
        if (closed) {
            refused++;
            return queues.isEmpty() ? lost : List.copyOf(queues);
        }
        long position = next;
        boolean madeRoom = false;
        if (position + 1 - lowestRoomBase > capacity) { // a queue is full: those this alert is for lose their oldest
            lost = makeRoom(position, skip, lost);
            madeRoom = true;
            release(lowestUnreadLocked());
        }
        if (position - lowestUnread >= alerts.length) { // the slot holds an entry some queue has not read
            if (alerts.length < maxLength) {
                grow();
            } else {
                spill(position - alerts.length);
            }
        }
        int slot = slot(position);
        alerts[slot] = alert;
        skips[slot] = skip;
        next = position + 1;
        if (skip != null || madeRoom) {
            for (HandlerQueue queue : queues) {
                queue.appendedLocked(position, skip);
            }
            lowestRoomBase = lowestRoomBaseLocked();
            release(lowestUnreadLocked());
        }
        return lost;
    }

    private List<HandlerQueue> makeRoom(long position, Skips skip, List<HandlerQueue> lost) {
        for (HandlerQueue queue : queues) {
            boolean forIt = skip == null || !skip.skips(queue.index());
            if (forIt && position + 1 - queue.roomBaseLocked() > capacity && queue.loseOldestLocked(position)) {
                if (lost == null) {
                    lost = new ArrayList<>(1);
                }
                if (!lost.contains(queue)) {
                    lost.add(queue);
                }
            }
        }
        return lost;
    }

    private int slot(long position) {
        return (int) position & (alerts.length - 1);
    }

    /** Doubles the log, keeping what some queue has not read. */
    private void grow() {
        Alert[] oldAlerts = alerts;
        Skips[] oldSkips = skips;
        alerts = new Alert[2 * oldAlerts.length];
        skips = new Skips[alerts.length];
        for (long position = lowestUnread; position < next; position++) {
            int from = (int) position & (oldAlerts.length - 1);
            alerts[slot(position)] = oldAlerts[from];
            skips[slot(position)] = oldSkips[from];
        }
    }

    /** The log is full to its longest: every queue that has not read {@code position} moves its alerts out. */
    private void spill(long position) {
        for (HandlerQueue queue : queues) {
            if (queue.cursorLocked() <= position) {
                queue.spillLocked();
            }
        }
        release(lowestUnreadLocked());
    }

    /** Stops intake: later alerts are refused, counted as dropped for every handler. */
    void close() {
        lock.lock();
        try {
            drainLocked(); // what was offered before delivers
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

    /**
     * A worker goes to sleep until an alert comes ({@code +1}), or woke ({@code -1}). A worker going
     * to sleep must drain the intake once more after this: a producer that offered before it could
     * see the sleeper did not drain.
     */
    void sleepersLocked(int change) {
        sleepers += change; // written under the lock only
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

    /** A queue read, settled or gave up alerts: what the log holds and how full the queues are may have changed. */
    void movedLocked() {
        lowestRoomBase = lowestRoomBaseLocked();
        release(lowestUnreadLocked());
    }

    /** Every queue has read up to {@code lowest}: lets go of the entries before it. */
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

    private long lowestRoomBaseLocked() {
        long lowest = Long.MAX_VALUE;
        for (HandlerQueue queue : queues) {
            lowest = Math.min(lowest, queue.roomBaseLocked());
        }
        return lowest;
    }

    /** An alert in the intake with the handlers it is kept from. */
    private record Entry(Alert alert, Skips skip) {
    }

    /**
     * Which handlers (by index) an entry is kept from: suppressed (counted so) or hidden (not offered).
     * It takes the sets it is given, which their maker no longer changes; immutable from then on.
     */
    static final class Skips {
        private final BitSet suppressed;
        private final BitSet hidden;

        Skips(BitSet suppressed, BitSet hidden) {
            this.suppressed = suppressed;
            this.hidden = hidden;
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
