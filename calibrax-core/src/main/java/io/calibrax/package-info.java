/**
 * The entry point without Guice: {@link io.calibrax.Calibrax#bootstrap()} reads the configuration
 * ({@code calibrax.properties}, environment variables, system properties), finds every plugin on
 * the class path through {@link java.util.ServiceLoader}, creates those the configuration enables
 * and wires them to one alert manager and the monitors; {@link io.calibrax.Calibrax#close()}
 * releases it all.
 */
@NullMarked
package io.calibrax;

import org.jspecify.annotations.NullMarked;
