package io.calibrax.inject;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.OptionalBinder;
import com.google.inject.spi.Message;
import io.calibrax.api.AlertHandler;
import io.calibrax.api.GpuProfiler;
import io.calibrax.api.MetricSource;
import io.calibrax.api.ResourceMonitor;
import io.calibrax.internal.CoreWiring;
import io.calibrax.internal.Lifecycle;
import io.calibrax.internal.Plugins;
import io.calibrax.monitoring.AdvancedMonitor;
import io.calibrax.monitoring.AlertManager;
import io.calibrax.monitoring.ProductionMonitor;
import io.calibrax.spi.CalibraxConfig;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Guice wiring of Calibrax: binds the {@link CalibraxConfig}; one singleton {@link AlertManager}
 * shared by the singleton {@code AdvancedMonitor} and {@code ProductionMonitor}; and, through
 * Multibinder sets, every alert handler and GPU profiler that the providers discovered with
 * {@link java.util.ServiceLoader} create from the configuration ({@code Set<AlertHandler>},
 * {@code Set<GpuProfiler>}, {@code Set<MetricSource>}), plus {@code Optional<ResourceMonitor>}.
 *
 * <p>An application adds its own handler beside the discovered ones; every handler in the set is
 * registered on the alert manager:
 * <pre>{@code
 * Injector injector = Guice.createInjector(new CalibraxModule(), new AbstractModule() {
 *     protected void configure() {
 *         Multibinder.newSetBinder(binder(), AlertHandler.class).addBinding().to(PagerHandler.class);
 *     }
 * });
 * ProductionMonitor monitor = injector.getInstance(ProductionMonitor.class);
 * }</pre>
 *
 * <p>Discovery runs, and the enabled handlers and GPU profilers are created, when an injector is
 * made with this module (each injector gets its own). A provider that throws is logged and
 * skipped. To wire a plugin's handler explicitly instead (its own Guice module), name it in
 * {@code calibrax.plugins.disabled} so that discovery leaves it out. {@code injector.getInstance(Calibrax.class).close()} releases everything the injector
 * created: monitors, alert manager, handlers, profilers.
 *
 * <p>{@code AdvancedMonitor} and {@code ProductionMonitor} are two distinct singletons (not one
 * linked to the other, although {@code ProductionMonitor} extends {@code AdvancedMonitor}); both
 * raise their alerts through the one {@code AlertManager} and poll the same GPUs, metric sources
 * and resource monitor. Neither is started: call {@code startMonitoring()} on the one you use.
 *
 * <p>Keys read here: {@value #MAX_ALERTS} (alerts kept, default 1000), {@value #QUEUE_CAPACITY}
 * (how far each handler may fall behind, default 8192; both refused past
 * {@link AlertManager#MAX_CAPACITY}), {@value #CLOSE_TIMEOUT} (drain deadline, default 10s),
 * {@value #SHUTDOWN_HOOK} (drain at JVM exit, default true),
 * {@value #HISTORY_SIZE} (readings kept per metric, default 100) and {@value #REPEAT_INTERVAL}
 * (how often a persisting breach re-alerts, default 4h). Unless {@value #SHUTDOWN_HOOK} is
 * false, each injector's lifecycle is closed at JVM exit if the application did not close it, so
 * queued alerts are delivered within the close timeout and what could not be is logged. They are read when the module is made, so
 * a bad value fails there with the key in the message.
 *
 * <p>The module may be reused for several injectors; it holds only the configuration.
 *
 * @since 0.1.0
 */
public class CalibraxModule extends AbstractModule {
    /** Alerts the alert manager keeps (a positive whole number). */
    public static final String MAX_ALERTS = CoreWiring.MAX_ALERTS;
    /** Alerts each handler's queue holds before dropping (a positive whole number). */
    public static final String QUEUE_CAPACITY = CoreWiring.QUEUE_CAPACITY;
    /** How long closing the alert manager waits for handlers to drain (a duration). */
    public static final String CLOSE_TIMEOUT = CoreWiring.CLOSE_TIMEOUT;
    /** Readings each monitor keeps per metric (a positive whole number). */
    public static final String HISTORY_SIZE = CoreWiring.HISTORY_SIZE;
    /** Whether the JVM's exit closes (and so drains) what an injector made: true by default. */
    public static final String SHUTDOWN_HOOK = CoreWiring.SHUTDOWN_HOOK;
    /** The most readings per metric {@value #HISTORY_SIZE} may ask for. */
    public static final int MAX_HISTORY_SIZE = CoreWiring.MAX_HISTORY_SIZE;
    /** How often a persisting breach re-alerts (a duration; 0 re-alerts on every breaching reading). */
    public static final String REPEAT_INTERVAL = CoreWiring.REPEAT_INTERVAL;

    private final CalibraxConfig config;
    private final CoreWiring wiring;

    /**
     * Wires the configuration of this process ({@link CalibraxConfig#fromEnvironment()}).
     *
     * @throws IllegalArgumentException if a named configuration file is missing or a value invalid
     */
    public CalibraxModule() {
        this(CalibraxConfig.fromEnvironment());
    }

    /**
     * Wires {@code config}.
     *
     * @throws NullPointerException     if config is null
     * @throws IllegalArgumentException naming the key if an alert manager setting is invalid
     */
    public CalibraxModule(CalibraxConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.wiring = CoreWiring.read(config);
    }

    /** The configuration this module binds. */
    public CalibraxConfig config() {
        return config;
    }

    @Override
    protected void configure() {
        bind(CalibraxConfig.class).toInstance(config);

        Lifecycle lifecycle = wiring.lifecycle();
        Plugins plugins;
        try {
            plugins = lifecycle.register("plugins", Plugins.create(config));
        } catch (IllegalArgumentException e) {
            // a wrong plugin key (calibrax.plugins.strict) or plugin folder: an error of this injector,
            // reported without a cause so that Guice does not log its stack trace as well
            binder().addError(new Message(e.getMessage()));
            plugins = Plugins.none(); // the rest still binds, so that this is the injector's one error
        }
        bind(Lifecycle.class).toInstance(lifecycle);
        bind(Plugins.class).toInstance(plugins);

        Multibinder<AlertHandler> handlers = Multibinder.newSetBinder(binder(), AlertHandler.class);
        plugins.handlers().forEach(handler -> handlers.addBinding().toInstance(handler));
        Multibinder<GpuProfiler> gpus = Multibinder.newSetBinder(binder(), GpuProfiler.class);
        plugins.gpuProfilers().forEach(profiler -> gpus.addBinding().toInstance(profiler));
        Multibinder<MetricSource> sources = Multibinder.newSetBinder(binder(), MetricSource.class);
        plugins.metricSources().forEach(source -> sources.addBinding().toInstance(source));
        OptionalBinder<ResourceMonitor> resourceMonitor = OptionalBinder.newOptionalBinder(binder(), ResourceMonitor.class);
        plugins.resourceMonitor().ifPresent(monitor -> resourceMonitor.setDefault().toInstance(monitor));
    }

    /**
     * The one alert manager of this injector; every handler in the set is registered on it, then
     * the routing keys of the configuration apply to them.
     */
    @Provides
    @Singleton
    private AlertManager alertManager(Set<AlertHandler> handlers, Plugins plugins, Lifecycle lifecycle) {
        return wiring.alertManager(config, handlers, plugins, lifecycle);
    }

    /** This injector's AdvancedMonitor, on the shared alert manager. */
    @Provides
    @Singleton
    private AdvancedMonitor advancedMonitor(AlertManager alertManager, Set<GpuProfiler> gpuProfilers,
                                            Set<MetricSource> metricSources, Optional<ResourceMonitor> resourceMonitor,
                                            Lifecycle lifecycle) {
        AdvancedMonitor.Builder<?> builder = AdvancedMonitor.builder();
        wiring.wire(builder, alertManager, gpuProfilers, metricSources, resourceMonitor);
        return lifecycle.register("advanced monitor", builder.build());
    }

    /** This injector's ProductionMonitor, on the same alert manager as the AdvancedMonitor. */
    @Provides
    @Singleton
    private ProductionMonitor productionMonitor(AlertManager alertManager, Set<GpuProfiler> gpuProfilers,
                                                Set<MetricSource> metricSources,
                                                Optional<ResourceMonitor> resourceMonitor, Lifecycle lifecycle) {
        ProductionMonitor.Builder builder = ProductionMonitor.builder();
        wiring.wire(builder, alertManager, gpuProfilers, metricSources, resourceMonitor);
        return lifecycle.register("production monitor", builder.build());
    }
}
