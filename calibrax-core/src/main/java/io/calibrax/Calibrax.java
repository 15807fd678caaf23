package io.calibrax;

import com.google.inject.Module;
import io.calibrax.api.AlertHandler;
import io.calibrax.api.GpuProfiler;
import io.calibrax.inject.CalibraxModule;
import io.calibrax.internal.CoreWiring;
import io.calibrax.internal.Lifecycle;
import io.calibrax.internal.Plugins;
import io.calibrax.internal.ServiceDiscovery;
import io.calibrax.monitoring.AlertManager;
import io.calibrax.monitoring.ProductionMonitor;
import io.calibrax.spi.CalibraxConfig;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.StringJoiner;

/**
 * Calibrax without Guice: {@link #bootstrap()} finds every plugin on the class path
 * (alert handlers, GPU profilers, metric sources, the resource monitor), creates those the
 * configuration enables, and wires them to one {@link AlertManager} and the monitor.
 * <pre>{@code
 * try (Calibrax calibrax = Calibrax.bootstrap()) {
 *     ProductionMonitor monitor = calibrax.productionMonitor();
 *     monitor.recordPipelineExecution("etl", 12.5, true);
 * }
 * }</pre>
 * At start it logs one INFO line listing the handlers and GPUs it found, and {@link #bootstrap}
 * starts every {@link CalibraxExtension} on the class path (the Prometheus endpoint of
 * calibrax-micrometer, say).
 *
 * <p>With Guice, {@code injector.getInstance(Calibrax.class)} gives the same facade over an
 * injector made with {@link CalibraxModule}. Thread-safe; {@link #close()} is idempotent.
 *
 * @since 0.1.0
 */
@Singleton
public final class Calibrax implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Calibrax.class);

    private final CalibraxConfig config;
    private final AlertManager alertManager;
    private final ProductionMonitor productionMonitor;
    private final List<GpuProfiler> gpuProfilers;
    private final Lifecycle lifecycle;

    @Inject
    Calibrax(CalibraxConfig config, AlertManager alertManager, ProductionMonitor productionMonitor,
             Set<GpuProfiler> gpuProfilers, Plugins plugins, Lifecycle lifecycle) {
        this.config = config;
        this.alertManager = alertManager;
        this.productionMonitor = productionMonitor;
        this.gpuProfilers = List.copyOf(gpuProfilers);
        this.lifecycle = lifecycle;
        log.info("Calibrax started: alert handlers {}; GPUs {}", handlerNames(alertManager, plugins),
                gpuNames(this.gpuProfilers));
    }

    /**
     * Wires the configuration of this process ({@link CalibraxConfig#fromEnvironment()}).
     *
     * @throws IllegalArgumentException if a named configuration file is missing or a value invalid
     */
    public static Calibrax bootstrap() {
        return bootstrap(CalibraxConfig.fromEnvironment());
    }

    /**
     * Wires {@code config}: discovers the providers on calibrax-api's class loader and the calling
     * thread's context class loader and creates what the configuration enables. A provider that
     * throws is logged and skipped.
     *
     * @throws NullPointerException     if config is null
     * @throws IllegalArgumentException naming the key if a core setting is invalid, the plugin
     *                                  folder ({@code calibrax.plugins.dir}) is not one, or, with
     *                                  {@code calibrax.plugins.strict=true}, a plugin's key is wrong
     */
    public static Calibrax bootstrap(CalibraxConfig config) {
        Objects.requireNonNull(config, "config");
        CoreWiring wiring = CoreWiring.read(config);
        // plain Java, the same wiring as CalibraxModule's, so that Guice is never needed here
        Lifecycle lifecycle = wiring.lifecycle();
        try {
            Plugins plugins = lifecycle.register("plugins", Plugins.create(config));
            AlertManager alertManager = wiring.alertManager(config, plugins.handlers(), plugins, lifecycle);
            ProductionMonitor.Builder builder = ProductionMonitor.builder();
            wiring.wire(builder, alertManager, plugins.gpuProfilers(), plugins.metricSources(),
                    plugins.resourceMonitor());
            ProductionMonitor monitor = lifecycle.register("production monitor", builder.build());
            Calibrax calibrax = new Calibrax(config, alertManager, monitor, new LinkedHashSet<>(plugins.gpuProfilers()),
                    plugins, lifecycle);
            calibrax.startExtensions();
            return calibrax;
        } catch (RuntimeException | Error e) {
            lifecycle.close();
            throw e;
        }
    }

    /**
     * {@link #bootstrap(CalibraxConfig)} with more Guice modules beside {@link CalibraxModule}: an
     * application's own handlers, or a {@code ResourceMonitor} of its choice (bind it with
     * {@code OptionalBinder.newOptionalBinder(binder(), ResourceMonitor.class).setBinding()}). Needs
     * Guice on the class path, as {@link #bootstrap(CalibraxConfig)} does not.
     *
     * @throws IllegalArgumentException as {@link #bootstrap(CalibraxConfig)} does
     */
    public static Calibrax bootstrap(CalibraxConfig config, Module... modules) {
        return GuiceBootstrap.bootstrap(config, modules);
    }

    /** Starts every discovered {@link CalibraxExtension}; each one's closeable is closed first by {@link #close()}. */
    void startExtensions() {
        ServiceDiscovery.named(CalibraxExtension.class, CalibraxExtension::name).forEach((name, extension) ->
                extension.start(this).ifPresent(started -> lifecycle.register("extension " + name, started)));
    }

    /** The configuration it was wired with. */
    public CalibraxConfig config() {
        return config;
    }

    /** The one alert manager; every discovered handler is registered on it. */
    public AlertManager alertManager() {
        return alertManager;
    }

    /**
     * The production monitor, raising its alerts through {@link #alertManager()} and polling the
     * GPUs, metric sources and resource monitor found. Not started: call
     * {@code startMonitoring()}. Closed by {@link #close()}.
     */
    public ProductionMonitor productionMonitor() {
        return productionMonitor;
    }

    /** The handlers registered on the alert manager now. */
    public List<AlertHandler> handlers() {
        return alertManager.getAlertHandlers();
    }

    /** One profiler per GPU found; empty without a GPU or driver. Closed by {@link #close()}. */
    public List<GpuProfiler> gpuProfilers() {
        return gpuProfilers;
    }

    /** True once {@link #close()} has been called. */
    public boolean isClosed() {
        return lifecycle.isClosed();
    }

    /**
     * Releases everything: stops and closes the monitors, closes the alert manager (which drains
     * and closes the handlers), then the GPU profilers and other plugins. Idempotent.
     */
    @Override
    public void close() {
        lifecycle.close();
    }

    private static String handlerNames(AlertManager alertManager, Plugins plugins) {
        StringJoiner names = new StringJoiner(", ", "[", "]");
        alertManager.getAlertHandlers().forEach(handler -> names.add(plugins.nameOf(handler)));
        return names.toString();
    }

    private static String gpuNames(List<GpuProfiler> gpuProfilers) {
        StringJoiner names = new StringJoiner(", ", "[", "]");
        for (GpuProfiler gpu : gpuProfilers) {
            try {
                names.add(gpu.index() + ": " + gpu.name());
            } catch (RuntimeException e) {
                names.add(gpu.getClass().getSimpleName() + " (" + e.getMessage() + ")");
            }
        }
        return names.toString();
    }

    @Override
    public String toString() {
        return "Calibrax[handlers=" + alertManager.getAlertHandlers().size() + ", gpus=" + gpuProfilers.size()
                + (isClosed() ? ", closed" : "") + "]";
    }
}
