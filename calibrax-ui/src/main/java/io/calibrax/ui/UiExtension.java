package io.calibrax.ui;

import io.calibrax.Calibrax;
import io.calibrax.CalibraxExtension;

import java.util.Optional;

/**
 * Makes {@link Calibrax#bootstrap()} serve the live page ({@link CalibraxUi}) of its production
 * monitor when {@value UiSettings#PORT} is set. Found with {@link java.util.ServiceLoader}: putting
 * calibrax-ui on the class path and setting the port is all it takes.
 *
 * @since 0.1.0
 */
public final class UiExtension implements CalibraxExtension {

    @Override
    public String name() {
        return "ui";
    }

    /**
     * @throws IllegalArgumentException naming the key whose value is invalid
     * @throws java.io.UncheckedIOException if the port cannot be bound
     */
    @Override
    public Optional<AutoCloseable> start(Calibrax calibrax) {
        if (calibrax.config().get(UiSettings.PORT).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(CalibraxUi.start(calibrax.productionMonitor(), calibrax.alertManager(),
                UiSettings.from(calibrax.config())));
    }
}
