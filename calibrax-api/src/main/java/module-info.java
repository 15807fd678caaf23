import org.jspecify.annotations.NullMarked;

/**
 * Calibrax's API: the value types and contracts every module shares ({@code io.calibrax.api}) and
 * the service-provider interfaces plugins implement ({@code io.calibrax.spi}). Depends on nothing
 * but the JSpecify annotations, which are optional at run time. {@code io.calibrax.api.internal} is
 * exported only to Calibrax's own modules.
 *
 * @since 0.1.0
 */
@NullMarked
module io.calibrax.api {
    requires static org.jspecify;

    exports io.calibrax.api;
    exports io.calibrax.spi;
    // helpers for Calibrax's own modules only (argument checks, host name, HTTP transport rules)
    exports io.calibrax.api.internal to io.calibrax.core, io.calibrax.handlers.slack, io.calibrax.handlers.email,
            io.calibrax.handlers.alertmanager;
}
