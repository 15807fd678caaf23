package io.calibrax.handlers.email;

import java.util.Locale;
import java.util.Objects;

/**
 * How the SMTP connection is protected ({@code calibrax.email.tls}).
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public enum TlsMode {
    /**
     * Plain connection upgraded with {@code STARTTLS}, which is required: a server that does not
     * offer it is refused rather than spoken to in the clear. The server's certificate and host
     * name are checked. Default port 587.
     */
    STARTTLS("starttls", 587),
    /** TLS from the first byte (implicit TLS, "SMTPS"); certificate and host name checked. Default port 465. */
    SMTPS("smtps", 465),
    /** No encryption at all: only for a trusted relay on the same host or network. Default port 25. */
    NONE("none", 25);

    private final String value;
    private final int defaultPort;

    TlsMode(String value, int defaultPort) {
        this.value = value;
        this.defaultPort = defaultPort;
    }

    /** The configuration value: {@code starttls}, {@code smtps} or {@code none}. */
    public String value() {
        return value;
    }

    /** The port used when {@code calibrax.email.port} is not set: 587, 465 or 25. */
    public int defaultPort() {
        return defaultPort;
    }

    /**
     * Parses a configuration value, ignoring case and surrounding blanks.
     *
     * @throws NullPointerException     if value is null
     * @throws IllegalArgumentException if it names no mode; the message names {@code calibrax.email.tls}
     */
    public static TlsMode fromValue(String value) {
        Objects.requireNonNull(value, "value");
        String wanted = value.strip().toLowerCase(Locale.ROOT);
        for (TlsMode mode : values()) {
            if (mode.value.equals(wanted)) {
                return mode;
            }
        }
        throw new IllegalArgumentException(EmailSettings.TLS + ": invalid value '" + value
                + "' (expected starttls, smtps or none)");
    }
}
