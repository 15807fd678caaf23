package io.calibrax.gpu.nvml;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import io.calibrax.api.GpuMemory;
import io.calibrax.api.GpuMigDevice;
import io.calibrax.gpu.nvml.jna.NvmlLibrary;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The MIG devices of one GPU: where {@code nvmlDeviceGetMigMode} says MIG is enabled, every slot
 * up to {@code nvmlDeviceGetMaxMigDeviceCount} that holds a device, with its name and memory. A
 * GPU without MIG (or a library without the MIG exports) has none. Stateless and thread-safe.
 */
final class MigDevices {
    private static final String MIG_MODE = "nvmlDeviceGetMigMode";
    private static final String MAX_COUNT = "nvmlDeviceGetMaxMigDeviceCount";
    private static final String HANDLE = "nvmlDeviceGetMigDeviceHandleByIndex";

    private MigDevices() {
    }

    static List<GpuMigDevice> list(NvmlGpuProfiler gpu, NvmlLibrary nvml, Pointer handle) {
        IntByReference current = new IntByReference();
        IntByReference pending = new IntByReference();
        if (!gpu.read(MIG_MODE, () -> nvml.nvmlDeviceGetMigMode(handle, current, pending))
                || current.getValue() != NvmlLibrary.DEVICE_MIG_ENABLE) {
            return List.of();
        }
        IntByReference slots = new IntByReference();
        if (!gpu.read(MAX_COUNT, () -> nvml.nvmlDeviceGetMaxMigDeviceCount(handle, slots))) {
            return List.of();
        }
        List<GpuMigDevice> devices = new ArrayList<>();
        for (int slot = 0; slot < slots.getValue(); slot++) {
            PointerByReference mig = new PointerByReference();
            int index = slot;
            int rc = gpu.call(HANDLE, () -> nvml.nvmlDeviceGetMigDeviceHandleByIndex(handle, index, mig));
            if (rc == NvmlReturn.NOT_FOUND || !gpu.check(HANDLE, rc)) {
                continue; // an empty slot
            }
            Pointer device = mig.getValue();
            Optional<GpuMemory> memory = gpu.memoryOf(device);
            if (memory.isEmpty()) {
                continue;
            }
            String name = gpu.readString("nvmlDeviceGetName", NvmlLibrary.DEVICE_NAME_BUFFER_SIZE,
                    (buffer, length) -> nvml.nvmlDeviceGetName(device, buffer, length))
                    .orElse(gpu.name() + " MIG " + slot);
            devices.add(new GpuMigDevice(slot, name, memory.get()));
        }
        return List.copyOf(devices);
    }
}
