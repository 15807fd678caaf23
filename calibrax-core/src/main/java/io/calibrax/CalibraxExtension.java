package io.calibrax;

import java.util.Optional;

/**
 * Something that runs beside a {@link Calibrax} instance for as long as it lives, such as the
 * Prometheus endpoint of {@code calibrax-micrometer}: found with {@link java.util.ServiceLoader}
 * by {@link Calibrax#bootstrap}, so that core never depends on the module that offers it.
 *
 * <p>An extension is started once per bootstrap, after the monitors and the alert manager are
 * wired, and what it returns is closed by {@link Calibrax#close()} before anything it reads from.
 * Implementations need a public no-argument constructor and a {@code META-INF/services} entry.
 *
 * @since 0.1.0
 */
public interface CalibraxExtension {

    /** A short unique name, used in logs. */
    String name();

    /**
     * Starts whatever {@code calibrax.config()} enables for this instance.
     *
     * @return what to close with the instance, or empty when the configuration does not enable it
     * @throws IllegalArgumentException naming the key when its configuration is invalid; the
     *                                  bootstrap then fails (and releases what it had made), since
     *                                  the user asked for this extension and would not get it
     * @throws java.io.UncheckedIOException when it cannot start (a port in use), with the same effect
     */
    Optional<AutoCloseable> start(Calibrax calibrax);
}
