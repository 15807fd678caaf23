/**
 * NVIDIA GPU readings through NVML and JNA.
 *
 * <p>{@link io.calibrax.gpu.nvml.NvmlGpuProfilerProvider} is a
 * {@link io.calibrax.spi.GpuProfilerProvider} listed in {@code META-INF/services}: with this JAR on
 * the classpath, Calibrax's wiring finds it and opens one {@link io.calibrax.gpu.nvml.NvmlGpuProfiler}
 * per GPU, in NVML index order. Used directly:
 *
 * <pre>{@code
 * List<NvmlGpuProfiler> gpus = new NvmlGpuProfilerProvider().openProfilers(CalibraxConfig.fromEnvironment());
 * try {
 *     for (NvmlGpuProfiler gpu : gpus) {
 *         gpu.memory().ifPresent(m -> System.out.printf("%s: %.0f of %.0f MB%n", gpu.name(), m.usedMb(), m.totalMb()));
 *         gpu.clocksEventReasons().ifPresent(r -> System.out.println(r.reasons()));
 *     }
 * } finally {
 *     gpus.forEach(NvmlGpuProfiler::close); // the last close shuts NVML down
 * }
 * }</pre>
 *
 * <p><b>Library.</b> {@code libnvidia-ml.so.1} (then {@code nvidia-ml}) on Linux; {@code nvml.dll}
 * from {@code System32}, then {@code NVIDIA Corporation\NVSMI} on Windows; or the file named by the
 * config key or system property {@code calibrax.nvml.library}. No driver, a container without the
 * NVIDIA runtime, or a driver/library mismatch gives an empty list and one INFO line.
 *
 * <p><b>Readings.</b> Converted from NVML's units: bytes to MB (1024×1024), milliwatts to watts,
 * millijoules to joules. A reading the device does not support is empty; any other NVML error
 * throws {@link io.calibrax.gpu.nvml.NvmlException} with NVML's code and error string;
 * {@code NVML_ERROR_GPU_IS_LOST} marks the device lost. Versioned exports are bound
 * ({@code nvmlInit_v2}, {@code nvmlDeviceGetCount_v2}, {@code nvmlDeviceGetHandleByIndex_v2},
 * {@code nvmlDeviceGetMemoryInfo_v2} with its versioned struct) and older ones used where a driver
 * lacks or refuses them. {@code processMemoryMb()} gives the GPU memory of each process from the
 * compute and graphics running-process lists together (a PID in both counted once, at the larger
 * figure; a process whose memory NVML cannot tell left out).
 *
 * <p><b>Faults.</b> {@code isLost()} (asked again each call while lost, so a GPU that answers again
 * is read again), {@code throttled()} (a clocks event reason other than idle or application clocks),
 * {@code eccUncorrectedErrors()} (volatile), {@code migDevices()} where MIG is on, and
 * {@code addXidListener} for XID errors with their meaning and severity. An export the library
 * lacks (the event API, the MIG API, a newer reading) makes that feature unsupported, logged once
 * per session at INFO.
 *
 * <p><b>Cost and threads.</b> Each {@code open} initialises NVML once and keeps the device
 * handles; a reading is one or two native calls. Profilers are thread-safe. Each session where
 * a device accepts XID events has one daemon thread, {@code calibrax-nvml-events-<n>}, waiting on
 * NVML's event set 100 ms at a time; the last profiler's close frees the set and ends it.
 * The JNA binding lives in {@link io.calibrax.gpu.nvml.jna}, which is internal.
 */
@NullMarked
package io.calibrax.gpu.nvml;

import org.jspecify.annotations.NullMarked;
