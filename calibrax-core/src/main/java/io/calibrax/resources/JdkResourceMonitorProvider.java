package io.calibrax.resources;

import io.calibrax.api.ResourceMonitor;
import io.calibrax.spi.CalibraxConfig;
import io.calibrax.spi.ResourceMonitorProvider;

import java.util.Objects;
import java.util.Optional;

/**
 * Core's fallback {@link ResourceMonitorProvider}: a {@link JdkResourceMonitor} with priority
 * {@value #PRIORITY}, below OSHI's, so that it is used only when OSHI is not on the class path (or
 * does not know this platform). Stateless and thread-safe.
 *
 * @since 0.1.0
 */
public final class JdkResourceMonitorProvider implements ResourceMonitorProvider {
    /** The priority of the JDK's monitor: below {@link OshiResourceMonitorProvider#PRIORITY}. */
    public static final int PRIORITY = -100;

    /** Used by {@link java.util.ServiceLoader}. */
    public JdkResourceMonitorProvider() {
    }

    @Override
    public int priority() {
        return PRIORITY;
    }

    /** @throws NullPointerException if config is null */
    @Override
    public Optional<ResourceMonitor> create(CalibraxConfig config) {
        Objects.requireNonNull(config, "config");
        return Optional.of(new JdkResourceMonitor());
    }
}
