package io.calibrax.monitoring;

import io.calibrax.api.Alert;
import io.calibrax.api.AlertHandler;
import io.calibrax.api.DeliveryException;
import io.calibrax.api.DeliveryPolicy;
import io.calibrax.monitoring.internal.RateLimit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
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

    private final AlertHandler handler;
    private final String name;
    private final DeliveryPolicy policy;
    private final HandlerQueue queue;
    private final Thread thread;
    private final CountDownLatch finished = new CountDownLatch(1);

    private final RateLimit dropWarnings = new RateLimit(WARN_INTERVAL);
    private final RateLimit failureWarnings = new RateLimit(WARN_INTERVAL);
    private final RateLimit retryWarnings = new RateLimit(WARN_INTERVAL);
    private long failedSinceWarning; // worker thread only
    private long lastCallNanos;      // worker thread only
    private boolean called;          // worker thread only

    HandlerDispatcher(AlertHandler handler, String name, int queueCapacity, int ordinal) {
        this.handler = handler;
        this.name = name;
        this.policy = policyOf(handler, name);
        this.queue = new HandlerQueue(queueCapacity);
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

    /** Producer side: queues the alert; a drop to make room is counted and warned about (rate-limited). */
    void offer(Alert alert) {
        if (queue.offer(alert) && dropWarnings.tryAcquire()) {
            HandlerStats stats = queue.stats(name);
            log.warn("Alert handler '{}' is dropping its oldest alerts: its queue of {} is full or closed "
                    + "(dropped so far: {})", name, queue.capacity(), stats.dropped());
        }
    }

    private void run() {
        try {
            while (queue.awaitAlerts()) {
                if (!pace()) {
                    return;
                }
                List<Alert> alerts = queue.take(policy.maxBatchSize(), policy.batchWindow().toNanos());
                if (alerts.isEmpty() || !deliver(alerts)) {
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
        long interval = policy.minInterval().toNanos();
        if (!called || interval == 0) {
            return !queue.isAbandoned();
        }
        return queue.pause(lastCallNanos + interval - System.nanoTime());
    }

    /** Delivers one alert or one digest with retries; false when the manager gave up on this handler. */
    private boolean deliver(List<Alert> alerts) throws InterruptedException {
        long firstTry = System.nanoTime();
        for (int attempt = 1; ; attempt++) {
            Exception failure;
            try {
                called = true;
                lastCallNanos = System.nanoTime();
                if (alerts.size() == 1) {
                    handler.handle(alerts.get(0));
                } else {
                    handler.handleBatch(List.copyOf(alerts));
                }
                queue.settle(alerts.size(), true);
                if (attempt > 1) {
                    log.info("Alert handler '{}' delivered {} alert(s) after {} attempt(s)", name, alerts.size(), attempt);
                }
                return true;
            } catch (InterruptedException e) {
                if (queue.isAbandoned()) {
                    return false;
                }
                failure = e;
            } catch (Exception | LinkageError | AssertionError e) {
                failure = e instanceof Exception ex ? ex : new Exception(e);
            }
            DeliveryException reported = failure instanceof DeliveryException d ? d : null;
            boolean retryable = reported == null || reported.isRetryable();
            Duration delay = policy.retryDelay(attempt, reported == null ? null : reported.retryAfter().orElse(null),
                    ThreadLocalRandom.current().nextDouble());
            long elapsed = System.nanoTime() - firstTry + delay.toNanos();
            if (!retryable || attempt >= policy.maxAttempts() || elapsed > policy.giveUpAfter().toNanos()) {
                queue.settle(alerts.size(), false);
                reportFailure(alerts.size(), attempt, failure);
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
        }
    }

    private void reportFailure(int alerts, int attempts, Exception failure) {
        failedSinceWarning += alerts;
        if (failureWarnings.tryAcquire()) {
            log.warn("Alert handler '{}' gave up on {} alert(s) since the last warning (total failed: {}); "
                    + "last after {} attempt(s): {}", name, failedSinceWarning, queue.stats(name).failed(), attempts,
                    reason(failure), failure instanceof DeliveryException ? null : failure);
            failedSinceWarning = 0;
        } else if (log.isDebugEnabled()) {
            log.debug("Alert handler '{}' failed", name, failure);
        }
    }

    /** A handler's own failure says what went wrong in its message; anything else shows its type too. */
    private static String reason(Exception failure) {
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
