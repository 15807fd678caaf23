package io.calibrax.spi;

import io.calibrax.api.GpuProfiler;

import java.util.List;
import java.util.Set;

/**
 * Opens one {@link GpuProfiler} per GPU; found with {@link java.util.ServiceLoader} through a
 * {@code META-INF/services/io.calibrax.spi.GpuProfilerProvider} entry.
 *
 * <p>Where no driver or GPU is found, {@link #open} returns an empty list and logs one INFO line
 * without a stack trace. The caller closes every profiler it gets.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface GpuProfilerProvider {

    /** One profiler per GPU, in the driver's index order; empty where none is found. */
    List<GpuProfiler> open(CalibraxConfig config);

    /**
     * The configuration keys this provider reads, so that a key no part of Calibrax knows can be
     * pointed out as a likely typo. A key ending in {@code .} stands for every key under it
     * ({@code calibrax.route.}). Empty by default: the provider's keys are then not checked.
     */
    default Set<String> configKeys() {
        return Set.of();
    }
}
