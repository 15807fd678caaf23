package io.calibrax.api.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;

/**
 * What the HTTP plugins share about their transport: reading a server's {@code Retry-After}, and
 * refusing a credential that would cross the network in plaintext. Internal.
 *
 * @since 0.1.0
 */
public final class Transport {
    private Transport() {
    }

    /** A {@code Retry-After} header (seconds or an HTTP date) as a wait; empty when absent or unreadable. */
    public static Optional<Duration> retryAfter(String header) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        String value = header.strip();
        try {
            return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(value))));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant when = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration wait = Duration.between(Instant.now(), when);
                return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
            } catch (DateTimeParseException notDate) {
                return Optional.empty();
            }
        }
    }

    /** True for {@code localhost}, 127.x.x.x and ::1: names that never leave this machine. */
    public static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.equals("localhost") || h.endsWith(".localhost") || h.startsWith("127.") || h.equals("::1")
                || h.equals("0:0:0:0:0:0:0:1");
    }

    /**
     * Checks a credential's way over the network: unencrypted to a host off this machine is
     * refused unless {@code allowInsecure} (the key {@code allowKey} set to true), and then comes
     * back as a warning for the caller to log.
     *
     * @param encrypted true when the transport protects it (https, SMTP with TLS)
     * @param protocol  how it would travel, for the message, such as {@code http://}
     * @param what      a description of the credential, never the credential itself
     * @return the warning to log when allowed through, empty when the transport is safe
     * @throws IllegalArgumentException when refused, saying which key lets it through
     */
    public static Optional<String> checkPlaintext(boolean encrypted, String protocol, String host, String what,
                                                  String allowKey, boolean allowInsecure) {
        if (encrypted || isLoopback(host)) {
            return Optional.empty();
        }
        String problem = what + " would travel unencrypted over " + protocol + " to " + host;
        if (!allowInsecure) {
            throw new IllegalArgumentException(problem + ": refused; use encryption, or set " + allowKey
                    + "=true to send it anyway");
        }
        return Optional.of(problem + " (" + allowKey + "=true)");
    }
}
