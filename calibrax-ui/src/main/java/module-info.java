import org.jspecify.annotations.NullMarked;

/**
 * The live page and its JSON API, served by the JDK's HTTP server and started by
 * {@code Calibrax.bootstrap()} as a {@code CalibraxExtension} when {@code calibrax.ui.port} is set.
 *
 * @since 0.1.0
 */
@NullMarked
module io.calibrax.ui {
    requires io.calibrax.core;
    requires static org.jspecify;
    requires org.slf4j;
    requires com.fasterxml.jackson.databind;
    requires jdk.httpserver;

    exports io.calibrax.ui;

    provides io.calibrax.CalibraxExtension with io.calibrax.ui.UiExtension;
}
