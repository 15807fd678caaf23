package io.calibrax.testplugins;

import io.calibrax.api.AlertHandler;
import io.calibrax.spi.AlertHandlerProvider;
import io.calibrax.spi.CalibraxConfig;

import java.util.Optional;

/** Test plugin that cannot even be instantiated: ServiceLoader's iterator throws for it. */
public final class FailingConstructorProvider implements AlertHandlerProvider {
    public FailingConstructorProvider() {
        throw new IllegalStateException("constructor refuses");
    }

    @Override
    public String name() {
        return "failing-constructor";
    }

    @Override
    public Optional<AlertHandler> create(CalibraxConfig config) {
        return Optional.empty();
    }
}
