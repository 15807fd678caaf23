package io.calibrax.spi;

import io.calibrax.api.MetricSource;

import java.util.Optional;
import java.util.Set;

/**
 * Adds a {@link MetricSource} to every monitor the wiring builds; found with
 * {@link java.util.ServiceLoader}.
 *
 * @since 0.1.0
 */
public interface MetricSourceProvider {

    /** A short unique name. */
    String name();

    /** The source, or empty when the config does not enable it. */
    Optional<MetricSource> create(CalibraxConfig config);

    /**
     * The configuration keys this provider reads, so that a key no part of Calibrax knows can be
     * pointed out as a likely typo. A key ending in {@code .} stands for every key under it
     * ({@code calibrax.route.}). Empty by default: the provider's keys are then not checked.
     */
    default Set<String> configKeys() {
        return Set.of();
    }
}
