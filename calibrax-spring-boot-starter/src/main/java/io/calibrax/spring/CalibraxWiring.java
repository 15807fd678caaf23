package io.calibrax.spring;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Module;
import com.google.inject.ProvisionException;
import com.google.inject.TypeLiteral;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.util.Modules;
import io.calibrax.api.AlertHandler;
import io.calibrax.api.GpuProfiler;
import io.calibrax.api.MetricSource;
import io.calibrax.inject.CalibraxModule;
import io.calibrax.internal.Lifecycle;
import io.calibrax.monitoring.AlertManager;
import io.calibrax.monitoring.ProductionMonitor;
import io.calibrax.spi.CalibraxConfig;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What the auto-configuration builds through core's own wiring ({@link CalibraxModule}, the path
 * {@code Calibrax.bootstrap} takes): the discovered handlers, GPU profilers and metric sources,
 * the {@link AlertManager} they are registered on and the {@link ProductionMonitor}. So every core
 * key (alert manager settings, routing, mute windows...) means in {@code application.yml} what it
 * means in {@code calibrax.properties}.
 *
 * <p>The application's {@link AlertHandler}, {@link GpuProfiler} and {@link MetricSource} beans join
 * the discovered ones. The alert manager closes a handler bean once it has drained its queue, and
 * Spring closes the bean again afterwards: a handler bean's {@code close()} should be idempotent. The wiring happens on first use: if the application defines its own
 * {@code AlertManager} bean, the monitor is given that one ({@link #productionMonitor(AlertManager)})
 * and Calibrax's is never made; that manager stays the application's to configure, so it gets no
 * handlers from here.
 *
 * <p>{@link #close()} releases everything the wiring made, in reverse order: monitor, alert manager
 * (which drains and closes its handlers), then the profilers and other plugins. Thread-safe;
 * idempotent.
 *
 * @since 0.1.0
 */
public final class CalibraxWiring implements AutoCloseable {
    private final CalibraxConfig config;
    private final List<AlertHandler> handlerBeans;
    private final List<GpuProfiler> gpuProfilerBeans;
    private final List<MetricSource> metricSourceBeans;
    private Injector injector;
    private AlertManager applicationAlertManager;
    private boolean closed;

    /**
     * @param config            the configuration, read by the discovered providers and core
     * @param handlerBeans      the application's handlers, registered beside the discovered ones
     * @param gpuProfilerBeans  the application's GPU profilers, polled beside the discovered ones
     * @param metricSourceBeans the application's metric sources, polled beside the discovered ones
     */
    public CalibraxWiring(CalibraxConfig config, List<AlertHandler> handlerBeans, List<GpuProfiler> gpuProfilerBeans,
                          List<MetricSource> metricSourceBeans) {
        this.config = Objects.requireNonNull(config, "config");
        this.handlerBeans = List.copyOf(handlerBeans);
        this.gpuProfilerBeans = List.copyOf(gpuProfilerBeans);
        this.metricSourceBeans = List.copyOf(metricSourceBeans);
    }

    /**
     * Calibrax's alert manager, with every discovered handler and handler bean registered.
     *
     * @throws IllegalStateException    if the monitor was already wired to the application's manager, or closed
     * @throws IllegalArgumentException naming the key if a setting is invalid
     */
    public synchronized AlertManager alertManager() {
        if (applicationAlertManager != null) {
            throw new IllegalStateException("Calibrax was wired to the application's AlertManager bean");
        }
        return instance(injector(null), AlertManager.class);
    }

    /**
     * The production monitor, raising its alerts through {@code alertManager}: Calibrax's own
     * ({@link #alertManager()}) or the application's.
     *
     * @throws IllegalStateException    if the wiring already holds another alert manager, or is closed
     * @throws IllegalArgumentException naming the key if a setting is invalid
     */
    public synchronized ProductionMonitor productionMonitor(AlertManager alertManager) {
        Objects.requireNonNull(alertManager, "alertManager");
        if (injector == null) {
            applicationAlertManager = alertManager; // Calibrax's own would have made the injector already
        }
        Injector wired = injector(applicationAlertManager);
        if (wired.getInstance(AlertManager.class) != alertManager) {
            throw new IllegalStateException("Calibrax is wired to another AlertManager than " + alertManager);
        }
        return instance(wired, ProductionMonitor.class);
    }

    /** One profiler per GPU: the discovered ones and the application's beans; empty without a GPU. */
    public synchronized List<GpuProfiler> gpuProfilers() {
        return List.copyOf(injector(applicationAlertManager).getInstance(Key.get(new TypeLiteral<Set<GpuProfiler>>() { })));
    }

    /** True once {@link #close()} has been called. */
    public synchronized boolean isClosed() {
        return closed;
    }

    private Injector injector(AlertManager applicationManager) {
        if (closed) {
            throw new IllegalStateException("Calibrax's wiring is closed");
        }
        if (injector == null) {
            Module calibrax = Modules.combine(new CalibraxModule(config), new ApplicationBeans());
            if (applicationManager != null) {
                calibrax = Modules.override(calibrax).with(binder ->
                        binder.bind(AlertManager.class).toProvider(() -> applicationManager));
            }
            injector = Guice.createInjector(calibrax);
        }
        return injector;
    }

    /** Core's wiring throws a bad key as the cause of a ProvisionException: the key's message is the one to show. */
    private static <T> T instance(Injector injector, Class<T> type) {
        try {
            return injector.getInstance(type);
        } catch (ProvisionException e) {
            throw unwrapped(e);
        }
    }

    private static RuntimeException unwrapped(ProvisionException e) {
        if (e.getCause() instanceof RuntimeException cause) {
            cause.addSuppressed(e);
            return cause;
        }
        return e;
    }

    @Override
    public void close() {
        Injector toClose;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            toClose = injector;
        }
        if (toClose != null) {
            toClose.getInstance(Lifecycle.class).close();
        }
    }

    @Override
    public synchronized String toString() {
        return "CalibraxWiring[" + (injector == null ? "not wired" : "wired")
                + (applicationAlertManager != null ? ", application's alert manager" : "") + (closed ? ", closed" : "")
                + "]";
    }

    /**
     * The application's beans added to core's sets. Bound through providers, not as instances, so
     * that Guice does not inject members of Spring beans.
     */
    private final class ApplicationBeans extends AbstractModule {
        @Override
        protected void configure() {
            Multibinder<AlertHandler> handlers = Multibinder.newSetBinder(binder(), AlertHandler.class);
            handlerBeans.forEach(handler -> handlers.addBinding().toProvider(() -> handler));
            Multibinder<GpuProfiler> gpus = Multibinder.newSetBinder(binder(), GpuProfiler.class);
            gpuProfilerBeans.forEach(profiler -> gpus.addBinding().toProvider(() -> profiler));
            Multibinder<MetricSource> sources = Multibinder.newSetBinder(binder(), MetricSource.class);
            metricSourceBeans.forEach(source -> sources.addBinding().toProvider(() -> source));
        }
    }
}
