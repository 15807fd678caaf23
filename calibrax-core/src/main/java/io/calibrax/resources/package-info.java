/**
 * Process and host readings.
 *
 * <ul>
 *   <li>{@link io.calibrax.resources.OshiResourceMonitor}: the default
 *       {@link io.calibrax.api.ResourceMonitor}, built on OSHI: process CPU since the previous sample,
 *       resident memory, threads, open file descriptors; host CPU, memory in use, load average; JVM
 *       heap and garbage collections.</li>
 *   <li>{@link io.calibrax.resources.OshiResourceMonitorProvider}: offers it through
 *       {@link io.calibrax.spi.ResourceMonitorProvider} with priority 0, so a plugin with a higher
 *       priority replaces it; {@link io.calibrax.resources.ResourceMonitors} picks the winner.</li>
 *   <li>{@link io.calibrax.resources.ResourceSampler}: a sampling session (10 Hz by default) whose
 *       {@link io.calibrax.resources.ResourceSummary} gives peak and mean resident memory, memory
 *       growth, sample count, duration, and GPU peak memory and mean utilization.</li>
 * </ul>
 *
 * <p>Every type here is thread-safe.
 */
@NullMarked
package io.calibrax.resources;

import org.jspecify.annotations.NullMarked;
