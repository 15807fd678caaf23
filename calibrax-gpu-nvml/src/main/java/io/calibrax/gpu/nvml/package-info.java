/**
 * NVIDIA GPU readings through NVML and JNA: a {@code GpuProfilerProvider} that opens one profiler per GPU.
 */
package io.calibrax.gpu.nvml;
