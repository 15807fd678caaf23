package io.calibrax.resources;

import io.calibrax.api.ResourceMonitor;
import io.calibrax.api.ResourceSample;
import oshi.PlatformEnum;
import oshi.SystemInfo;
import oshi.software.os.OSProcess;
import oshi.software.os.OperatingSystem;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The default {@link ResourceMonitor}, built on OSHI: one {@link #sample()} reads this process
 * (CPU since the previous sample, resident memory, threads, open file descriptors), its host (CPU,
 * memory in use, load average) and the JVM (heap in use, garbage collections).
 *
 * <p>{@link ResourceSample#asMetrics()} names the readings: {@code cpu_percent} and
 * {@code memory_rss_mb} always, and {@value #PROCESS_THREADS}, {@value #PROCESS_OPEN_FILES},
 * {@value #SYSTEM_CPU_PERCENT}, {@value #SYSTEM_MEMORY_PERCENT}, {@value #SYSTEM_LOAD_AVERAGE},
 * {@value #JVM_HEAP_USED_MB}, {@value #JVM_GC_COUNT} and {@value #JVM_GC_TIME_MS} where the
 * platform offers them (Windows has no load average, for instance). MB means 1024×1024 bytes.
 *
 * <p>Cheap to construct: OSHI is loaded on the first sample. Thread-safe: samples are taken one at a
 * time (each takes a few milliseconds), and "since the previous sample" means the previous sample of
 * this instance, whoever took it.
 *
 * @since 0.1.0
 */
public final class OshiResourceMonitor implements ResourceMonitor {
    /** Threads of this process. */
    public static final String PROCESS_THREADS = "process_threads";
    /** Open file descriptors (handles on Windows) of this process. */
    public static final String PROCESS_OPEN_FILES = "process_open_fds";
    /** CPU use of the whole host since the previous sample, in percent of all its cores. */
    public static final String SYSTEM_CPU_PERCENT = "system_cpu_percent";
    /** Memory in use on the host, in percent of its physical memory. */
    public static final String SYSTEM_MEMORY_PERCENT = "system_memory_percent";
    /** The host's one-minute load average. */
    public static final String SYSTEM_LOAD_AVERAGE = "system_load_average";
    /** Heap in use by this JVM, in MB. */
    public static final String JVM_HEAP_USED_MB = "jvm_heap_used_mb";
    /** Garbage collections of this JVM since it started, all collectors together. */
    public static final String JVM_GC_COUNT = "jvm_gc_count";
    /** Time spent collecting garbage since the JVM started, in milliseconds. */
    public static final String JVM_GC_TIME_MS = "jvm_gc_time_ms";

    private static final double MB = HostReadings.MB;

    // guarded by this
    private OSProcess process;
    private HostReadings host;
    private long previousCpuMillis = -1;
    private long previousNanos;

    /** A monitor of the current process; OSHI is loaded on the first {@link #sample()}. */
    public OshiResourceMonitor() {
    }

    /**
     * True when OSHI is on the class path and knows this platform, so that {@link #sample()} can
     * work here.
     */
    public static boolean isSupported() {
        try {
            return SystemInfo.getCurrentPlatform() != PlatformEnum.UNKNOWN;
        } catch (LinkageError e) {
            return false; // OSHI (or its JNA) is not on the class path
        }
    }

    /**
     * Reads the process, host and JVM now.
     *
     * @throws IllegalStateException if OSHI cannot read this process on this platform
     */
    @Override
    public synchronized ResourceSample sample() {
        if (process == null) {
            open();
        }
        long now = System.nanoTime();
        if (!process.updateAttributes()) {
            throw new IllegalStateException("OSHI could not read process " + process.getProcessID());
        }
        double cpuPercent = processCpuPercent(now);
        double rssMb = process.getResidentSetSize() / MB;

        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put(PROCESS_THREADS, (double) process.getThreadCount());
        long openFiles = process.getOpenFiles();
        if (openFiles >= 0) {
            metrics.put(PROCESS_OPEN_FILES, (double) openFiles);
        }
        host.putInto(metrics, host.cpuLoad());
        JdkResourceMonitor.putJvmReadings(metrics);
        return new ResourceSample(Instant.now(), cpuPercent, rssMb, metrics);
    }

    private void open() {
        OshiSupport.open(info -> {
            OperatingSystem os = info.getOperatingSystem();
            OSProcess current = os.getProcess(os.getProcessId());
            if (current == null) {
                throw new IllegalStateException("OSHI could not find process " + os.getProcessId());
            }
            host = new HostReadings(info.getHardware());
            process = current;
            return current;
        });
    }

    /** CPU time used since the previous sample over wall time elapsed, in percent of one core. */
    private double processCpuPercent(long nowNanos) {
        long cpuMillis = process.getKernelTime() + process.getUserTime();
        double percent;
        if (previousCpuMillis < 0) {
            long upMillis = process.getUpTime();
            percent = upMillis > 0 ? cpuMillis * 100.0 / upMillis : 0.0;
        } else {
            double wallMillis = (nowNanos - previousNanos) / 1e6;
            percent = wallMillis > 0 ? (cpuMillis - previousCpuMillis) * 100.0 / wallMillis : 0.0;
        }
        previousCpuMillis = cpuMillis;
        previousNanos = nowNanos;
        return Double.isFinite(percent) ? Math.max(0.0, percent) : 0.0;
    }

    @Override
    public String toString() {
        return "OshiResourceMonitor[" + SystemInfo.getCurrentPlatform() + "]";
    }
}
