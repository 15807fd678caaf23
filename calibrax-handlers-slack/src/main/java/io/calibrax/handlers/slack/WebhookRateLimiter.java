package io.calibrax.handlers.slack;

import io.calibrax.api.Secret;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A token bucket holding at most one token, refilled once per interval: at most one request per
 * interval to a webhook, however many handlers, test messages and retries share it. One bucket per
 * webhook URL in this JVM, so two handlers for one webhook (discovered and wired by hand, say)
 * still respect Slack's limit together. Thread-safe.
 */
final class WebhookRateLimiter {
    private static final ConcurrentMap<Secret, WebhookRateLimiter> PER_WEBHOOK = new ConcurrentHashMap<>();

    private long intervalNanos;
    /** When the next token is available; a value in the past means one is available now. */
    private long nextFreeNanos;

    WebhookRateLimiter(Duration interval) {
        this.intervalNanos = interval.toNanos();
        this.nextFreeNanos = System.nanoTime() - intervalNanos;
    }

    /** The bucket of this webhook, shared; its interval is the longest any of its users asked for. */
    static WebhookRateLimiter forWebhook(Secret webhook, Duration interval) {
        WebhookRateLimiter limiter = PER_WEBHOOK.computeIfAbsent(webhook, key -> new WebhookRateLimiter(interval));
        limiter.widen(interval.toNanos());
        return limiter;
    }

    private synchronized void widen(long nanos) {
        intervalNanos = Math.max(intervalNanos, nanos);
    }

    /**
     * Takes the next token, reserving it if none is free yet.
     *
     * @return how many nanoseconds the caller must wait before using it (0 when free now)
     */
    synchronized long reserve() {
        long now = System.nanoTime();
        long slot = Math.max(now, nextFreeNanos);
        nextFreeNanos = slot + intervalNanos;
        return slot - now;
    }
}
