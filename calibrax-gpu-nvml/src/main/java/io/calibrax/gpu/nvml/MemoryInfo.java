package io.calibrax.gpu.nvml;

import com.sun.jna.Pointer;
import io.calibrax.api.GpuMemory;
import io.calibrax.gpu.nvml.jna.NvmlLibrary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * The memory of one GPU or of one of its MIG devices: {@code nvmlDeviceGetMemoryInfo_v2} (used
 * excludes memory the driver reserves, as nvidia-smi shows it), or {@code nvmlDeviceGetMemoryInfo}
 * once v2 is missing or refused, found on first use. Thread-safe.
 */
final class MemoryInfo {
    private static final Logger LOG = LoggerFactory.getLogger(MemoryInfo.class);
    private static final String MEMORY_V2 = "nvmlDeviceGetMemoryInfo_v2";
    private static final String MEMORY_V1 = "nvmlDeviceGetMemoryInfo";

    private final NvmlGpuProfiler gpu;
    private final NvmlLibrary nvml;
    private volatile boolean v2Usable = true;

    MemoryInfo(NvmlGpuProfiler gpu, NvmlLibrary nvml) {
        this.gpu = gpu;
        this.nvml = nvml;
    }

    Optional<GpuMemory> read(Pointer handle) {
        if (v2Usable) {
            NvmlLibrary.MemoryV2 memory = new NvmlLibrary.MemoryV2();
            int rc = gpu.call(MEMORY_V2, () -> nvml.nvmlDeviceGetMemoryInfo_v2(handle, memory));
            if (rc == NvmlReturn.SUCCESS) {
                return Optional.of(new GpuMemory(NvmlGpuProfiler.megabytes(memory.used),
                        NvmlGpuProfiler.megabytes(memory.total)));
            }
            if (!refusesVersion(rc)) {
                gpu.check(MEMORY_V2, rc); // throws: any other answer is an error
            }
            LOG.debug("GPU {}: {} answered {}; using {}", gpu.index(), MEMORY_V2, NvmlReturn.name(rc), MEMORY_V1);
            v2Usable = false;
        }
        NvmlLibrary.Memory memory = new NvmlLibrary.Memory();
        if (!gpu.read(MEMORY_V1, () -> nvml.nvmlDeviceGetMemoryInfo(handle, memory))) {
            return Optional.empty();
        }
        return Optional.of(new GpuMemory(NvmlGpuProfiler.megabytes(memory.used), NvmlGpuProfiler.megabytes(memory.total)));
    }

    /** A refusal of the versioned export itself (absent, unsupported, or the struct version rejected). */
    private static boolean refusesVersion(int rc) {
        return rc == NvmlReturn.FUNCTION_NOT_FOUND || rc == NvmlReturn.NOT_SUPPORTED
                || rc == NvmlReturn.ARGUMENT_VERSION_MISMATCH || rc == NvmlReturn.INVALID_ARGUMENT;
    }
}
