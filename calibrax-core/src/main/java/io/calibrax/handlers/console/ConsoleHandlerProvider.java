package io.calibrax.handlers.console;

import io.calibrax.api.AlertHandler;
import io.calibrax.api.AlertSeverity;
import io.calibrax.spi.AlertHandlerProvider;
import io.calibrax.spi.CalibraxConfig;

import java.util.Optional;
import java.util.Set;

/**
 * Provides the {@link ConsoleAlertHandler}, named {@code "console"}, when
 * {@code calibrax.console.enabled} is true; {@code calibrax.console.min-severity} (default
 * {@code info}) filters it. Listed in core's {@code META-INF/services}. Stateless, thread-safe.
 *
 * @since 0.1.0
 */
public final class ConsoleHandlerProvider implements AlertHandlerProvider {
    /** {@code true} switches the console handler on. */
    public static final String ENABLED = "calibrax.console.enabled";
    /** The lowest severity printed: {@code info} (default), {@code warning}, {@code error} or {@code critical}. */
    public static final String MIN_SEVERITY = "calibrax.console.min-severity";

    @Override
    public String name() {
        return "console";
    }

    /**
     * The handler when {@value #ENABLED} is true, else empty.
     *
     * @throws IllegalArgumentException naming the key if either value is invalid
     */
    @Override
    public Optional<AlertHandler> create(CalibraxConfig config) {
        if (!config.getBoolean(ENABLED, false)) {
            return Optional.empty();
        }
        AlertSeverity minSeverity = config.getSeverity(MIN_SEVERITY).orElse(AlertSeverity.INFO);
        return Optional.of(new ConsoleAlertHandler(System.out, minSeverity));
    }

    /** Every key this plugin reads, so that a misspelt one is pointed out. */
    @Override
    public Set<String> configKeys() {
        return Set.of("calibrax.console.enabled",
                "calibrax.console.min-severity");
    }
}
