package io.calibrax.spring;

import io.calibrax.monitoring.AdvancedMonitor;
import org.springframework.context.SmartLifecycle;

import java.time.Duration;
import java.util.Objects;

/**
 * Starts the monitor's polling loop when the application context starts and stops it when the
 * context stops (before the beans it uses are closed). A monitor the application started itself
 * is left running at start and stopped with the context. Thread-safe.
 *
 * @since 0.1.0
 */
public final class CalibraxMonitoringLifecycle implements SmartLifecycle {
    /** How often the monitor polls its GPUs, metric sources and resource monitor (a duration, default 5s). */
    public static final String INTERVAL = "calibrax.monitor.interval";

    private final AdvancedMonitor monitor;
    private final Duration interval;

    /**
     * @throws IllegalArgumentException if interval is not positive
     */
    public CalibraxMonitoringLifecycle(AdvancedMonitor monitor, Duration interval) {
        this.monitor = Objects.requireNonNull(monitor, "monitor");
        this.interval = Objects.requireNonNull(interval, "interval");
        if (interval.isZero() || interval.isNegative()) {
            throw new IllegalArgumentException("configuration key " + INTERVAL + ": must be positive, got " + interval);
        }
    }

    @Override
    public void start() {
        if (!monitor.isMonitoring()) {
            monitor.startMonitoring(interval);
        }
    }

    @Override
    public void stop() {
        monitor.stopMonitoring();
    }

    @Override
    public boolean isRunning() {
        return monitor.isMonitoring();
    }

    /** The polling interval. */
    public Duration interval() {
        return interval;
    }
}
