/**
 * Internal: the JNA binding of NVML ({@link io.calibrax.gpu.nvml.jna.NvmlLibrary}, its structs
 * with explicit field order) and the loader that loads each library once per path
 * ({@link io.calibrax.gpu.nvml.jna.NvmlLoader}). Not API: use {@link io.calibrax.gpu.nvml}.
 */
@NullMarked
package io.calibrax.gpu.nvml.jna;

import org.jspecify.annotations.NullMarked;
