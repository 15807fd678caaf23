package io.calibrax.examples.plugin;

import io.calibrax.api.AlertHandler;
import io.calibrax.spi.AlertHandlerProvider;
import io.calibrax.spi.CalibraxConfig;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A third-party plugin as small as it gets: written against calibrax-api alone and found by
 * {@link java.util.ServiceLoader} through its one-line
 * {@code META-INF/services/io.calibrax.spi.AlertHandlerProvider} file. It switches on when its
 * setting is present:
 * <pre>
 * example.alert-log.file=alerts.log      # in calibrax.properties, or
 * EXAMPLE_ALERT_LOG_FILE=alerts.log      # in the environment
 * </pre>
 * Try it: {@code java -Dexample.alert-log.file=alerts.log -jar calibrax.jar test-handlers}.
 *
 * <p>Stateless and thread-safe.
 *
 * @since 0.1.0
 */
public final class AlertLogHandlerProvider implements AlertHandlerProvider {
    /** The file the alerts are appended to; the plugin stays off without it. */
    public static final String FILE = "example.alert-log.file";

    @Override
    public String name() {
        return AlertLogHandler.NAME;
    }

    @Override
    public Optional<AlertHandler> create(CalibraxConfig config) {
        return config.get(FILE).map(Path::of).map(AlertLogHandler::new);
    }
}
