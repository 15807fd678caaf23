package io.calibrax.gpu.nvml;

/**
 * Which ECC error count NVML gives ({@code nvmlEccCounterType_t}).
 *
 * @since 0.1.0
 */
public enum EccCounter {
    /** Errors since the driver was last loaded. */
    VOLATILE,
    /** Errors over the device's life (kept in its infoROM). */
    AGGREGATE
}
