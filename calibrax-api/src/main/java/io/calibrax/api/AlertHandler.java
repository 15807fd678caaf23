package io.calibrax.api;

/**
 * Receives alerts: a log line, a Slack message, an email, a page. A lambda is a handler:
 * {@code manager.addAlertHandler(alert -> System.out.println(alert.message()))}.
 *
 * <p>Threading: the alert manager calls {@link #handle} from one dedicated thread per handler,
 * one alert at a time and in the order they were raised, so an implementation needs no locking of
 * its own for that. It may block or throw: a slow handler delays only itself, and an exception
 * counts that alert as failed for this handler. {@link #close} is called once, when the manager
 * closes, after the queue has drained (or its deadline passed); it should release resources
 * promptly and never block for long.
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
