package io.calibrax.api;

import java.time.Duration;

/**
 * A monitor that polls metrics on a background loop and checks them against thresholds.
 *
 * <p>Implementations are thread-safe: thresholds may be changed and the summary read while the
 * loop runs. {@link #close()} stops the loop and declares no checked exception, so
 * try-with-resources needs no catch.
 *
 * @since 0.1.0
 */
public interface Monitor extends AutoCloseable {

    /**
     * Alerts when {@code metricName} goes above {@code threshold}.
     *
     * @throws NullPointerException     if metricName is null
     * @throws IllegalArgumentException if metricName is blank or threshold is NaN or infinite
     */
    void setThreshold(String metricName, double threshold);

    /**
     * Starts the background loop, polling every {@code interval}; does nothing if it already runs.
     *
     * @throws IllegalArgumentException if interval is zero or negative
     */
    void startMonitoring(Duration interval);

    /** Stops the loop and returns only once it has ended; does nothing if it is not running. */
    void stopMonitoring();

    /** True while the background loop runs. */
    boolean isMonitoring();

    /** A snapshot of thresholds, alert count and per-metric statistics. */
    MonitoringSummary getMonitoringSummary();

    /** Stops the loop and releases what the monitor holds. */
    @Override
    void close();
}
