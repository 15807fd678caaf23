/**
 * Process and host readings: the default {@code ResourceMonitor}, built on OSHI.
 */
package io.calibrax.resources;
