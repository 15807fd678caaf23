import org.jspecify.annotations.NullMarked;

/**
 * The {@code slack} alert handler: found by core as an {@code AlertHandlerProvider}; Guice users
 * may install {@code SlackModule} instead (Guice is then theirs to add).
 *
 * @since 0.1.0
 */
@NullMarked
module io.calibrax.handlers.slack {
    requires transitive io.calibrax.api;
    requires static org.jspecify;
    requires org.slf4j;
    requires okhttp3;
    requires com.fasterxml.jackson.databind;
    requires static com.google.guice;

    exports io.calibrax.handlers.slack;

    opens io.calibrax.handlers.slack to com.google.guice;

    provides io.calibrax.spi.AlertHandlerProvider with io.calibrax.handlers.slack.SlackAlertHandlerProvider;
}
