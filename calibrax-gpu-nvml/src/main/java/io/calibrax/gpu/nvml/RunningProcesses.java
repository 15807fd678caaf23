package io.calibrax.gpu.nvml;

import io.calibrax.gpu.nvml.jna.NvmlLibrary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The processes running on one GPU: its compute list, and the GPU memory by PID over the compute
 * and graphics lists together. Thread-safe.
 */
final class RunningProcesses {
    private static final Logger LOG = LoggerFactory.getLogger(RunningProcesses.class);

    private final NvmlGpuProfiler gpu;
    private final ProcessList compute;
    private final ProcessList graphics;
    private final AtomicBoolean computeUnlistedLogged = new AtomicBoolean();
    private final AtomicBoolean graphicsUnlistedLogged = new AtomicBoolean();

    RunningProcesses(NvmlGpuProfiler gpu, NvmlLibrary nvml) {
        this.gpu = gpu;
        this.compute = ProcessList.compute(gpu, nvml);
        this.graphics = ProcessList.graphics(gpu, nvml);
    }

    /** The processes with a compute context; empty where the device or library does not list them. */
    Optional<List<GpuProcess>> compute() {
        return compute.read();
    }

    /**
     * MB of GPU memory by PID, over the compute and graphics lists: a PID in both counts once, with
     * the larger of its two figures (NVML gives a process's memory on the device, not per context).
     * A process whose memory NVML cannot tell ({@code NVML_VALUE_NOT_AVAILABLE}) is left out. A list
     * the device or library does not give adds nothing (logged once at INFO); empty where neither
     * is given.
     *
     * @throws NvmlException on any other NVML error
     */
    Map<Long, Double> megabytesByPid() {
        Map<Long, Double> byPid = new HashMap<>();
        addTo(byPid, compute, computeUnlistedLogged);
        addTo(byPid, graphics, graphicsUnlistedLogged);
        return Map.copyOf(byPid);
    }

    private void addTo(Map<Long, Double> byPid, ProcessList list, AtomicBoolean unlistedLogged) {
        Optional<List<GpuProcess>> processes = list.read();
        if (processes.isEmpty()) {
            if (unlistedLogged.compareAndSet(false, true)) {
                LOG.info("GPU {} does not list processes through {}: their GPU memory by process leaves that list out",
                        gpu.index(), list.family());
            }
            return;
        }
        for (GpuProcess process : processes.get()) {
            process.usedMemoryMb().ifPresent(mb -> byPid.merge(process.pid(), mb, Math::max));
        }
    }
}
