package io.calibrax.handlers.email;

import io.calibrax.api.DeliveryException;
import org.jspecify.annotations.Nullable;

import java.util.Optional;

/**
 * An email alert could not be sent: the SMTP server refused it for good, or it stayed
 * unreachable through every retry. The message says which server, why, and the server's own
 * reply where there was one; it never contains the password.
 *
 * @since 0.1.0
 */
public final class EmailDeliveryException extends DeliveryException {
    private static final long serialVersionUID = 1L;

    private final @Nullable String serverReply;

    EmailDeliveryException(String message, boolean permanent, @Nullable String serverReply, @Nullable Throwable cause) {
        super(message, !permanent, null, cause);
        this.serverReply = serverReply;
    }

    /**
     * True when retrying cannot help (a 5xx reply, rejected credentials, no STARTTLS, an
     * untrusted certificate); false when the server was unreachable, busy or slow.
     */
    public boolean isPermanent() {
        return !isRetryable();
    }

    /** The SMTP server's reply, such as {@code 550 5.7.1 Relaying denied}, when it gave one. */
    public Optional<String> serverReply() {
        return Optional.ofNullable(serverReply);
    }
}
