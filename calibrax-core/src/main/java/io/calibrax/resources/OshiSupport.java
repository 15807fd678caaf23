package io.calibrax.resources;

import oshi.SystemInfo;

import java.util.function.Function;

/** Opens OSHI once for a monitor, turning an unsupported platform or a missing library into one clear exception. */
final class OshiSupport {
    private OshiSupport() {
    }

    /**
     * {@code open} applied to a new {@link SystemInfo}.
     *
     * @throws IllegalStateException if OSHI does not support this platform or cannot load
     */
    static <T> T open(Function<SystemInfo, T> open) {
        if (!OshiResourceMonitor.isSupported()) {
            throw new IllegalStateException("OSHI does not support this platform (" + System.getProperty("os.name") + ")");
        }
        try {
            return open.apply(new SystemInfo());
        } catch (LinkageError e) {
            throw new IllegalStateException("OSHI is unavailable here: " + e, e);
        }
    }
}
