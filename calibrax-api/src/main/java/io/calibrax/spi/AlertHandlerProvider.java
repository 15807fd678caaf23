package io.calibrax.spi;

import io.calibrax.api.AlertHandler;

import java.util.Optional;

/**
 * Creates an alert handler from configuration; found with {@link java.util.ServiceLoader} through
 * a {@code META-INF/services/io.calibrax.spi.AlertHandlerProvider} entry. Dropping the plugin's
 * JAR onto the classpath is all it takes.
 *
 * <p>An implementation needs a public no-argument constructor. {@link #create} is called once per
 * bootstrap; it may throw (the wiring logs it and skips this provider).
 */
public interface AlertHandlerProvider {

    /** A short unique name, such as {@code "slack"} or {@code "email"}. */
    String name();

    /**
     * The handler, or empty when the config does not enable it (its keys are absent).
     *
     * @throws IllegalArgumentException when the keys are present but invalid, naming the key
     */
    Optional<AlertHandler> create(CalibraxConfig config);
}
