package io.calibrax.api;

import io.calibrax.api.internal.Args;
import java.time.Instant;
import java.util.Objects;

/**
 * A fault the GPU driver reported for one GPU: an NVIDIA XID error, with what it means and how
 * grave it is (XIDs 48, 63, 64, 74, 79, 94 and 95 are {@link AlertSeverity#CRITICAL}).
 *
 * <p>Immutable and thread-safe.
 *
 * @param gpuIndex  the index of the GPU it happened on, as {@link GpuProfiler#index()}
 * @param xid       the XID number the driver gave
 * @param meaning   what the XID means, for people: {@code "double-bit ECC error"}
 * @param severity  how grave it is
 * @param timestamp when it was received
 * @since 0.1.0
 */
public record GpuXidEvent(int gpuIndex, long xid, String meaning, AlertSeverity severity, Instant timestamp) {

    /** @throws IllegalArgumentException if gpuIndex is negative or meaning is blank */
    public GpuXidEvent {
        if (gpuIndex < 0) {
            throw new IllegalArgumentException("gpuIndex must not be negative, got " + gpuIndex);
        }
        Args.nonBlank(meaning, "meaning");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(timestamp, "timestamp");
    }
}
