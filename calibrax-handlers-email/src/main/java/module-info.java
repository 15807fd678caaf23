import org.jspecify.annotations.NullMarked;

/**
 * The {@code email} alert handler over SMTP (Angus Mail): found by core as an
 * {@code AlertHandlerProvider}; Guice users may install {@code EmailAlertModule} instead.
 *
 * @since 0.1.0
 */
@NullMarked
module io.calibrax.handlers.email {
    requires transitive io.calibrax.api;
    requires static org.jspecify;
    requires org.slf4j;
    requires jakarta.mail;
    requires org.eclipse.angus.mail;
    requires static com.google.guice;

    exports io.calibrax.handlers.email;

    opens io.calibrax.handlers.email to com.google.guice;

    provides io.calibrax.spi.AlertHandlerProvider with io.calibrax.handlers.email.EmailAlertHandlerProvider;
}
