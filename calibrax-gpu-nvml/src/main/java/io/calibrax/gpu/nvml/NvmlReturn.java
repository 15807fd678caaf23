package io.calibrax.gpu.nvml;

/**
 * The {@code nvmlReturn_t} codes Calibrax acts on, and a name for every code of {@code nvml.h}
 * (used in messages, and as the description where a library lacks {@code nvmlErrorString}).
 */
final class NvmlReturn {
    static final int SUCCESS = 0;
    static final int INVALID_ARGUMENT = 2;
    static final int NOT_SUPPORTED = 3;
    static final int NOT_FOUND = 6;
    static final int INSUFFICIENT_SIZE = 7;
    static final int TIMEOUT = 10;
    static final int FUNCTION_NOT_FOUND = 13;
    static final int GPU_IS_LOST = 15;
    static final int ARGUMENT_VERSION_MISMATCH = 25;

    private static final String[] NAMES = {
            "SUCCESS", "UNINITIALIZED", "INVALID_ARGUMENT", "NOT_SUPPORTED", "NO_PERMISSION",
            "ALREADY_INITIALIZED", "NOT_FOUND", "INSUFFICIENT_SIZE", "INSUFFICIENT_POWER",
            "DRIVER_NOT_LOADED", "TIMEOUT", "IRQ_ISSUE", "LIBRARY_NOT_FOUND", "FUNCTION_NOT_FOUND",
            "CORRUPTED_INFOROM", "GPU_IS_LOST", "RESET_REQUIRED", "OPERATING_SYSTEM",
            "LIB_RM_VERSION_MISMATCH", "IN_USE", "MEMORY", "NO_DATA", "VGPU_ECC_NOT_SUPPORTED",
            "INSUFFICIENT_RESOURCES", "FREQ_NOT_SUPPORTED", "ARGUMENT_VERSION_MISMATCH", "DEPRECATED",
            "NOT_READY", "GPU_NOT_FOUND", "INVALID_STATE", "RESET_TYPE_NOT_SUPPORTED"};

    private NvmlReturn() {
    }

    /** {@code NVML_SUCCESS}, {@code NVML_ERROR_GPU_IS_LOST}, ... or {@code NVML_ERROR_<code>}. */
    static String name(int code) {
        if (code == 0) {
            return "NVML_SUCCESS";
        }
        if (code == 999) {
            return "NVML_ERROR_UNKNOWN";
        }
        return "NVML_ERROR_" + (code > 0 && code < NAMES.length ? NAMES[code] : String.valueOf(code));
    }

    /** A readable description for a library without {@code nvmlErrorString}. */
    static String describe(int code) {
        String name = name(code);
        String words = name.startsWith("NVML_ERROR_") ? name.substring("NVML_ERROR_".length()) : name;
        words = words.replace('_', ' ').toLowerCase(java.util.Locale.ROOT);
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }

    /** Codes that mean the device or driver cannot give this reading: an empty reading, not an error. */
    static boolean isUnsupported(int code) {
        return code == NOT_SUPPORTED || code == FUNCTION_NOT_FOUND;
    }
}
