package io.calibrax.monitoring;

import io.calibrax.api.Alert;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One handler's view of its manager's {@link DeliveryLog}: where it has read up to, the alerts it
 * moved out of the log while it lagged (its overflow), and its counts, under the log's lock. Its
 * queue is its overflow plus what the log holds past its position, less the entries kept from it;
 * with the alerts in its worker's hand it is bounded by the capacity, and an alert for a full queue
 * makes it lose its oldest, counted as dropped. The handler's worker {@link #take takes} alerts
 * into its hand and {@link #settle settles} them as delivered or failed. Every count changes under
 * the lock, so {@code offered == delivered + failed + dropped + suppressed + queued + inHand} holds
 * at every instant and {@link #stats} reads it whole. Nobody holds the lock while a handler runs.
 *
 * <p>Producers never wait for the worker: they signal it only when it sleeps. An idle worker polls
 * with short timed waits for a while before it sleeps, and a worker that just delivered lingers a
 * moment while few alerts wait, so a steady stream of alerts costs the producers no wake-ups and
 * few meetings with the workers on the lock, for at most a millisecond of delay.
 */
final class HandlerQueue {
    /** Timed waits (each at most {@link #MAX_IDLE_WAIT_NANOS}) before an idle worker sleeps until signalled. */
    private static final int IDLE_WAITS = 40;
    private static final long MAX_IDLE_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    /**
     * After a delivery, a worker that finds fewer than {@link #LINGER_BELOW} alerts queued waits
     * this long (unsignalled) before it takes them, so that a stream of alerts is taken in batches
     * and its producers rarely meet the worker on the lock.
     */
    private static final long LINGER_NANOS = TimeUnit.MICROSECONDS.toNanos(250);
    private static final int LINGER_BELOW = 256;

    private final DeliveryLog log;
    private final ReentrantLock lock;
    private final Condition forWorker;
    private final Condition settledOne;
    private final int index;
    /**
     * The most a worker takes into its hand when it delivers one by one: half the capacity (at most
     * 4096), so a full queue always has a queued alert to drop, the oldest, never the newest.
     */
    private final int handMax;
    /** Alerts for this handler moved out of the log while it lagged, oldest first; all older than the cursor. */
    private final ArrayDeque<Alert> overflow = new ArrayDeque<>();
    /** The log's position when the handler was added: it is offered what comes from there on. */
    private final long start;
    private final long refusedBefore;

    // guarded by lock
    private long cursor;
    /** Entries from the cursor on that are kept from this handler (suppressed or hidden). */
    private long skippedAhead;
    private long hidden;
    private long delivered;
    private long failed;
    /** Overwritten in the log before the handler read them, or given up at the close deadline. */
    private long lost;
    private long suppressed;
    private int inHand;
    private int flushWaiters;
    /** The entry being appended is lost to this queue at once (its capacity is all in hand). */
    private boolean loseAppended;
    private boolean workerSleeps;
    /** How many queued alerts wake the sleeping worker: 1, or a digest's size while it gathers one. */
    private int wakeAt = 1;
    /** Written under the lock; read without it by the worker between alerts, which must stay cheap. */
    private volatile boolean abandoned;

    HandlerQueue(DeliveryLog log, int index, long start, long refusedBefore) {
        this.log = log;
        this.lock = log.lock;
        this.forWorker = lock.newCondition();
        this.settledOne = lock.newCondition();
        this.index = index;
        this.handMax = Math.max(1, Math.min(log.capacity() / 2, 4096));
        this.start = start;
        this.refusedBefore = refusedBefore;
        this.cursor = start;
    }

    /** The handler's position among its manager's handlers. */
    int index() {
        return index;
    }

    // Called by the log, holding the lock.

    long cursorLocked() {
        return cursor;
    }

    /**
     * Where this queue's room is measured from: it is full once the log's next position is a
     * capacity past it. It moves when the queue reads into its hand (no), settles (yes), loses an
     * alert or is kept from one (yes), not when an alert for it is appended.
     */
    long roomBaseLocked() {
        return cursor + skippedAhead - overflow.size() - inHand;
    }

    /**
     * The queue is full and an alert for it is about to be appended at {@code position}: it loses
     * its oldest queued alert, or the new one when its whole capacity is in the worker's hand.
     *
     * @return true (an alert was lost)
     */
    boolean loseOldestLocked(long position) {
        lost++;
        if (!overflow.isEmpty()) {
            overflow.pollFirst();
        } else if (position - cursor > skippedAhead) {
            while (skipped(cursor)) {
                cursor++;
                skippedAhead--;
            }
            cursor++;
        } else {
            loseAppended = true;
        }
        settledLocked();
        return true;
    }

    /** An entry was appended at {@code position}, kept from some handlers ({@code skip}) or lost to some queue. */
    void appendedLocked(long position, DeliveryLog.Skips skip) {
        if (loseAppended) {
            loseAppended = false;
            cursor = position + 1; // nothing for this handler was left unread: only entries kept from it
            skippedAhead = 0;
        } else if (skip != null && skip.skips(index)) {
            if (skip.hides(index)) {
                hidden++;
            } else {
                suppressed++;
                settledLocked();
            }
            if (cursor == position) {
                cursor++;
            } else {
                skippedAhead++;
            }
        }
    }

    /** The log is full to its longest and this queue holds its oldest entry back: moves its alerts out. */
    void spillLocked() {
        long next = log.nextLocked();
        for (; cursor < next; cursor++) {
            if (!skipped(cursor)) {
                overflow.addLast(log.alertLocked(cursor));
            }
        }
        skippedAhead = 0;
    }

    private boolean skipped(long position) {
        DeliveryLog.Skips skip = log.skipsLocked(position);
        return skip != null && skip.skips(index);
    }

    /** An alert was appended: wakes the worker if it sleeps and enough wait. */
    void wakeLocked() {
        if (workerSleeps && queuedLocked() >= wakeAt) {
            wokeLocked();
            forWorker.signal();
        }
    }

    /** The log closed, or the handler is given up on: wakes the worker whatever it waits for. */
    void wakeAllLocked() {
        if (workerSleeps) {
            wokeLocked();
        }
        forWorker.signalAll();
    }

    private long queuedLocked() {
        return overflow.size() + log.nextLocked() - cursor - skippedAhead;
    }

    private void settledLocked() {
        if (flushWaiters > 0) {
            settledOne.signalAll();
        }
    }

    /** Sleeps until {@code wanted} alerts are queued (or longer), for {@code nanos} at most (negative: no limit). */
    private long sleepLocked(int wanted, long nanos) throws InterruptedException {
        workerSleeps = true;
        wakeAt = wanted;
        log.sleepersLocked(1);
        try {
            log.drainLocked(); // what a producer offered before it could see this worker asleep
            if (!workerSleeps || queuedLocked() >= wanted) {
                return nanos;
            }
            if (nanos < 0) {
                forWorker.await();
                return 0;
            }
            return forWorker.awaitNanos(nanos);
        } finally {
            if (workerSleeps) {
                wokeLocked();
            }
        }
    }

    private void wokeLocked() {
        workerSleeps = false;
        log.sleepersLocked(-1);
    }

    // The worker's side.

    /**
     * Worker: settles {@code delivered} alerts of its hand as delivered, waits for alerts (lingering a
     * little first after a delivery while only a few are queued) and takes the next ones into its
     * hand, all in one hold of the lock. One by one ({@code max == 1}) it takes up to half the
     * capacity, at most 4096; with {@code max > 1} it first lets a digest of up to {@code max} gather
     * for up to {@code windowNanos} (or until it is full, or the log closes).
     *
     * @return the alerts taken, oldest first; empty once stopped with nothing left, or abandoned
     */
    List<Alert> next(int delivered, boolean afterDelivery, int max, long windowNanos) throws InterruptedException {
        lock.lock();
        try {
            if (delivered > 0) {
                settleLocked(delivered, true);
            }
            log.drainLocked();
            return awaitAlertsLocked(afterDelivery) ? takeLocked(max, windowNanos) : List.of();
        } finally {
            lock.unlock();
        }
    }

    private boolean awaitAlertsLocked(boolean afterDelivery) throws InterruptedException {
        if (afterDelivery && queuedLocked() < LINGER_BELOW && !log.closedLocked() && !abandoned) {
            forWorker.awaitNanos(LINGER_NANOS);
            log.drainLocked();
        }
        int idle = 0;
        while (queuedLocked() == 0 && !log.closedLocked() && !abandoned) {
            if (idle < IDLE_WAITS) {
                forWorker.awaitNanos(Math.min(MAX_IDLE_WAIT_NANOS, 250_000L << Math.min(idle, 10)));
                idle++;
            } else {
                sleepLocked(1, -1);
            }
            log.drainLocked();
        }
        return queuedLocked() > 0 && !abandoned;
    }

    private List<Alert> takeLocked(int max, long windowNanos) throws InterruptedException {
        if (max > 1 && windowNanos > 0) {
            long remaining = windowNanos;
            while (queuedLocked() < max && !log.closedLocked() && !abandoned && remaining > 0) {
                remaining = sleepLocked(max, remaining);
                log.drainLocked();
            }
        }
        if (abandoned) {
            return List.of();
        }
        int limit = max == 1 ? handMax : max;
        List<Alert> taken = new ArrayList<>((int) Math.min(limit, queuedLocked()));
        while (!overflow.isEmpty() && taken.size() < limit) {
            taken.add(overflow.pollFirst());
        }
        long next = log.nextLocked();
        while (cursor < next && taken.size() < limit) {
            if (skipped(cursor)) {
                skippedAhead--;
            } else {
                taken.add(log.alertLocked(cursor));
            }
            cursor++;
        }
        inHand += taken.size();
        log.movedLocked();
        return taken;
    }

    /** Worker: counts {@code count} alerts of its hand as delivered or failed (ignored once abandoned). */
    void settle(int count, boolean ok) {
        lock.lock();
        try {
            settleLocked(count, ok);
        } finally {
            lock.unlock();
        }
    }

    private void settleLocked(int count, boolean ok) {
        if (abandoned) {
            return;
        }
        inHand -= count;
        if (ok) {
            delivered += count;
        } else {
            failed += count;
        }
        log.movedLocked();
        settledLocked();
    }

    /**
     * Worker: waits {@code nanos} (a backoff or the handler's rate) unless abandoned first.
     *
     * @return false when abandoned
     */
    boolean pause(long nanos) throws InterruptedException {
        lock.lock();
        try {
            long remaining = nanos;
            while (!abandoned && remaining > 0) {
                remaining = forWorker.awaitNanos(remaining);
            }
            return !abandoned;
        } finally {
            lock.unlock();
        }
    }

    // Anyone's side.

    /** Alerts offered so far: the target of a flush. */
    long offered() {
        lock.lock();
        try {
            log.drainLocked();
            return offeredLocked();
        } finally {
            lock.unlock();
        }
    }

    private long offeredLocked() {
        return log.nextLocked() - start - hidden + refusedLocked();
    }

    private long refusedLocked() {
        return log.refusedLocked() - refusedBefore;
    }

    private long droppedLocked() {
        return lost + refusedLocked();
    }

    /** Waits until the first {@code target} alerts offered are settled or dropped; false at the deadline. */
    boolean awaitSettled(long target, long deadlineNanos) throws InterruptedException {
        lock.lock();
        try {
            flushWaiters++;
            try {
                while (delivered + failed + droppedLocked() + suppressed < target) {
                    long remaining = deadlineNanos - System.nanoTime();
                    if (remaining <= 0) {
                        return false;
                    }
                    settledOne.awaitNanos(remaining);
                }
                return true;
            } finally {
                flushWaiters--;
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Gives up on what is queued or in hand at the close deadline: it counts as dropped, and
     * whatever the worker does with it later is not counted again.
     *
     * @return how many alerts were given up
     */
    long abandon() {
        lock.lock();
        try {
            if (abandoned) {
                return 0;
            }
            abandoned = true;
            long given = queuedLocked() + inHand;
            lost += given;
            overflow.clear();
            cursor = log.nextLocked();
            skippedAhead = 0;
            inHand = 0;
            log.movedLocked();
            wakeAllLocked();
            settledOne.signalAll();
            return given;
        } finally {
            lock.unlock();
        }
    }

    boolean isAbandoned() {
        return abandoned;
    }

    /** The counts, read together. */
    HandlerStats stats(String name) {
        lock.lock();
        try {
            log.drainLocked();
            return new HandlerStats(name, delivered, failed, droppedLocked(), queuedLocked() + inHand, suppressed);
        } finally {
            lock.unlock();
        }
    }

    int capacity() {
        return log.capacity();
    }
}
