package io.calibrax.spi;

import io.calibrax.api.AlertHandler;

import java.util.Optional;
import java.util.Set;

/**
 * Creates an alert handler from configuration; found with {@link java.util.ServiceLoader} through
 * a {@code META-INF/services/io.calibrax.spi.AlertHandlerProvider} entry. Dropping the plugin's
 * JAR onto the classpath is all it takes.
 *
 * <p>An implementation needs a public no-argument constructor. {@link #create} is called once per
 * bootstrap; it may throw (the wiring logs it and skips this provider).
 *
 * @since 0.1.0
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

    /**
     * The configuration keys this provider reads, so that a key no part of Calibrax knows can be
     * pointed out as a likely typo. A key ending in {@code .} stands for every key under it
     * ({@code calibrax.route.}). Empty by default: the provider's keys are then not checked.
     */
    default Set<String> configKeys() {
        return Set.of();
    }
}
