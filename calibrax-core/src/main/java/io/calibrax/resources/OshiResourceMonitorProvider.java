package io.calibrax.resources;

import io.calibrax.api.ResourceMonitor;
import io.calibrax.spi.CalibraxConfig;
import io.calibrax.spi.ResourceMonitorProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Objects;
import java.util.Optional;

/**
 * Core's {@link ResourceMonitorProvider}: supplies an {@link OshiResourceMonitor} with priority 0,
 * so that any plugin offering a monitor with a higher priority (a cgroup-aware one, say) wins.
 * Empty without OSHI on the class path or on a platform OSHI does not know, and then
 * {@link JdkResourceMonitorProvider} supplies the JDK's readings. Stateless and thread-safe.
 *
 * @since 0.1.0
 */
public final class OshiResourceMonitorProvider implements ResourceMonitorProvider {
    private static final Logger log = LoggerFactory.getLogger(OshiResourceMonitorProvider.class);

    /** The priority of core's monitor: the lowest a plugin needs to beat. */
    public static final int PRIORITY = 0;

    /** Used by {@link java.util.ServiceLoader}. */
    public OshiResourceMonitorProvider() {
    }

    @Override
    public int priority() {
        return PRIORITY;
    }

    /** @throws NullPointerException if config is null */
    @Override
    public Optional<ResourceMonitor> create(CalibraxConfig config) {
        Objects.requireNonNull(config, "config");
        if (!OshiResourceMonitor.isSupported()) {
            log.info("OSHI is not on the class path or does not support this platform ({}); the JDK's readings are used",
                    System.getProperty("os.name"));
            return Optional.empty();
        }
        return Optional.of(new OshiResourceMonitor());
    }
}
