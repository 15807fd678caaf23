package io.calibrax.gpu.nvml;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * The reasons the clocks run below their maximum, as NVML's mask and decoded. Bits this version
 * of Calibrax does not know stay visible in {@link #unknownBits()}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param mask the mask NVML gave; an empty mask means the clocks are not held down
 * @since 0.1.0
 */
public record ClocksEventReasons(long mask) {

    private static final long KNOWN = knownBits();

    private static long knownBits() {
        long bits = 0;
        for (ClocksEventReason reason : ClocksEventReason.values()) {
            bits |= reason.bit();
        }
        return bits;
    }

    /** The known reasons whose bit is set, in declaration order; unmodifiable. */
    public Set<ClocksEventReason> reasons() {
        EnumSet<ClocksEventReason> set = EnumSet.noneOf(ClocksEventReason.class);
        for (ClocksEventReason reason : ClocksEventReason.values()) {
            if ((mask & reason.bit()) != 0) {
                set.add(reason);
            }
        }
        return Collections.unmodifiableSet(set);
    }

    /** The bits set that match no {@link ClocksEventReason}. */
    public long unknownBits() {
        return mask & ~KNOWN;
    }

    /** True when the mask is 0: the clocks run as high as they may. */
    public boolean none() {
        return mask == 0;
    }
}
