package io.calibrax.internal;

import io.calibrax.api.AlertHandler;
import io.calibrax.api.GpuProfiler;
import io.calibrax.api.MetricSource;
import io.calibrax.api.ResourceMonitor;
import io.calibrax.resources.ResourceMonitors;
import io.calibrax.spi.AlertHandlerProvider;
import io.calibrax.spi.CalibraxConfig;
import io.calibrax.spi.GpuProfilerProvider;
import io.calibrax.spi.MetricSourceProvider;
import io.calibrax.spi.ResourceMonitorProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What the discovered providers created from one configuration: alert handlers, GPU profilers,
 * metric sources and the default resource monitor. Each provider is isolated (see
 * {@link ServiceDiscovery}): one that throws is logged and skipped, the others still load.
 *
 * <p>{@link #close()} releases the profilers, the metric sources and resource monitor that are
 * {@link AutoCloseable}, and the handlers unless an alert manager has {@linkplain #adoptHandlers()
 * adopted} them (it closes its handlers itself). Idempotent; thread-safe.
 *
 * @since 0.1.0
 */
public final class Plugins implements AutoCloseable {
    /**
     * Names of alert handler and metric source providers not to create although discovered, for
     * an application that wires one explicitly (say with the Slack plugin's Guice module):
     * {@code calibrax.plugins.disabled=slack}.
     */
    public static final String DISABLED = "calibrax.plugins.disabled";
    /**
     * {@code true}: a provider whose keys are present but wrong fails the wiring with an
     * {@link IllegalArgumentException} naming the key, instead of being logged and skipped. The
     * {@code calibrax} command always sets it.
     */
    public static final String STRICT = "calibrax.plugins.strict";

    private static final Logger log = LoggerFactory.getLogger(Plugins.class);

    private final PluginLoader loader;
    private final List<AlertHandler> handlers;
    private final Map<AlertHandler, String> handlerNames;
    private final List<GpuProfiler> gpuProfilers;
    private final List<MetricSource> metricSources;
    private final ResourceMonitor resourceMonitor;
    private final AtomicBoolean handlersAdopted = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();

    private Plugins(PluginLoader loader, List<AlertHandler> handlers, Map<AlertHandler, String> handlerNames,
                    List<GpuProfiler> gpuProfilers, List<MetricSource> metricSources, ResourceMonitor resourceMonitor) {
        this.loader = loader;
        this.handlers = List.copyOf(handlers);
        this.handlerNames = handlerNames;
        this.gpuProfilers = List.copyOf(gpuProfilers);
        this.metricSources = List.copyOf(metricSources);
        this.resourceMonitor = resourceMonitor;
    }

    /**
     * Finds every provider on the class path (and in {@value PluginLoader#DIR}) and creates what
     * {@code config} enables; warns once about each {@code calibrax.*} key nobody knows.
     *
     * @throws IllegalArgumentException naming the key when the plugin folder is not one, or, with
     *                                  {@value #STRICT}, when a provider's keys are wrong
     */
    public static Plugins create(CalibraxConfig config) {
        Objects.requireNonNull(config, "config");
        boolean strict = config.getBoolean(STRICT, false);
        Set<String> disabled = Set.copyOf(config.getList(DISABLED));
        PluginLoader loader = PluginLoader.open(config);
        List<AutoCloseable> created = new ArrayList<>();
        try {
            ConfigKeys.discover(loader).warnUnknown(config); // the providers found here are kept for below
            Map<String, AlertHandlerProvider> handlerProviders =
                    loader.named(AlertHandlerProvider.class, AlertHandlerProvider::name);
            Map<String, MetricSourceProvider> sourceProviders =
                    loader.named(MetricSourceProvider.class, MetricSourceProvider::name);

            List<AlertHandler> handlers = new ArrayList<>();
            Map<AlertHandler, String> handlerNames = new IdentityHashMap<>();
            handlerProviders.forEach((name, provider) -> {
                if (disabled.contains(name)) {
                    log.debug("Alert handler '{}' disabled by {}", name, DISABLED);
                    return;
                }
                Optional<AlertHandler> handler = ServiceDiscovery.call(AlertHandlerProvider.class, provider,
                        "create", () -> provider.create(config), strict);
                if (handler != null && handler.isPresent()) {
                    created.add(handler.get());
                    handlers.add(handler.get());
                    handlerNames.put(handler.get(), name);
                    log.debug("Alert handler '{}' created by {}", name, provider.getClass().getName());
                } else if (handler != null) {
                    log.debug("Alert handler '{}' not enabled by the configuration", name);
                }
            });

            List<GpuProfiler> gpuProfilers = new ArrayList<>();
            for (GpuProfilerProvider provider : loader.providers(GpuProfilerProvider.class)) {
                List<GpuProfiler> opened = ServiceDiscovery.call(GpuProfilerProvider.class, provider, "open",
                        () -> provider.open(config), strict);
                if (opened != null) {
                    opened.stream().filter(Objects::nonNull).forEach(gpu -> {
                        created.add(gpu);
                        gpuProfilers.add(gpu);
                    });
                }
            }

            List<MetricSource> metricSources = new ArrayList<>();
            sourceProviders.forEach((name, provider) -> {
                if (disabled.contains(name)) {
                    log.debug("Metric source '{}' disabled by {}", name, DISABLED);
                    return;
                }
                Optional<MetricSource> source = ServiceDiscovery.call(MetricSourceProvider.class, provider,
                        "create", () -> provider.create(config), strict);
                if (source != null && source.isPresent()) {
                    metricSources.add(source.get());
                    if (source.get() instanceof AutoCloseable closeable) {
                        created.add(closeable);
                    }
                }
            });
            warnAboutUnknownDisabled(disabled, handlerProviders.keySet(), sourceProviders.keySet());

            // The highest-priority provider that offers one, found on every loader.
            ResourceMonitor resourceMonitor = ResourceMonitors.select(
                    loader.providers(ResourceMonitorProvider.class), config).orElse(null);
            return new Plugins(loader, handlers, handlerNames, gpuProfilers, metricSources, resourceMonitor);
        } catch (RuntimeException e) {
            created.forEach(closeable -> Lifecycle.closeQuietly(closeable.getClass().getName(), closeable));
            loader.close();
            throw e;
        }
    }

    /** No plugins at all: what a wiring that already failed binds. */
    public static Plugins none() {
        return new Plugins(PluginLoader.open(CalibraxConfig.empty()), List.of(), new IdentityHashMap<>(), List.of(),
                List.of(), null);
    }

    private static void warnAboutUnknownDisabled(Set<String> disabled, Set<String> handlers, Set<String> sources) {
        Set<String> known = new TreeSet<>(handlers);
        known.addAll(sources);
        for (String name : new TreeSet<>(disabled)) {
            if (!known.contains(name)) {
                log.warn("{} names '{}', but no plugin has that name{}", DISABLED, name,
                        ConfigKeys.nearest(name, known).map(near -> "; did you mean " + near + "?")
                                .orElse(" (plugins: " + String.join(", ", known) + ")"));
            }
        }
    }

    /** The handlers the providers created, in discovery order. */
    public List<AlertHandler> handlers() {
        return handlers;
    }

    /** The provider's name for a handler it created ({@code "console"}), else the handler's own name. */
    public String nameOf(AlertHandler handler) {
        String name = handlerNames.get(handler);
        if (name != null) {
            return name;
        }
        try {
            return Objects.requireNonNullElse(handler.name(), handler.getClass().getName());
        } catch (RuntimeException e) {
            return handler.getClass().getName();
        }
    }

    /** One profiler per GPU, from every provider, in discovery order. */
    public List<GpuProfiler> gpuProfilers() {
        return gpuProfilers;
    }

    /** The metric sources every monitor polls. */
    public List<MetricSource> metricSources() {
        return metricSources;
    }

    /** The default resource monitor; empty when no provider supplied one. */
    public Optional<ResourceMonitor> resourceMonitor() {
        return Optional.ofNullable(resourceMonitor);
    }

    /**
     * Warns about every handler bound by the application whose class is also that of a discovered
     * handler: both receive every alert, which is rarely what was meant.
     */
    public void warnAboutTwins(Collection<AlertHandler> allHandlers) {
        for (AlertHandler handler : allHandlers) {
            if (handlerNames.containsKey(handler)) {
                continue;
            }
            for (AlertHandler discovered : handlers) {
                if (discovered.getClass() == handler.getClass()) {
                    log.warn("Alert handler '{}' ({}) is both discovered and bound by the application, so every "
                                    + "alert reaches it twice; set {}={} to keep only the one you bound",
                            handlerNames.get(discovered), handler.getClass().getName(), DISABLED,
                            handlerNames.get(discovered));
                }
            }
        }
    }

    /** From now on an alert manager owns the handlers and closes them; {@link #close()} leaves them. */
    public void adoptHandlers() {
        handlersAdopted.set(true);
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (!handlersAdopted.get()) {
            handlers.forEach(handler -> Lifecycle.closeQuietly("alert handler " + nameOf(handler), handler));
        }
        for (MetricSource source : metricSources) {
            if (source instanceof AutoCloseable closeable) {
                Lifecycle.closeQuietly("metric source " + source.getClass().getName(), closeable);
            }
        }
        if (resourceMonitor instanceof AutoCloseable closeable) {
            Lifecycle.closeQuietly("resource monitor " + resourceMonitor.getClass().getName(), closeable);
        }
        for (GpuProfiler profiler : gpuProfilers) {
            Lifecycle.closeQuietly("GPU profiler " + profiler.getClass().getName(), profiler);
        }
        loader.close();
    }
}
