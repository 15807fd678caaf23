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
 * The compute processes of one GPU: the newest export of NVML's running-process query the library
 * has ({@code _v3}, else {@code _v2}, else the first), found on first use, and its size protocol.
 * Thread-safe.
 */
final class ComputeProcesses {
    private static final String PROCESSES_V3 = "nvmlDeviceGetComputeRunningProcesses_v3";
    private static final String PROCESSES_V2 = "nvmlDeviceGetComputeRunningProcesses_v2";
    private static final String PROCESSES_V1 = "nvmlDeviceGetComputeRunningProcesses";

    private final NvmlGpuProfiler gpu;
    private final NvmlLibrary nvml;
    private volatile int export = 3;

    ComputeProcesses(NvmlGpuProfiler gpu, NvmlLibrary nvml) {
        this.gpu = gpu;
        this.nvml = nvml;
    }

    Optional<List<GpuProcess>> read() {
        Pointer handle = gpu.handle();
        while (true) {
            int version = export;
            String function = version == 3 ? PROCESSES_V3 : version == 2 ? PROCESSES_V2 : PROCESSES_V1;
            ProcessQuery query = switch (version) {
                case 3 -> (count, infos) -> nvml.nvmlDeviceGetComputeRunningProcesses_v3(handle, count, infos);
                case 2 -> (count, infos) -> nvml.nvmlDeviceGetComputeRunningProcesses_v2(handle, count, infos);
                default -> (count, infos) -> nvml.nvmlDeviceGetComputeRunningProcesses(handle, count, infos);
            };
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

    @FunctionalInterface
    private interface ProcessQuery {
        int call(IntByReference count, Pointer infos);
    }
}
