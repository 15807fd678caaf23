package io.calibrax.spi;

import io.calibrax.api.GpuProfiler;

import java.util.List;

/**
 * Opens one {@link GpuProfiler} per GPU; found with {@link java.util.ServiceLoader} through a
 * {@code META-INF/services/io.calibrax.spi.GpuProfilerProvider} entry.
 *
 * <p>Where no driver or GPU is found, {@link #open} returns an empty list and logs one INFO line
 * without a stack trace. The caller closes every profiler it gets.
 */
@FunctionalInterface
public interface GpuProfilerProvider {

    /** One profiler per GPU, in the driver's index order; empty where none is found. */
    List<GpuProfiler> open(CalibraxConfig config);
}
