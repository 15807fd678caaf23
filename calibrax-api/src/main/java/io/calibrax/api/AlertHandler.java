package io.calibrax.api;

/**
 * Receives alerts: a log line, a Slack message, an email, a page. A lambda is a handler:
 * {@code manager.addAlertHandler(alert -> System.out.println(alert.message()))}.
 *
 * <p>Delivery belongs to the alert manager: it queues each handler's alerts, retries a failed
 * delivery under the handler's {@link #deliveryPolicy()}, gathers digests for
 * {@link #handleBatch} and keeps the handler's rate. A handler only formats and sends: it returns
 * when its transport accepted the alert and throws (a {@link DeliveryException} says whether a
 * retry may help, and how long the server asked to wait) when it did not. It never queues alerts
 * of its own, so the manager's counts are the transport's real outcome.
 *
 * <p>Threading: the alert manager calls {@link #handle} and {@link #handleBatch} from one
 * dedicated thread per handler, one call at a time and in the order the alerts were raised, so an
 * implementation needs no locking of its own for that. A slow handler delays only itself.
 * {@link #close} is called once, when the manager closes, after the queue has drained (or its
 * deadline passed); it should release resources promptly and never block for long.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface AlertHandler extends AutoCloseable {

    /**
     * Delivers one alert.
     *
     * @throws Exception when delivery failed; the manager counts and logs it and goes on
     */
    void handle(Alert alert) throws Exception;

    /**
     * Delivers a digest of alerts gathered within the policy's batch window, oldest first; each
     * alert counts for itself as delivered or failed. By default it hands them to {@link #handle}
     * one by one and throws the first failure (the whole digest is then retried, so a handler with
     * batching should override this to send one message).
     *
     * @throws Exception when the digest was not delivered; the manager retries or counts every alert in it as failed
     */
    default void handleBatch(java.util.List<Alert> alerts) throws Exception {
        for (Alert alert : alerts) {
            handle(alert);
        }
    }

    /**
     * How the manager should deliver to this handler: retries, backoff, digests, rate. By default
     * {@link DeliveryPolicy#defaults()}: a few quick retries, giving up within 10 s.
     */
    default DeliveryPolicy deliveryPolicy() {
        return DeliveryPolicy.defaults();
    }

    /**
     * A short name for logs, thread names and statistics: the class's simple name by default, or
     * {@code "handler"} for a lambda or an anonymous class.
     */
    default String name() {
        String simple = getClass().getSimpleName();
        if (simple.isEmpty() || simple.contains("$$Lambda") || getClass().isSynthetic()) {
            return "handler";
        }
        return simple;
    }

    /**
     * Sends a test alert now, on the caller's thread, and returns only once it has been delivered,
     * so that a command such as {@code calibrax test-handlers} can report each handler's result.
     * By default it calls {@link #handle} with {@link #testAlert()}; handlers that deliver
     * asynchronously override it to deliver synchronously and bypass their severity filter.
     *
     * @throws Exception when the test alert could not be delivered, with the reason
     */
    default void sendTest() throws Exception {
        handle(testAlert());
    }

    /** The alert {@link #sendTest()} sends: a WARNING on metric {@code calibrax_test}. */
    static Alert testAlert() {
        return new Alert("Calibrax test alert: if you can read this, alert delivery works", AlertSeverity.WARNING,
                "calibrax_test", 1.0, 0.0, java.time.Instant.now(), java.util.Map.of("test", true));
    }

    /** Releases what the handler holds (connections, threads). Does nothing by default. */
    @Override
    default void close() {
    }
}
