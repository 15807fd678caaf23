package io.calibrax.resources;

import io.calibrax.api.ResourceMonitor;
import io.calibrax.api.ResourceSample;
import oshi.SystemInfo;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The host as the watched target, through OSHI: {@code cpu_percent} is the CPU the whole machine
 * uses (100 = one core busy), {@code memory_rss_mb} the memory in use (total less available), and
 * beside them {@value OshiResourceMonitor#SYSTEM_CPU_PERCENT}, {@value
 * OshiResourceMonitor#SYSTEM_MEMORY_PERCENT} and {@value OshiResourceMonitor#SYSTEM_LOAD_AVERAGE}.
 * Nothing about the JVM that reads it. What {@code calibrax watch} reports without a process.
 *
 * <p>Thread-safe: {@link #sample()} is synchronized. OSHI is loaded on the first sample.
 *
 * @since 0.1.0
 */
public final class HostResourceMonitor implements ResourceMonitor {
    // guarded by this
    private HostReadings host;

    /**
     * Reads the host now.
     *
     * @throws IllegalStateException if OSHI does not support this platform
     */
    @Override
    public synchronized ResourceSample sample() {
        if (host == null) {
            host = OshiSupport.open(info -> new HostReadings(info.getHardware()));
        }
        double load = host.cpuLoad();
        Map<String, Double> metrics = new LinkedHashMap<>();
        host.putInto(metrics, load);
        double cpuPercent = Double.isFinite(load) && load >= 0 ? load * host.logicalCores() * 100.0 : 0.0;
        return new ResourceSample(Instant.now(), cpuPercent, host.usedMemoryMb(), metrics);
    }

    @Override
    public String toString() {
        return "HostResourceMonitor[" + SystemInfo.getCurrentPlatform() + "]";
    }
}
