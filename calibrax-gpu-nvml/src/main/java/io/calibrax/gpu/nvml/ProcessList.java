package io.calibrax.gpu.nvml;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.ptr.IntByReference;
import io.calibrax.gpu.nvml.jna.NvmlLibrary;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One of a GPU's running-process lists (compute or graphics): the newest export of NVML's query
 * the library has ({@code _v3}, else {@code _v2}, else the first), found on first use, and its size
 * protocol. Thread-safe.
 */
final class ProcessList {
    private final NvmlGpuProfiler gpu;
    private final String family;
    private final Exports exports;
    private volatile int export = 3;

    private ProcessList(NvmlGpuProfiler gpu, String family, Exports exports) {
        this.gpu = gpu;
        this.family = family;
        this.exports = exports;
    }

    /** The processes with a compute context ({@code nvmlDeviceGetComputeRunningProcesses*}). */
    static ProcessList compute(NvmlGpuProfiler gpu, NvmlLibrary nvml) {
        return new ProcessList(gpu, "nvmlDeviceGetComputeRunningProcesses", (version, handle, count, infos) ->
                switch (version) {
                    case 3 -> nvml.nvmlDeviceGetComputeRunningProcesses_v3(handle, count, infos);
                    case 2 -> nvml.nvmlDeviceGetComputeRunningProcesses_v2(handle, count, infos);
                    default -> nvml.nvmlDeviceGetComputeRunningProcesses(handle, count, infos);
                });
    }

    /** The processes with a graphics context ({@code nvmlDeviceGetGraphicsRunningProcesses*}). */
    static ProcessList graphics(NvmlGpuProfiler gpu, NvmlLibrary nvml) {
        return new ProcessList(gpu, "nvmlDeviceGetGraphicsRunningProcesses", (version, handle, count, infos) ->
                switch (version) {
                    case 3 -> nvml.nvmlDeviceGetGraphicsRunningProcesses_v3(handle, count, infos);
                    case 2 -> nvml.nvmlDeviceGetGraphicsRunningProcesses_v2(handle, count, infos);
                    default -> nvml.nvmlDeviceGetGraphicsRunningProcesses(handle, count, infos);
                });
    }

    /** The family's name without a version suffix, for log lines. */
    String family() {
        return family;
    }

    /** The processes; empty where the device or library does not list them. */
    Optional<List<GpuProcess>> read() {
        Pointer handle = gpu.handle();
        while (true) {
            int version = export;
            String function = version == 1 ? family : family + "_v" + version;
            ProcessQuery query = (count, infos) -> exports.call(version, handle, count, infos);
            IntByReference count = new IntByReference(0);
            int rc = gpu.call(function, () -> query.call(count, null));
            if (rc == NvmlReturn.FUNCTION_NOT_FOUND && version > 1) {
                export = version - 1;
                continue;
            }
            return processes(function, version == 1, query, count, rc);
        }
    }

    private Optional<List<GpuProcess>> processes(String function, boolean v1Layout, ProcessQuery query,
                                                 IntByReference count, int firstAnswer) {
        int rc = firstAnswer;
        // Processes may start between the sizing call and the reading call: retry with the new count.
        for (int attempt = 0; rc == NvmlReturn.INSUFFICIENT_SIZE && attempt < 5; attempt++) {
            int capacity = count.getValue() + 4;
            Structure[] entries = (v1Layout ? new NvmlLibrary.ProcessInfoV1() : new NvmlLibrary.ProcessInfo())
                    .toArray(capacity);
            count.setValue(capacity);
            rc = gpu.call(function, () -> query.call(count, entries[0].getPointer()));
            if (rc == NvmlReturn.SUCCESS) {
                List<GpuProcess> processes = new ArrayList<>();
                for (int i = 0; i < Math.min(count.getValue(), capacity); i++) {
                    entries[i].read();
                    processes.add(v1Layout ? process((NvmlLibrary.ProcessInfoV1) entries[i])
                            : process((NvmlLibrary.ProcessInfo) entries[i]));
                }
                return Optional.of(List.copyOf(processes));
            }
        }
        // success on the sizing call: no process runs
        return gpu.check(function, rc) ? Optional.of(List.of()) : Optional.empty();
    }

    private static GpuProcess process(NvmlLibrary.ProcessInfo info) {
        return new GpuProcess(Integer.toUnsignedLong(info.pid), processMemory(info.usedGpuMemory));
    }

    private static GpuProcess process(NvmlLibrary.ProcessInfoV1 info) {
        return new GpuProcess(Integer.toUnsignedLong(info.pid), processMemory(info.usedGpuMemory));
    }

    private static OptionalDouble processMemory(long bytes) {
        return bytes == NvmlLibrary.VALUE_NOT_AVAILABLE ? OptionalDouble.empty()
                : OptionalDouble.of(NvmlGpuProfiler.megabytes(bytes));
    }

    /** The three exports of one family, by version (1: the unversioned one). */
    @FunctionalInterface
    private interface Exports {
        int call(int version, Pointer handle, IntByReference count, Pointer infos);
    }

    @FunctionalInterface
    private interface ProcessQuery {
        int call(IntByReference count, Pointer infos);
    }
}
