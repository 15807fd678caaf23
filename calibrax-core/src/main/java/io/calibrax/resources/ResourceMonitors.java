package io.calibrax.resources;

import io.calibrax.api.ResourceMonitor;
import io.calibrax.spi.CalibraxConfig;
import io.calibrax.spi.ResourceMonitorProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Finds the default {@link ResourceMonitor}: every {@link ResourceMonitorProvider} on the class
 * path is asked, highest {@link ResourceMonitorProvider#priority() priority} first, and the first
 * that offers a monitor wins. A provider that fails to load or throws is logged and skipped; two
 * providers with one priority are reported (both class names) and taken in class-name order.
 *
 * <p>Stateless and thread-safe.
 *
 * @since 0.1.0
 */
public final class ResourceMonitors {
    private static final Logger log = LoggerFactory.getLogger(ResourceMonitors.class);

    private ResourceMonitors() {
    }

    /**
     * The monitor of the highest-priority provider found with {@link ServiceLoader} that offers one
     * under {@code config}.
     *
     * @throws NullPointerException if config is null
     */
    public static Optional<ResourceMonitor> discover(CalibraxConfig config) {
        Objects.requireNonNull(config, "config");
        return select(load(), config);
    }

    /**
     * The monitor that {@code new AdvancedMonitor()} uses: {@link #discover} with an empty
     * configuration, falling back to an {@link OshiResourceMonitor} when no provider is visible (a
     * shaded JAR that dropped the service files) and OSHI supports this platform, else to a
     * {@link JdkResourceMonitor}.
     */
    public static Optional<ResourceMonitor> defaultMonitor() {
        Optional<ResourceMonitor> found = discover(CalibraxConfig.empty());
        if (found.isPresent()) {
            return found;
        }
        return Optional.of(OshiResourceMonitor.isSupported() ? new OshiResourceMonitor() : new JdkResourceMonitor());
    }

    /**
     * The monitor of the highest-priority provider among {@code providers} that offers one.
     *
     * @throws NullPointerException if providers or config is null
     */
    public static Optional<ResourceMonitor> select(Iterable<? extends ResourceMonitorProvider> providers,
                                                   CalibraxConfig config) {
        Objects.requireNonNull(providers, "providers");
        Objects.requireNonNull(config, "config");
        List<ResourceMonitorProvider> found = new ArrayList<>();
        Iterator<? extends ResourceMonitorProvider> iterator = providers.iterator();
        while (true) {
            try {
                if (!iterator.hasNext()) {
                    break;
                }
                ResourceMonitorProvider provider = iterator.next();
                if (provider != null) {
                    found.add(provider);
                }
            } catch (ServiceConfigurationError e) {
                log.warn("Skipping a ResourceMonitorProvider that could not be loaded: {}", e.getMessage());
            }
        }
        List<Ranked> usable = new ArrayList<>(found.size());
        for (ResourceMonitorProvider provider : found) {
            try {
                usable.add(new Ranked(provider, provider.priority()));
            } catch (RuntimeException e) {
                log.warn("Skipping ResourceMonitorProvider {}: priority() threw {}", provider.getClass().getName(), e.toString());
                log.debug("priority() failed", e);
            }
        }
        usable.sort(Comparator.comparingInt(Ranked::priority).reversed().thenComparing(Ranked::className));
        for (int k = 1; k < usable.size(); k++) {
            if (usable.get(k - 1).priority() == usable.get(k).priority()) {
                log.warn("ResourceMonitorProviders {} and {} share priority {}; trying them in that order",
                        usable.get(k - 1).className(), usable.get(k).className(), usable.get(k).priority());
            }
        }
        for (Ranked candidate : usable) {
            try {
                Optional<ResourceMonitor> monitor = candidate.provider().create(config);
                if (monitor != null && monitor.isPresent()) {
                    log.debug("Default ResourceMonitor from {} (priority {})", candidate.className(), candidate.priority());
                    return monitor;
                }
            } catch (RuntimeException | LinkageError e) {
                log.warn("ResourceMonitorProvider {} failed to create its monitor ({}); trying the next", candidate.className(),
                        e.toString());
                log.debug("create failed", e);
            }
        }
        return Optional.empty();
    }

    private record Ranked(ResourceMonitorProvider provider, int priority) {
        String className() {
            return provider.getClass().getName();
        }
    }

    private static Iterable<ResourceMonitorProvider> load() {
        return ServiceLoader.load(ResourceMonitorProvider.class, ResourceMonitors.class.getClassLoader());
    }
}
