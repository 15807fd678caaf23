import org.jspecify.annotations.NullMarked;

/**
 * The {@code alertmanager} alert handler, posting to Prometheus Alertmanager's API: found by core
 * as an {@code AlertHandlerProvider}; Guice users may install {@code AlertmanagerModule} instead.
 *
 * @since 0.1.0
 */
@NullMarked
module io.calibrax.handlers.alertmanager {
    requires transitive io.calibrax.api;
    requires static org.jspecify;
    requires org.slf4j;
    requires okhttp3;
    requires com.fasterxml.jackson.databind;
    requires static com.google.guice;

    exports io.calibrax.handlers.alertmanager;

    opens io.calibrax.handlers.alertmanager to com.google.guice;

    provides io.calibrax.spi.AlertHandlerProvider with io.calibrax.handlers.alertmanager.AlertmanagerHandlerProvider;
}
