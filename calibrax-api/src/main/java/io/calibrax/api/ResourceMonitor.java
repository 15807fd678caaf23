package io.calibrax.api;

/**
 * Reads the process and its host: one {@link #sample()} per call.
 *
 * <p>Implementations are thread-safe; a call may take a few milliseconds.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface ResourceMonitor {

    /** One reading of the process and host, now. */
    ResourceSample sample();
}
