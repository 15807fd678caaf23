/**
 * Service-provider interfaces found with {@link java.util.ServiceLoader}: alert handlers, GPU
 * profilers, resource monitors and metric sources, each created from a {@link
 * io.calibrax.spi.CalibraxConfig}. A plugin implements one, lists it in
 * {@code META-INF/services/<interface name>}, and is picked up when its JAR is on the classpath
 * and its configuration keys are present.
 */
@NullMarked
package io.calibrax.spi;

import org.jspecify.annotations.NullMarked;
