package io.calibrax.resources;

import io.calibrax.api.GpuProfiler;
import io.calibrax.api.ResourceMonitor;
import io.calibrax.api.ResourceSample;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One process and all its descendants as the watched target, through OSHI: the children are found
 * by parent PID again at every sample, so a process a shell or launcher starts later is counted
 * from its first sample. Readings, summed over the tree: {@code cpu_percent} (100 = one core),
 * {@code memory_rss_mb}, {@value #PROCESS_COUNT}, {@value OshiResourceMonitor#PROCESS_THREADS},
 * {@value OshiResourceMonitor#PROCESS_OPEN_FILES}, {@value #GPU_PROCESS_MEMORY_MB} (where a GPU is
 * given: the GPU memory its processes use, from each GPU's process list), and the host's
 * {@code system_*} readings.
 *
 * <p>CPU is the CPU time the tree's processes used between two samples over the time between
 * them; a process that started in between counts with all its CPU time, one that ended in between
 * is no longer seen. On Linux the tree is read through {@code /proc} (a few reads per process of
 * the tree), elsewhere through OSHI's portable process API; see {@link ProcessTreeReader}.
 * Thread-safe: {@link #sample()} is synchronized.
 *
 * @since 0.1.0
 */
public final class ProcessTreeMonitor implements ResourceMonitor {
    /** How many processes the tree holds (the root included). */
    public static final String PROCESS_COUNT = "process_count";
    /** GPU memory, in MB, that the tree's processes use on every GPU together. */
    public static final String GPU_PROCESS_MEMORY_MB = "gpu_process_memory_mb";

    private static final Logger log = LoggerFactory.getLogger(ProcessTreeMonitor.class);

    private final int pid;
    private final List<GpuProfiler> gpus;

    // guarded by this
    private ProcessTreeReader reader;
    private HostReadings host;
    private Map<String, Long> previousCpuMillis = Map.of();
    private long previousNanos;
    private boolean sampled;

    /**
     * Watches process {@code pid} and its descendants; OSHI is loaded on the first sample.
     *
     * @param gpus the GPUs whose process lists give {@value #GPU_PROCESS_MEMORY_MB}; none: no such reading
     * @throws IllegalArgumentException if pid is not positive
     */
    public ProcessTreeMonitor(long pid, List<GpuProfiler> gpus) {
        if (pid <= 0 || pid > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("pid must be a positive process ID, got " + pid);
        }
        this.pid = (int) pid;
        this.gpus = List.copyOf(Objects.requireNonNull(gpus, "gpus"));
    }

    /** The root process's ID. */
    public long pid() {
        return pid;
    }

    /**
     * Reads the tree now.
     *
     * @throws IllegalStateException if the root process has ended, or OSHI is unsupported here
     */
    @Override
    public synchronized ResourceSample sample() {
        if (reader == null) {
            reader = OshiSupport.open(info -> {
                host = new HostReadings(info.getHardware());
                return ProcessTreeReader.forThisPlatform(info);
            });
        }
        long nanos = System.nanoTime();
        long epochMillis = System.currentTimeMillis();
        List<ProcessTreeReader.Reading> tree = reader.read(pid);
        if (tree.isEmpty()) {
            throw new IllegalStateException("process " + pid + " has ended");
        }

        Map<String, Long> cpuMillis = new HashMap<>();
        Set<Long> pids = new HashSet<>();
        long cpuDelta = 0;
        double rss = 0;
        long threads = 0;
        long openFiles = 0;
        boolean filesKnown = true;
        for (ProcessTreeReader.Reading process : tree) {
            Long before = previousCpuMillis.get(process.identity());
            // a process new since the last sample (or at the first sample) counts with all its time
            cpuDelta += before != null ? Math.max(0, process.cpuMillis() - before) : process.cpuMillis();
            cpuMillis.put(process.identity(), process.cpuMillis());
            pids.add((long) process.pid());
            rss += process.rssBytes();
            threads += process.threads();
            filesKnown &= process.openFiles() >= 0;
            openFiles += Math.max(0, process.openFiles());
        }
        // the first sample spans the time since the root started
        double wallMillis = sampled ? (nanos - previousNanos) / 1e6 : rootUpMillis();
        double cpuPercent = wallMillis > 0 ? cpuDelta * 100.0 / wallMillis : 0.0;
        previousCpuMillis = cpuMillis;
        previousNanos = nanos;
        sampled = true;

        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put(PROCESS_COUNT, (double) tree.size());
        metrics.put(OshiResourceMonitor.PROCESS_THREADS, (double) threads);
        if (filesKnown) {
            metrics.put(OshiResourceMonitor.PROCESS_OPEN_FILES, (double) openFiles);
        }
        if (!gpus.isEmpty()) {
            gpuMemory(pids).ifPresent(mb -> metrics.put(GPU_PROCESS_MEMORY_MB, mb));
        }
        host.putInto(metrics, host.cpuLoad());
        return new ResourceSample(Instant.ofEpochMilli(epochMillis),
                Double.isFinite(cpuPercent) ? Math.max(0, cpuPercent) : 0.0, rss / HostReadings.MB, metrics);
    }

    private double rootUpMillis() {
        return ProcessHandle.of(pid).flatMap(process -> process.info().startInstant())
                .map(start -> (double) Math.max(1, System.currentTimeMillis() - start.toEpochMilli())).orElse(1.0);
    }

    /** The GPU memory the tree uses on every GPU; empty if a GPU's process list cannot be read. */
    private Optional<Double> gpuMemory(Set<Long> pids) {
        double total = 0;
        for (GpuProfiler gpu : gpus) {
            try {
                for (Map.Entry<Long, Double> process : gpu.processMemoryMb().entrySet()) {
                    if (pids.contains(process.getKey())) {
                        total += process.getValue();
                    }
                }
            } catch (RuntimeException e) {
                log.debug("Reading the process list of GPU {} failed", gpu, e);
                return Optional.empty();
            }
        }
        return Optional.of(total);
    }

    @Override
    public String toString() {
        return "ProcessTreeMonitor[pid " + pid + "]";
    }
}
