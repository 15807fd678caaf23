package io.calibrax.gpu.nvml;

import java.util.Objects;

/**
 * ECC memory error counts of one GPU over one {@link EccCounter} span.
 *
 * <p>Immutable and thread-safe.
 *
 * @param counter     the span counted
 * @param corrected   single-bit errors that ECC corrected
 * @param uncorrected double-bit errors that ECC could not correct
 * @since 0.1.0
 */
public record EccErrorCounts(EccCounter counter, long corrected, long uncorrected) {

    /** @throws IllegalArgumentException if a count is negative */
    public EccErrorCounts {
        Objects.requireNonNull(counter, "counter");
        if (corrected < 0) {
            throw new IllegalArgumentException("corrected must not be negative, got " + corrected);
        }
        if (uncorrected < 0) {
            throw new IllegalArgumentException("uncorrected must not be negative, got " + uncorrected);
        }
    }
}
