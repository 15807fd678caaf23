package io.calibrax.testplugins;

import io.calibrax.api.AlertHandler;
import io.calibrax.spi.AlertHandlerProvider;
import io.calibrax.spi.CalibraxConfig;

import java.util.Optional;

/** Test plugin "recording": enabled by {@code test.recording.id}, which names the handler it makes. */
public final class RecordingHandlerProvider implements AlertHandlerProvider {
    public static final String ID = "test.recording.id";

    @Override
    public String name() {
        return "recording";
    }

    @Override
    public Optional<AlertHandler> create(CalibraxConfig config) {
        return config.get(ID).map(RecordingHandler::register);
    }
}
