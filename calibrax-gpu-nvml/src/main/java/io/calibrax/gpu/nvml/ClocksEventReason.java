package io.calibrax.gpu.nvml;

/**
 * Why the clocks run below their maximum: the bits of NVML's {@code nvmlClocksEventReason*}
 * (formerly {@code nvmlClocksThrottleReason*}) mask.
 *
 * @since 0.1.0
 */
public enum ClocksEventReason {
    /** Nothing runs on the GPU: the clocks are down to save power. */
    GPU_IDLE(0x1L),
    /** Application clocks are set below the maximum. */
    APPLICATIONS_CLOCKS_SETTING(0x2L),
    /** The software power cap holds the clocks down. */
    SW_POWER_CAP(0x4L),
    /** Hardware slowdown (temperature, power brake or the external power supply). */
    HW_SLOWDOWN(0x8L),
    /** Held down to match the other GPUs of a sync-boost group. */
    SYNC_BOOST(0x10L),
    /** Software thermal slowdown: the GPU or memory runs too hot. */
    SW_THERMAL_SLOWDOWN(0x20L),
    /** Hardware thermal slowdown: the temperature is far too high. */
    HW_THERMAL_SLOWDOWN(0x40L),
    /** The external power brake assertion (the power supply asks for less). */
    HW_POWER_BRAKE_SLOWDOWN(0x80L),
    /** Held by the display clock setting. */
    DISPLAY_CLOCK_SETTING(0x100L);

    private final long bit;

    ClocksEventReason(long bit) {
        this.bit = bit;
    }

    /** The reason's bit in NVML's mask. */
    public long bit() {
        return bit;
    }
}
