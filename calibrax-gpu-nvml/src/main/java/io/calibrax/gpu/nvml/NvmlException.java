package io.calibrax.gpu.nvml;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * An NVML call failed: carries the function, the device index where there is one, NVML's return
 * code and NVML's own description of it ({@code nvmlErrorString}). A reading the device does not
 * support is never an {@code NvmlException}: it is an empty reading.
 *
 * <p>Immutable.
 *
 * @since 0.1.0
 */
public class NvmlException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** {@code NVML_ERROR_GPU_IS_LOST}: the device fell off the bus or stopped answering. */
    public static final int GPU_IS_LOST = NvmlReturn.GPU_IS_LOST;

    private final String function;
    private final int deviceIndex;
    private final int code;
    private final String errorString;

    /**
     * @param function    the NVML function that failed, such as {@code nvmlDeviceGetPowerUsage}
     * @param deviceIndex the device's NVML index, or a negative number for a call about no device
     * @param code        the {@code nvmlReturn_t} it answered
     * @param errorString NVML's description of {@code code}
     */
    public NvmlException(String function, int deviceIndex, int code, String errorString) {
        super(message(function, deviceIndex, code, errorString));
        this.function = Objects.requireNonNull(function, "function");
        this.deviceIndex = deviceIndex;
        this.code = code;
        this.errorString = Objects.requireNonNull(errorString, "errorString");
    }

    private static String message(String function, int deviceIndex, int code, String errorString) {
        return function + (deviceIndex >= 0 ? " on GPU " + deviceIndex : "") + " failed: " + errorString
                + " (" + NvmlReturn.name(code) + ", code " + code + ")";
    }

    /** The NVML function that failed. */
    public String function() {
        return function;
    }

    /** The NVML index of the device the call was about; empty for a library-wide call. */
    public OptionalInt deviceIndex() {
        return deviceIndex >= 0 ? OptionalInt.of(deviceIndex) : OptionalInt.empty();
    }

    /** NVML's return code ({@code nvmlReturn_t}). */
    public int code() {
        return code;
    }

    /** The code's name, such as {@code NVML_ERROR_GPU_IS_LOST}. */
    public String codeName() {
        return NvmlReturn.name(code);
    }

    /** NVML's description of the code, from {@code nvmlErrorString}. */
    public String errorString() {
        return errorString;
    }

    /** True when the device is lost ({@code NVML_ERROR_GPU_IS_LOST}); it needs a reset or a reboot. */
    public boolean isGpuLost() {
        return code == GPU_IS_LOST;
    }
}
