package io.calibrax.internal;

import io.calibrax.api.AlertHandler;
import io.calibrax.api.GpuProfiler;
import io.calibrax.api.MetricSource;
import io.calibrax.api.ResourceMonitor;
import io.calibrax.monitoring.AdvancedMonitor;
import io.calibrax.monitoring.AlertManager;
import io.calibrax.spi.CalibraxConfig;

import java.time.Duration;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;

/**
 * The core settings read from a {@link CalibraxConfig} and the wiring that
 * {@code Calibrax.bootstrap()} and Guice's {@code CalibraxModule} share: one alert manager with
 * every handler registered on it, and monitors polling the discovered GPUs, metric sources and
 * resource monitor. Plain Java, so that bootstrapping never needs Guice on the class path.
 *
 * <p>Immutable and thread-safe; a bad value fails in {@link #read} with the key in the message.
 *
 * @param maxAlerts      alerts the alert manager keeps
 * @param queueCapacity  alerts each handler's queue holds before dropping
 * @param closeTimeout   how long closing the alert manager waits for handlers to drain
 * @param historySize    readings each monitor keeps per metric
 * @param repeatInterval how often a persisting breach re-alerts
 * @param shutdownHook   whether the JVM's exit closes (and so drains) what was wired
 * @since 0.1.0
 */
public record CoreWiring(int maxAlerts, int queueCapacity, Duration closeTimeout, int historySize,
                         Duration repeatInterval, boolean shutdownHook) {
    /** Alerts the alert manager keeps (a positive whole number). */
    public static final String MAX_ALERTS = "calibrax.alerts.max-alerts";
    /** Alerts each handler's queue holds before dropping (a positive whole number). */
    public static final String QUEUE_CAPACITY = "calibrax.alerts.queue-capacity";
    /** How long closing the alert manager waits for handlers to drain (a duration). */
    public static final String CLOSE_TIMEOUT = "calibrax.alerts.close-timeout";
    /** Readings each monitor keeps per metric (a positive whole number). */
    public static final String HISTORY_SIZE = "calibrax.monitor.history-size";
    /** How often a persisting breach re-alerts (a duration; 0 re-alerts on every breaching reading). */
    public static final String REPEAT_INTERVAL = "calibrax.monitor.repeat-interval";
    /** Whether the JVM's exit closes (and so drains) what was wired: true by default. */
    public static final String SHUTDOWN_HOOK = "calibrax.shutdown-hook";
    /** The most readings per metric {@value #HISTORY_SIZE} may ask for. */
    public static final int MAX_HISTORY_SIZE = 1_000_000;

    /**
     * @throws NullPointerException     if closeTimeout or repeatInterval is null
     */
    public CoreWiring {
        Objects.requireNonNull(closeTimeout, "closeTimeout");
        Objects.requireNonNull(repeatInterval, "repeatInterval");
    }

    /**
     * The settings in {@code config}, defaults where a key is absent.
     *
     * @throws NullPointerException     if config is null
     * @throws IllegalArgumentException naming the key if a value is invalid
     */
    public static CoreWiring read(CalibraxConfig config) {
        Objects.requireNonNull(config, "config");
        return new CoreWiring(size(config, MAX_ALERTS, AlertManager.DEFAULT_MAX_ALERTS, AlertManager.MAX_CAPACITY),
                size(config, QUEUE_CAPACITY, AlertManager.DEFAULT_QUEUE_CAPACITY, AlertManager.MAX_CAPACITY),
                config.getDuration(CLOSE_TIMEOUT, AlertManager.DEFAULT_CLOSE_TIMEOUT),
                size(config, HISTORY_SIZE, AdvancedMonitor.DEFAULT_HISTORY_SIZE, MAX_HISTORY_SIZE),
                config.getDuration(REPEAT_INTERVAL, AdvancedMonitor.DEFAULT_REPEAT_INTERVAL),
                config.getBoolean(SHUTDOWN_HOOK, true));
    }

    /** A size from 1 to {@code max}; anything else is refused naming the key (and the limit). */
    private static int size(CalibraxConfig config, String key, int defaultValue, int max) {
        int value = config.getInt(key, defaultValue);
        if (value <= 0 || value > max) {
            throw new IllegalArgumentException("configuration key " + key + ": invalid value '" + value
                    + "' (expected a whole number from 1 to " + max + "; larger sizes are more than memory can hold)");
        }
        return value;
    }

    /** A lifecycle for what is wired, closed by the JVM's exit too if {@link #shutdownHook()}. */
    public Lifecycle lifecycle() {
        Lifecycle lifecycle = new Lifecycle();
        if (shutdownHook) {
            lifecycle.closeOnExit();
        }
        return lifecycle;
    }

    /**
     * The one alert manager, registered on {@code lifecycle}, with every handler in {@code handlers}
     * registered on it under its plugin name, and routed as {@code config} says.
     *
     * @throws IllegalArgumentException naming the key if the routing (labels, routes, mute windows,
     *                                  inhibition, fallbacks) is wrong
     */
    public AlertManager alertManager(CalibraxConfig config, Collection<AlertHandler> handlers, Plugins plugins,
                                     Lifecycle lifecycle) {
        AlertManager manager = lifecycle.register("alert manager", AlertManager.builder()
                .maxAlerts(maxAlerts).queueCapacity(queueCapacity).closeTimeout(closeTimeout).build());
        plugins.adoptHandlers();
        plugins.warnAboutTwins(handlers);
        handlers.forEach(handler -> manager.addAlertHandler(handler, plugins.nameOf(handler)));
        manager.configureRouting(config); // labels, routes, mute windows, inhibition, fallbacks: refused here if wrong
        return manager;
    }

    /** Sets up {@code builder} with these settings, the alert manager and what discovery found. */
    public void wire(AdvancedMonitor.Builder<?> builder, AlertManager alertManager,
                     Collection<GpuProfiler> gpuProfilers, Collection<MetricSource> metricSources,
                     Optional<ResourceMonitor> resourceMonitor) {
        builder.alertManager(alertManager).gpuProfilers(gpuProfilers).historySize(historySize)
                .repeatInterval(repeatInterval);
        metricSources.forEach(builder::metricSource);
        resourceMonitor.ifPresent(builder::resourceMonitor);
    }
}
