package io.calibrax.gpu.nvml.jna;

import com.sun.jna.Library;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;

/**
 * The JNA binding of the NVIDIA Management Library ({@code libnvidia-ml.so.1}, {@code nvml.dll}):
 * the functions and structs of {@code nvml.h} that Calibrax reads, with their C signatures.
 *
 * <p>Every function answers an {@code nvmlReturn_t} ({@code 0} is success); an {@code nvmlDevice_t}
 * is an opaque {@link Pointer}; {@code unsigned int} and {@code unsigned long long} out-parameters
 * are {@link IntByReference} and {@link LongByReference} whose values are unsigned. A function the
 * loaded library does not export throws {@link UnsatisfiedLinkError} when called, not when the
 * library is loaded, so one binding serves old and new drivers.
 *
 * <p>Internal to calibrax-gpu-nvml; load it through {@link NvmlLoader}. NVML itself is
 * thread-safe, and so are the instances JNA makes of this interface.
 *
 * @since 0.1.0
 */
public interface NvmlLibrary extends Library {

    /** {@code nvmlClockType_t} NVML_CLOCK_GRAPHICS. */
    int CLOCK_GRAPHICS = 0;
    /** {@code nvmlClockType_t} NVML_CLOCK_SM. */
    int CLOCK_SM = 1;
    /** {@code nvmlClockType_t} NVML_CLOCK_MEM. */
    int CLOCK_MEM = 2;
    /** {@code nvmlTemperatureSensors_t} NVML_TEMPERATURE_GPU. */
    int TEMPERATURE_GPU = 0;
    /** {@code nvmlMemoryErrorType_t} NVML_MEMORY_ERROR_TYPE_CORRECTED. */
    int MEMORY_ERROR_CORRECTED = 0;
    /** {@code nvmlMemoryErrorType_t} NVML_MEMORY_ERROR_TYPE_UNCORRECTED. */
    int MEMORY_ERROR_UNCORRECTED = 1;
    /** {@code nvmlEccCounterType_t} NVML_VOLATILE_ECC. */
    int ECC_VOLATILE = 0;
    /** {@code nvmlEccCounterType_t} NVML_AGGREGATE_ECC. */
    int ECC_AGGREGATE = 1;
    /** NVML_DEVICE_NAME_V2_BUFFER_SIZE. */
    int DEVICE_NAME_BUFFER_SIZE = 96;
    /** NVML_DEVICE_UUID_V2_BUFFER_SIZE. */
    int DEVICE_UUID_BUFFER_SIZE = 96;
    /** NVML_PSTATE_UNKNOWN. */
    int PSTATE_UNKNOWN = 32;
    /** {@code nvmlEventTypeXidCriticalError}: the event type of XID errors. */
    long EVENT_TYPE_XID_CRITICAL_ERROR = 0x8L;
    /** {@code NVML_DEVICE_MIG_ENABLE}: the MIG mode of a GPU split into MIG devices. */
    int DEVICE_MIG_ENABLE = 1;
    /** NVML_VALUE_NOT_AVAILABLE as an unsigned long long (all bits set). */
    long VALUE_NOT_AVAILABLE = -1L;

    /** The {@code version} field of a versioned struct: its size ORed with the version shifted left 24 bits. */
    static int structVersion(Structure struct, int version) {
        return struct.size() | (version << 24);
    }

    int nvmlInit_v2();

    int nvmlShutdown();

    /** A static string that describes {@code result}; callable without {@link #nvmlInit_v2()}. */
    String nvmlErrorString(int result);

    int nvmlDeviceGetCount_v2(IntByReference deviceCount);

    int nvmlDeviceGetHandleByIndex_v2(int index, PointerByReference device);

    int nvmlDeviceGetName(Pointer device, byte[] name, int length);

    int nvmlDeviceGetUUID(Pointer device, byte[] uuid, int length);

    int nvmlDeviceGetMemoryInfo(Pointer device, Memory memory);

    int nvmlDeviceGetMemoryInfo_v2(Pointer device, MemoryV2 memory);

    int nvmlDeviceGetUtilizationRates(Pointer device, Utilization utilization);

    int nvmlDeviceGetClockInfo(Pointer device, int clockType, IntByReference clockMhz);

    int nvmlDeviceGetPowerUsage(Pointer device, IntByReference milliwatts);

    int nvmlDeviceGetEnforcedPowerLimit(Pointer device, IntByReference milliwatts);

    int nvmlDeviceGetTemperature(Pointer device, int sensorType, IntByReference celsius);

    int nvmlDeviceGetFanSpeed(Pointer device, IntByReference percent);

    int nvmlDeviceGetTotalEnergyConsumption(Pointer device, LongByReference millijoules);

    int nvmlDeviceGetCurrentClocksEventReasons(Pointer device, LongByReference reasons);

    /** The name of {@link #nvmlDeviceGetCurrentClocksEventReasons} in drivers before R535. */
    int nvmlDeviceGetCurrentClocksThrottleReasons(Pointer device, LongByReference reasons);

    int nvmlDeviceGetTotalEccErrors(Pointer device, int errorType, int counterType, LongByReference count);

    int nvmlDeviceGetPerformanceState(Pointer device, IntByReference pState);

    /** {@code infos} points to {@link ProcessInfo} entries. */
    int nvmlDeviceGetComputeRunningProcesses_v3(Pointer device, IntByReference infoCount, Pointer infos);

    /** {@code infos} points to {@link ProcessInfo} entries ({@code nvmlProcessInfo_v2_t}, the same layout). */
    int nvmlDeviceGetComputeRunningProcesses_v2(Pointer device, IntByReference infoCount, Pointer infos);

    /** The oldest export; {@code infos} points to {@link ProcessInfoV1} entries. */
    int nvmlDeviceGetComputeRunningProcesses(Pointer device, IntByReference infoCount, Pointer infos);

    /** The processes with a graphics context; {@code infos} points to {@link ProcessInfo} entries. */
    int nvmlDeviceGetGraphicsRunningProcesses_v3(Pointer device, IntByReference infoCount, Pointer infos);

    /** {@code infos} points to {@link ProcessInfo} entries ({@code nvmlProcessInfo_v2_t}, the same layout). */
    int nvmlDeviceGetGraphicsRunningProcesses_v2(Pointer device, IntByReference infoCount, Pointer infos);

    /** The oldest export; {@code infos} points to {@link ProcessInfoV1} entries. */
    int nvmlDeviceGetGraphicsRunningProcesses(Pointer device, IntByReference infoCount, Pointer infos);

    /** Creates an empty {@code nvmlEventSet_t}. */
    int nvmlEventSetCreate(PointerByReference set);

    int nvmlDeviceRegisterEvents(Pointer device, long eventTypes, Pointer set);

    /** Waits up to {@code timeoutMs} for one event; {@code NVML_ERROR_TIMEOUT} where none came. */
    int nvmlEventSetWait_v2(Pointer set, EventData data, int timeoutMs);

    int nvmlEventSetFree(Pointer set);

    int nvmlDeviceGetMigMode(Pointer device, IntByReference currentMode, IntByReference pendingMode);

    int nvmlDeviceGetMaxMigDeviceCount(Pointer device, IntByReference count);

    /** {@code NVML_ERROR_NOT_FOUND} for a slot that holds no MIG device. */
    int nvmlDeviceGetMigDeviceHandleByIndex(Pointer device, int index, PointerByReference migDevice);

    /** {@code nvmlEventData_t}: the device, the event type and its data (the XID for XID errors). */
    @Structure.FieldOrder({"device", "eventType", "eventData", "gpuInstanceId", "computeInstanceId"})
    class EventData extends Structure {
        public Pointer device;
        public long eventType;
        public long eventData;
        public int gpuInstanceId;
        public int computeInstanceId;
    }

    /** {@code nvmlMemory_t}: bytes; {@code used} includes memory the driver reserves. */
    @Structure.FieldOrder({"total", "free", "used"})
    class Memory extends Structure {
        public long total;
        public long free;
        public long used;
    }

    /**
     * {@code nvmlMemory_v2_t}: bytes; {@code used} excludes {@code reserved}. Its {@code version}
     * is set on creation to {@code 0x02000028} (40 bytes, version 2).
     */
    @Structure.FieldOrder({"version", "total", "reserved", "free", "used"})
    class MemoryV2 extends Structure {
        public int version;
        public long total;
        public long reserved;
        public long free;
        public long used;

        public MemoryV2() {
            version = structVersion(this, 2);
        }
    }

    /** {@code nvmlUtilization_t}: percent over the driver's last sample period. */
    @Structure.FieldOrder({"gpu", "memory"})
    class Utilization extends Structure {
        public int gpu;
        public int memory;
    }

    /** {@code nvmlProcessInfo_t} (also {@code _v2_t}): pid, bytes, MIG instance ids. */
    @Structure.FieldOrder({"pid", "usedGpuMemory", "gpuInstanceId", "computeInstanceId"})
    class ProcessInfo extends Structure {
        public int pid;
        public long usedGpuMemory;
        public int gpuInstanceId;
        public int computeInstanceId;
    }

    /** {@code nvmlProcessInfo_v1_t}: pid and bytes. */
    @Structure.FieldOrder({"pid", "usedGpuMemory"})
    class ProcessInfoV1 extends Structure {
        public int pid;
        public long usedGpuMemory;
    }
}
