package io.calibrax.handlers.email;

import io.calibrax.api.AlertHandler;
import io.calibrax.spi.AlertHandlerProvider;
import io.calibrax.spi.CalibraxConfig;

import java.util.Optional;
import java.util.Set;

/**
 * The {@code email} alert handler provider, found through {@link java.util.ServiceLoader}: with
 * {@code calibrax.email.host}, {@code calibrax.email.from} and {@code calibrax.email.to} set it
 * creates an {@link EmailAlertHandler}; with none of them it stays off. Stateless and thread-safe.
 *
 * @since 0.1.0
 */
public final class EmailAlertHandlerProvider implements AlertHandlerProvider {
    /** The provider's name, and the handler's. */
    public static final String NAME = "email";

    /** For {@link java.util.ServiceLoader}. */
    public EmailAlertHandlerProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * The handler, or empty when email alerts are not configured.
     *
     * @throws IllegalArgumentException when only some of host, from and to are set, or a value is
     *                                  invalid; the message names the key
     */
    @Override
    public Optional<AlertHandler> create(CalibraxConfig config) {
        return EmailSettings.fromConfig(config).map(EmailAlertHandler::new);
    }

    /** Every key this plugin reads, so that a misspelt one is pointed out. */
    @Override
    public Set<String> configKeys() {
        return Set.of("calibrax.email.host",
                "calibrax.email.port",
                "calibrax.email.from",
                "calibrax.email.to",
                "calibrax.email.username",
                "calibrax.email.password",
                "calibrax.email.tls",
                "calibrax.email.min-severity",
                "calibrax.email.subject-prefix",
                "calibrax.email.batch-window",
                "calibrax.email.timeout",
                "calibrax.email.max-attempts",
                "calibrax.email.retry-backoff");
    }
}
