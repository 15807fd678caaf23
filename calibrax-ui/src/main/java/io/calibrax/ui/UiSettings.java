package io.calibrax.ui;

import io.calibrax.api.Secret;
import io.calibrax.spi.CalibraxConfig;

import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the live page listens and who may change silences through it.
 *
 * <p>Immutable and thread-safe; {@link #toString()} never shows the token.
 *
 * @param host  the host name or address to listen on ({@value #DEFAULT_HOST} by default: loopback)
 * @param port  the port, 0 to 65535 (0 picks a free one)
 * @param token the bearer token every write needs, if set; without one only loopback clients write
 * @since 0.1.0
 */
public record UiSettings(String host, int port, Optional<Secret> token) {
    /** The port to serve the page on. Unset: {@code Calibrax.bootstrap()} serves no page. */
    public static final String PORT = "calibrax.ui.port";
    /** The host name or address to listen on. */
    public static final String HOST = "calibrax.ui.host";
    /** The bearer token that writes (adding and expiring silences) need. */
    public static final String TOKEN = "calibrax.ui.token";
    /** Loopback: the page is for the machine it runs on unless the host is set. */
    public static final String DEFAULT_HOST = "127.0.0.1";

    /**
     * @throws IllegalArgumentException naming {@value #PORT} or {@value #HOST} if the port is not
     *                                  one or the host is blank
     */
    public UiSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(token, "token");
        if (host.isBlank()) {
            throw new IllegalArgumentException("configuration key " + HOST + ": must not be blank");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("configuration key " + PORT + ": invalid value '" + port
                    + "' (expected a port number from 0 to 65535)");
        }
        token = token.filter(secret -> !secret.reveal().isBlank());
    }

    /**
     * Reads {@value #PORT} (0, a free port, when unset), {@value #HOST} and {@value #TOKEN}.
     *
     * @throws IllegalArgumentException naming the key whose value is invalid
     */
    public static UiSettings from(CalibraxConfig config) {
        return new UiSettings(config.get(HOST).map(String::strip).filter(value -> !value.isEmpty()).orElse(DEFAULT_HOST),
                config.getInt(PORT).orElse(0), config.getSecret(TOKEN));
    }

    InetSocketAddress address() {
        return new InetSocketAddress(host, port);
    }

    @Override
    public String toString() {
        return "UiSettings[host=" + host + ", port=" + port + ", token=" + (token.isPresent() ? "***" : "none") + "]";
    }
}
