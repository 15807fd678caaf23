package io.calibrax.spi;

import io.calibrax.api.ResourceMonitor;

import java.util.Optional;
import java.util.Set;

/**
 * Supplies the default {@link ResourceMonitor}; found with {@link java.util.ServiceLoader}. The
 * available provider with the highest {@link #priority()} wins (core's OSHI monitor has priority
 * 0; a plugin can offer, say, a cgroup-aware one with a higher priority).
 *
 * @since 0.1.0
 */
public interface ResourceMonitorProvider {

    /** Higher wins. */
    int priority();

    /** The monitor, or empty where it cannot work here. */
    Optional<ResourceMonitor> create(CalibraxConfig config);

    /**
     * The configuration keys this provider reads, so that a key no part of Calibrax knows can be
     * pointed out as a likely typo. A key ending in {@code .} stands for every key under it
     * ({@code calibrax.route.}). Empty by default: the provider's keys are then not checked.
     */
    default Set<String> configKeys() {
        return Set.of();
    }
}
