package io.calibrax.spi;

import io.calibrax.api.ResourceMonitor;

import java.util.Optional;

/**
 * Supplies the default {@link ResourceMonitor}; found with {@link java.util.ServiceLoader}. The
 * available provider with the highest {@link #priority()} wins (core's OSHI monitor has priority
 * 0; a plugin can offer, say, a cgroup-aware one with a higher priority).
 */
public interface ResourceMonitorProvider {

    /** Higher wins. */
    int priority();

    /** The monitor, or empty where it cannot work here. */
    Optional<ResourceMonitor> create(CalibraxConfig config);
}
