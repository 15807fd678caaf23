package io.calibrax.testplugins;

import io.calibrax.api.AlertHandler;
import io.calibrax.spi.AlertHandlerProvider;
import io.calibrax.spi.CalibraxConfig;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/** Test plugin that claims the name "recording" too; listed after {@link RecordingHandlerProvider}. */
public final class DuplicateNameProvider implements AlertHandlerProvider {
    /** Set if this provider's create was ever called: it must not be, the first "recording" wins. */
    public static final AtomicBoolean CREATE_CALLED = new AtomicBoolean();

    @Override
    public String name() {
        return "recording";
    }

    @Override
    public Optional<AlertHandler> create(CalibraxConfig config) {
        CREATE_CALLED.set(true);
        return Optional.of(new RecordingHandler("duplicate"));
    }
}
