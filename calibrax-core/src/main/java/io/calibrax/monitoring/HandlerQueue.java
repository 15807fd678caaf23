package io.calibrax.monitoring;

import io.calibrax.api.Alert;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One handler's bounded queue and its counts, under the delivery lock that every handler's queue
 * of one manager shares (so a producer takes one lock for all its handlers, never one per
 * handler). Producers {@link #offerLocked offer} (dropping the oldest when full, counted); the
 * handler's worker takes alerts into its hand and {@link #settle settles} them as delivered or
 * failed. Every count changes under the lock, so
 * {@code offered == delivered + failed + dropped + suppressed + queued + inHand} holds at every instant and
 * {@link #stats} reads it whole. Nobody holds the lock while a handler runs.
 *
 * <p>Producers never wait for the worker: they signal it only when it sleeps. An idle worker polls
 * with short timed waits for a while before it sleeps, so a steady stream of alerts costs the
 * producers no wake-ups.
 */
final class HandlerQueue {
    /** Timed waits (each at most {@link #MAX_IDLE_WAIT_NANOS}) before an idle worker sleeps until signalled. */
    private static final int IDLE_WAITS = 40;
    private static final long MAX_IDLE_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final ReentrantLock lock;
    private final Condition forWorker;
    private final Condition settledOne;
    private ArrayDeque<Alert> queue = new ArrayDeque<>(); // guarded by lock
    /**
     * The worker's drained queue, kept to swap in next time: producers then add to a deque that has
     * grown to its working size already, instead of growing a fresh one alert by alert.
     */
    private ArrayDeque<Alert> spare; // worker thread only
    private final int capacity;
    /**
     * The most a worker takes into its hand when it delivers one by one: half the capacity (at most
     * 4096), so a full queue always has a queued alert to drop, the oldest, never the newest.
     */
    private final int handMax;

    // guarded by lock
    private long offered;
    private long delivered;
    private long failed;
    private long dropped;
    private long suppressed;
    private int inHand;
    private int flushWaiters;
    private boolean workerSleeps;
    private boolean stopping;
    /** Written under the lock; read without it by the worker between alerts, which must stay cheap. */
    private volatile boolean abandoned;

    HandlerQueue(int capacity, ReentrantLock lock) {
        this.lock = lock;
        this.forWorker = lock.newCondition();
        this.settledOne = lock.newCondition();
        this.capacity = capacity;
        this.handMax = Math.max(1, Math.min(capacity / 2, 4096));
    }

    /**
     * Queues an alert; the caller holds the delivery lock. Never waits for the worker.
     *
     * @return true when an older alert was dropped to make room (or the queue is stopped)
     */
    boolean offerLocked(Alert alert) {
        offered++;
        if (stopping) {
            dropped++;
            return true;
        }
        // the capacity bounds what the queue and the worker's hand hold together
        boolean full = queue.size() + inHand >= capacity;
        if (full) {
            dropped++;
            if (queue.isEmpty()) {
                return true; // only with a capacity of 1, whose one alert is in the worker's hand
            }
            queue.pollFirst();
        }
        queue.addLast(alert);
        if (workerSleeps) {
            workerSleeps = false;
            forWorker.signal();
        }
        return full;
    }

    /** Counts an alert kept from this handler by routing; the caller holds the delivery lock. */
    void suppressLocked() {
        offered++;
        suppressed++;
    }

    /** Worker: waits for alerts; false once stopped with nothing left, or abandoned. */
    boolean awaitAlerts() throws InterruptedException {
        lock.lock();
        try {
            int idle = 0;
            while (queue.isEmpty() && !stopping && !abandoned) {
                if (idle < IDLE_WAITS) {
                    forWorker.awaitNanos(Math.min(MAX_IDLE_WAIT_NANOS, 250_000L << Math.min(idle, 10)));
                    idle++;
                } else {
                    workerSleeps = true;
                    forWorker.await();
                }
            }
            return !queue.isEmpty() && !abandoned;
        } finally {
            workerSleeps = false;
            lock.unlock();
        }
    }

    /**
     * Worker: takes the next alerts into its hand. With {@code max > 1} it first lets a digest
     * gather for up to {@code windowNanos} (or until it is full, or the queue stops).
     *
     * One by one ({@code max == 1}), it takes the whole queue at once by swapping it for an empty
     * one, so it holds the lock for a few nanoseconds however many alerts wait, unless more than
     * {@link #handMax} wait (the handler is far behind): then it takes that many. The capacity
     * counts the worker's hand.
     *
     * @return the alerts taken, oldest first; empty when abandoned
     */
    List<Alert> take(int max, long windowNanos) throws InterruptedException {
        ArrayDeque<Alert> hand;
        lock.lock();
        try {
            if (max > 1 && windowNanos > 0) {
                long remaining = windowNanos;
                while (queue.size() < max && !stopping && !abandoned && remaining > 0) {
                    workerSleeps = true;
                    remaining = forWorker.awaitNanos(remaining);
                }
                workerSleeps = false;
            }
            if (abandoned) {
                return List.of();
            }
            if (max == 1 && queue.size() <= handMax) {
                hand = queue;
                queue = spare != null ? spare : new ArrayDeque<>();
                spare = null;
                inHand += hand.size();
            } else {
                int count = Math.min(queue.size(), max == 1 ? handMax : max);
                List<Alert> taken = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    taken.add(queue.pollFirst());
                }
                inHand += count;
                return taken;
            }
        } finally {
            lock.unlock();
        }
        List<Alert> taken = new ArrayList<>(hand); // the old queue is the worker's alone now
        hand.clear();
        spare = hand;
        return taken;
    }

    /** Worker: counts {@code count} alerts of its hand as delivered or failed (ignored once abandoned). */
    void settle(int count, boolean ok) {
        lock.lock();
        try {
            if (abandoned) {
                return;
            }
            inHand -= count;
            if (ok) {
                delivered += count;
            } else {
                failed += count;
            }
            if (flushWaiters > 0) {
                settledOne.signalAll();
            }
        } finally {
            lock.unlock();
        }
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

    /** Alerts offered so far: the target of a flush. */
    long offered() {
        lock.lock();
        try {
            return offered;
        } finally {
            lock.unlock();
        }
    }

    /** Waits until the first {@code target} alerts offered are settled or dropped; false at the deadline. */
    boolean awaitSettled(long target, long deadlineNanos) throws InterruptedException {
        lock.lock();
        try {
            flushWaiters++;
            try {
                while (delivered + failed + dropped + suppressed < target) {
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

    /** Stops intake: later offers count as dropped; the worker delivers what is queued, then ends. */
    void stop() {
        lock.lock();
        try {
            stopping = true;
            forWorker.signalAll();
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
            stopping = true;
            long lost = queue.size() + (long) inHand;
            dropped += lost;
            queue.clear();
            inHand = 0;
            forWorker.signalAll();
            settledOne.signalAll();
            return lost;
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
            return new HandlerStats(name, delivered, failed, dropped, queue.size() + (long) inHand, suppressed);
        } finally {
            lock.unlock();
        }
    }

    int capacity() {
        return capacity;
    }
}
