package io.calibrax.spi;

import io.calibrax.api.MetricSource;

import java.util.Optional;

/**
 * Adds a {@link MetricSource} to every monitor the wiring builds; found with
 * {@link java.util.ServiceLoader}.
 */
public interface MetricSourceProvider {

    /** A short unique name. */
    String name();

    /** The source, or empty when the config does not enable it. */
    Optional<MetricSource> create(CalibraxConfig config);
}
