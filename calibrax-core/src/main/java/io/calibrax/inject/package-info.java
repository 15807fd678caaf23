/**
 * Guice wiring: {@code CalibraxModule} binds the configuration, the alert manager, the monitors and every discovered plugin.
 */
package io.calibrax.inject;
