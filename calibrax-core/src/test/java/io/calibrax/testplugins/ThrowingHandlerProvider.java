package io.calibrax.testplugins;

import io.calibrax.api.AlertHandler;
import io.calibrax.spi.AlertHandlerProvider;
import io.calibrax.spi.CalibraxConfig;

import java.util.Optional;

/** Test plugin whose create throws when {@code test.throwing.enabled} is set. */
public final class ThrowingHandlerProvider implements AlertHandlerProvider {
    public static final String ENABLED = "test.throwing.enabled";

    @Override
    public String name() {
        return "throwing";
    }

    @Override
    public Optional<AlertHandler> create(CalibraxConfig config) {
        if (config.has(ENABLED)) {
            throw new IllegalStateException("boom: this provider cannot create its handler");
        }
        return Optional.empty();
    }
}
