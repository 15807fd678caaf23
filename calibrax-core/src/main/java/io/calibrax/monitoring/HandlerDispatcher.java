package io.calibrax.monitoring;

import io.calibrax.api.Alert;
import io.calibrax.api.AlertHandler;
import io.calibrax.api.DeliveryException;
import io.calibrax.api.DeliveryPolicy;
import io.calibrax.monitoring.internal.RateLimit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One handler's delivery: a daemon thread ({@code calibrax-alert-<name>-<n>}) that takes alerts
 * from the handler's {@link HandlerQueue} in order and hands them to the handler under its
 * {@link DeliveryPolicy}: one by one, or as digests gathered within the batch window; no more often
 * than the policy's rate; a failure retried with exponential backoff and jitter (at least the
 * server's {@code Retry-After}) until the attempts or the give-up time run out, or at once counted
 * as failed when the handler says retrying cannot help. Each alert of a digest counts for itself.
 */
final class HandlerDispatcher {
    private static final Logger log = LoggerFactory.getLogger(AlertManager.class);
    private static final Duration WARN_INTERVAL = Duration.ofSeconds(10);
    /** What {@link #call} returns when the manager gave up on this handler while it was called. */
    private static final Exception ABANDONED = new Exception("abandoned at the close deadline", null, false, false) {
    };

    private final AlertHandler handler;
    private final String name;
    private final DeliveryPolicy policy;
    private final HandlerQueue queue;
    private final Thread thread;
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Outcomes outcomes;

    private final RateLimit dropWarnings = new RateLimit(WARN_INTERVAL);
    private final RateLimit failureWarnings = new RateLimit(WARN_INTERVAL);
    private final RateLimit retryWarnings = new RateLimit(WARN_INTERVAL);
    /** Whether the policy sets a rate, so that each call's start is read. */
    private final boolean paced;
    private long failedSinceWarning; // worker thread only
    private long lastCallNanos;      // worker thread only
    private boolean called;          // worker thread only

    /** Told of each settled delivery on the worker's thread, so a fallback can follow a failing streak. */
    interface Outcomes {
        /** Outcomes nobody follows. */
        Outcomes NONE = new Outcomes() {
            @Override
            public void delivered(HandlerDispatcher dispatcher) {
            }

            @Override
            public void failed(HandlerDispatcher dispatcher, List<Alert> alerts, Exception failure) {
            }
        };

        /** The handler's transport accepted one or more alerts. */
        void delivered(HandlerDispatcher dispatcher);

        /** The handler gave up on these alerts after its retries. */
        void failed(HandlerDispatcher dispatcher, List<Alert> alerts, Exception failure);
    }

    HandlerDispatcher(AlertHandler handler, String name, HandlerQueue queue, int ordinal, Outcomes outcomes) {
        this.outcomes = outcomes;
        this.handler = handler;
        this.name = name;
        this.policy = policyOf(handler, name);
        this.paced = !policy.minInterval().isZero();
        this.queue = queue;
        this.thread = new Thread(this::run, "calibrax-alert-" + name + "-" + ordinal);
        this.thread.setDaemon(true);
    }

    private static DeliveryPolicy policyOf(AlertHandler handler, String name) {
        try {
            DeliveryPolicy declared = handler.deliveryPolicy();
            return declared == null ? DeliveryPolicy.defaults() : declared;
        } catch (RuntimeException e) {
            log.warn("Alert handler '{}' failed to declare its delivery policy ({}); using the default", name,
                    e.toString());
            return DeliveryPolicy.defaults();
        }
    }

    void start() {
        thread.start();
    }

    String name() {
        return name;
    }

    AlertHandler handler() {
        return handler;
    }

    HandlerQueue queue() {
        return queue;
    }

    /** After a drop to make room (or after close): warns, at most once per interval, with the count. */
    void warnDropping() {
        if (dropWarnings.tryAcquire()) {
            log.warn("Alert handler '{}' is dropping its oldest alerts: its queue of {} is full or closed "
                    + "(dropped so far: {})", name, queue.capacity(), queue.stats(name).dropped());
        }
    }

    private void run() {
        try {
            int delivered = 0; // the last chunk's successes, settled when the next is taken (one lock for both)
            boolean afterDelivery = false;
            while (pace()) {
                List<Alert> alerts = queue.next(delivered, afterDelivery, policy.maxBatchSize(),
                        policy.batchWindow().toNanos());
                if (alerts.isEmpty()) {
                    return;
                }
                afterDelivery = true;
                delivered = policy.maxBatchSize() > 1 ? deliver(alerts) : deliverEach(alerts);
                if (delivered < 0) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            // close() gave up on this handler; what was left is counted as dropped there
        } finally {
            finished.countDown();
        }
    }

    /** Waits out the handler's rate; false when abandoned. */
    private boolean pace() throws InterruptedException {
        if (!paced || !called) {
            return !queue.isAbandoned();
        }
        return queue.pause(lastCallNanos + policy.minInterval().toNanos() - System.nanoTime());
    }

    /**
     * Delivers a chunk one alert at a time, in order. Successes in a row are counted together
     * (before any retry, and with the next take at the end of the chunk), so a steady stream costs
     * the worker few locks; until then they show as queued.
     *
     * @return the successes left to settle, or -1 when the manager gave up on this handler
     */
    private int deliverEach(List<Alert> alerts) throws InterruptedException {
        int accepted = 0;
        for (int i = 0; i < alerts.size(); i++) {
            if (i > 0 && !pace()) {
                return -1;
            }
            Exception failure = call(alerts.get(i), null);
            if (failure == null) {
                accepted++;
                continue;
            }
            settleDelivered(accepted);
            accepted = 0;
            if (failure == ABANDONED || !retry(List.of(alerts.get(i)), failure)) {
                return -1;
            }
        }
        if (accepted > 0) {
            outcomes.delivered(this);
        }
        return accepted;
    }

    private void settleDelivered(int count) {
        if (count > 0) {
            outcomes.delivered(this);
            queue.settle(count, true);
        }
    }

    /**
     * Delivers one digest with retries.
     *
     * @return the alerts left to settle as delivered, or -1 when the manager gave up on this handler
     */
    private int deliver(List<Alert> alerts) throws InterruptedException {
        Exception failure = call(alerts);
        if (failure == null) {
            outcomes.delivered(this);
            return alerts.size();
        }
        return failure != ABANDONED && retry(alerts, failure) ? 0 : -1;
    }

    /** One call of the handler with {@code alerts}: null when its transport accepted, else the failure. */
    private Exception call(List<Alert> alerts) {
        return alerts.size() == 1 ? call(alerts.get(0), null) : call(null, alerts);
    }

    /**
     * One call of the handler, with one alert or a digest: null when its transport accepted, else
     * the failure. The clock is read only when the handler's rate needs the call's start.
     */
    private Exception call(Alert alert, List<Alert> digest) {
        called = true;
        if (paced) {
            lastCallNanos = System.nanoTime();
        }
        try {
            if (digest == null) {
                handler.handle(alert);
            } else {
                handler.handleBatch(List.copyOf(digest));
            }
            return null;
        } catch (InterruptedException e) {
            return queue.isAbandoned() ? ABANDONED : e;
        } catch (Exception e) {
            return e;
        } catch (LinkageError | AssertionError e) {
            return new Exception(e);
        }
    }

    /**
     * Retries after a first failure under the policy until the handler accepts, says retrying
     * cannot help, or the attempts or the give-up time run out (then the alerts count as failed).
     *
     * @return false when the manager gave up on this handler meanwhile
     */
    private boolean retry(List<Alert> alerts, Exception firstFailure) throws InterruptedException {
        long firstFailed = System.nanoTime();
        Exception failure = firstFailure;
        for (int attempt = 1; ; attempt++) {
            DeliveryException reported = failure instanceof DeliveryException d ? d : null;
            boolean retryable = reported == null || reported.isRetryable();
            Duration delay = policy.retryDelay(attempt, reported == null ? null : reported.retryAfter().orElse(null),
                    ThreadLocalRandom.current().nextDouble());
            long elapsed = System.nanoTime() - firstFailed + delay.toNanos();
            if (!retryable || attempt >= policy.maxAttempts() || elapsed > policy.giveUpAfter().toNanos()) {
                // log first, then count: whoever flush() releases finds the reason in the log
                reportFailure(alerts.size(), attempt, failure);
                outcomes.failed(this, alerts, failure); // before settling: a flush then sees what it forwards
                queue.settle(alerts.size(), false);
                return !queue.isAbandoned();
            }
            if (retryWarnings.tryAcquire()) {
                log.warn("Alert handler '{}' failed (attempt {} of {}); retrying in {} ms: {}", name, attempt,
                        policy.maxAttempts(), delay.toMillis(), reason(failure));
            } else {
                log.debug("Alert handler '{}' failed (attempt {} of {}); retrying in {} ms: {}", name, attempt,
                        policy.maxAttempts(), delay.toMillis(), reason(failure));
            }
            if (!queue.pause(delay.toNanos()) || !pace()) {
                return false; // a retry keeps the handler's rate too
            }
            failure = call(alerts);
            if (failure == ABANDONED) {
                return false;
            }
            if (failure == null) {
                log.info("Alert handler '{}' delivered {} alert(s) after {} attempt(s)", name, alerts.size(), attempt + 1);
                settleDelivered(alerts.size());
                return true;
            }
        }
    }

    private void reportFailure(int alerts, int attempts, Exception failure) {
        failedSinceWarning += alerts;
        if (failureWarnings.tryAcquire()) {
            log.warn("Alert handler '{}' gave up on {} alert(s) since the last warning (total failed: {}); "
                    + "last after {} attempt(s): {}", name, failedSinceWarning, queue.stats(name).failed() + alerts, attempts,
                    reason(failure), failure instanceof DeliveryException ? null : failure);
            failedSinceWarning = 0;
        } else if (log.isDebugEnabled()) {
            log.debug("Alert handler '{}' failed", name, failure);
        }
    }

    /** A handler's own failure says what went wrong in its message; anything else shows its type too. */
    static String reason(Exception failure) {
        return failure instanceof DeliveryException ? failure.getMessage() : failure.toString();
    }

    /** Waits for the worker to deliver everything queued and end; false at the deadline. */
    boolean awaitFinished(long deadlineNanos) throws InterruptedException {
        return finished.await(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    /** Gives up on the worker: what it still holds counts as dropped, and a blocked handler is interrupted. */
    long abandon() {
        long lost = queue.abandon();
        thread.interrupt();
        return lost;
    }

    /**
     * The end of a close: gives up on what each handler still holds (counted as dropped, logged),
     * closes the handlers in parallel and waits for them until the deadline, not longer (none if
     * {@code interrupted}), then logs each handler that did not deliver everything.
     *
     * @return whether the calling thread was interrupted, before or while waiting
     */
    static boolean giveUpAndClose(List<HandlerDispatcher> dispatchers, long deadlineNanos, Duration timeout,
                                  boolean interrupted) {
        List<Thread> closers = new ArrayList<>(dispatchers.size());
        for (HandlerDispatcher dispatcher : dispatchers) {
            long lost = dispatcher.abandon();
            if (lost > 0) {
                log.warn("Alert handler '{}' could not deliver {} alert(s) before the close deadline ({}); "
                        + "they are counted as dropped", dispatcher.name, lost, timeout);
            }
            closers.add(dispatcher.closeHandler());
        }
        boolean wasInterrupted = interrupted;
        for (Thread closer : closers) {
            long remaining = deadlineNanos - System.nanoTime();
            try {
                if (remaining > 0 && !wasInterrupted) {
                    TimeUnit.NANOSECONDS.timedJoin(closer, remaining);
                }
            } catch (InterruptedException e) {
                wasInterrupted = true;
            }
            if (closer.isAlive()) {
                log.warn("Alert handler close is still running at the close deadline ({}); not waiting for it",
                        closer.getName());
            }
        }
        for (HandlerDispatcher dispatcher : dispatchers) {
            HandlerStats stats = dispatcher.stats();
            if (stats.failed() > 0 || stats.dropped() > 0) {
                log.warn("Alert handler '{}' closed: {} delivered, {} failed, {} dropped", stats.name(),
                        stats.delivered(), stats.failed(), stats.dropped());
            }
        }
        return wasInterrupted;
    }

    /** Closes the handler on a short-lived daemon thread of its own, so handlers close in parallel. */
    Thread closeHandler() {
        Thread closer = new Thread(() -> {
            try {
                handler.close();
            } catch (Exception | LinkageError e) {
                log.warn("Alert handler '{}' failed to close", name, e);
            }
        }, "calibrax-close-" + name);
        closer.setDaemon(true);
        closer.start();
        return closer;
    }

    HandlerStats stats() {
        return queue.stats(name);
    }
}
