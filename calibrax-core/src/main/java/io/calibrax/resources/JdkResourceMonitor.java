package io.calibrax.resources;

import io.calibrax.api.ResourceMonitor;
import io.calibrax.api.ResourceSample;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.OperatingSystemMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@link ResourceMonitor} used when OSHI is not on the class path: it reads the JDK's
 * management beans only. CPU is the process CPU time since the previous sample; resident memory
 * is {@code VmRSS} of {@code /proc/self/status} where Linux offers it, else the memory the JVM has
 * committed (heap and non-heap), which is less than the process's real footprint.
 *
 * <p>{@link ResourceSample#asMetrics()} uses OSHI's names for what the JDK can read:
 * {@code process_threads} (the JVM's live threads), {@code process_open_fds} (Unix),
 * {@code system_cpu_percent}, {@code system_memory_percent}, {@code system_load_average}, and the
 * heap and garbage collection readings. Thread-safe: samples are taken one at a time.
 *
 * @since 0.1.0
 */
public final class JdkResourceMonitor implements ResourceMonitor {
    private static final double MB = HostReadings.MB; // a constant: HostReadings (OSHI) is not loaded
    private static final Path PROC_STATUS = Path.of("/proc/self/status");

    private final OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    // guarded by this
    private long previousCpuNanos = -1;
    private long previousNanos;

    /** A monitor of the current process. */
    public JdkResourceMonitor() {
    }

    /** Reads the process, host and JVM now. */
    @Override
    public synchronized ResourceSample sample() {
        long now = System.nanoTime();
        Map<String, Double> metrics = new LinkedHashMap<>();
        double cpuPercent = 0.0;
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            cpuPercent = processCpuPercent(sun.getProcessCpuTime(), now);
            putIfReading(metrics, OshiResourceMonitor.SYSTEM_CPU_PERCENT, sun.getCpuLoad() * 100.0);
            long total = sun.getTotalMemorySize();
            if (total > 0) {
                putIfReading(metrics, OshiResourceMonitor.SYSTEM_MEMORY_PERCENT,
                        (total - sun.getFreeMemorySize()) * 100.0 / total);
            }
        }
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            putIfReading(metrics, OshiResourceMonitor.PROCESS_OPEN_FILES, unix.getOpenFileDescriptorCount());
        }
        metrics.put(OshiResourceMonitor.PROCESS_THREADS, (double) ManagementFactory.getThreadMXBean().getThreadCount());
        putIfReading(metrics, OshiResourceMonitor.SYSTEM_LOAD_AVERAGE, os.getSystemLoadAverage());
        putJvmReadings(metrics);
        return new ResourceSample(Instant.now(), cpuPercent, residentMb(), metrics);
    }

    /** CPU time used since the previous sample over wall time elapsed, in percent of one core. */
    private double processCpuPercent(long cpuNanos, long nowNanos) {
        if (cpuNanos < 0) {
            return 0.0;
        }
        double percent;
        if (previousCpuNanos < 0) {
            long upMillis = ManagementFactory.getRuntimeMXBean().getUptime();
            percent = upMillis > 0 ? cpuNanos / 1e4 / upMillis : 0.0;
        } else {
            long wallNanos = nowNanos - previousNanos;
            percent = wallNanos > 0 ? (cpuNanos - previousCpuNanos) * 100.0 / wallNanos : 0.0;
        }
        previousCpuNanos = cpuNanos;
        previousNanos = nowNanos;
        return Double.isFinite(percent) ? Math.max(0.0, percent) : 0.0;
    }

    /** VmRSS on Linux; elsewhere the JVM's committed heap and non-heap memory. */
    private static double residentMb() {
        if (Files.isReadable(PROC_STATUS)) {
            try {
                List<String> lines = Files.readAllLines(PROC_STATUS);
                for (String line : lines) {
                    if (line.startsWith("VmRSS:")) {
                        String[] parts = line.substring("VmRSS:".length()).trim().split("\\s+");
                        return Long.parseLong(parts[0]) / 1024.0; // kB
                    }
                }
            } catch (IOException | RuntimeException e) {
                // an unusual /proc: the JVM's own figure below is still a reading
            }
        }
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        return (memory.getHeapMemoryUsage().getCommitted() + memory.getNonHeapMemoryUsage().getCommitted()) / MB;
    }

    /** Heap in use and garbage collections of this JVM, under OSHI's names; shared with {@link OshiResourceMonitor}. */
    static void putJvmReadings(Map<String, Double> metrics) {
        metrics.put(OshiResourceMonitor.JVM_HEAP_USED_MB,
                ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / MB);
        long count = 0;
        long millis = 0;
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, collector.getCollectionCount());
            millis += Math.max(0, collector.getCollectionTime());
        }
        metrics.put(OshiResourceMonitor.JVM_GC_COUNT, (double) count);
        metrics.put(OshiResourceMonitor.JVM_GC_TIME_MS, (double) millis);
    }

    /** The JDK and OSHI report "unavailable" as a negative number; such readings are left out. */
    static void putIfReading(Map<String, Double> metrics, String name, double value) {
        if (Double.isFinite(value) && value >= 0) {
            metrics.put(name, value);
        }
    }

    @Override
    public String toString() {
        return "JdkResourceMonitor[" + System.getProperty("os.name") + "]";
    }
}
