/**
 * Guice wiring: {@link io.calibrax.inject.CalibraxModule} binds the configuration, one alert
 * manager shared by the singleton monitors, and every handler and GPU profiler that the
 * {@code io.calibrax.spi} providers on the class path create, through Multibinder sets an
 * application can add to. Without Guice, {@code io.calibrax.Calibrax.bootstrap()} does the same.
 */
@NullMarked
package io.calibrax.inject;

import org.jspecify.annotations.NullMarked;
