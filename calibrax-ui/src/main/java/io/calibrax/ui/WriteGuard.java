package io.calibrax.ui;

import com.sun.net.httpserver.HttpExchange;
import io.calibrax.api.Secret;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Who may change silences through the page. With a token set, every write needs
 * {@code Authorization: Bearer <token>} (compared in constant time), loopback included; without
 * one, only loopback clients write. A request that a browser sent from another site (an
 * {@code Origin} that is not this server) is refused either way, so a page elsewhere cannot make
 * the operator's browser write for it; so is one, without a token, whose {@code Host} does not name
 * this machine (a DNS-rebinding page whose own name points at 127.0.0.1).
 *
 * <p>Immutable and thread-safe.
 */
final class WriteGuard {
    /** Why a write is refused: the HTTP status and the reason to answer. */
    record Refusal(int status, String reason) {
    }

    private final Optional<byte[]> token;

    WriteGuard(Optional<Secret> token) {
        this.token = token.map(secret -> ("Bearer " + secret.reveal()).getBytes(StandardCharsets.UTF_8));
    }

    /** Whether writes need the token. */
    boolean needsToken() {
        return token.isPresent();
    }

    /** Empty when {@code exchange} may write; the refusal otherwise. */
    Optional<Refusal> check(HttpExchange exchange) {
        String origin = exchange.getRequestHeaders().getFirst("Origin");
        String host = exchange.getRequestHeaders().getFirst("Host");
        if (origin != null && (host == null || !origin.equalsIgnoreCase("http://" + host))) {
            return Optional.of(new Refusal(403, "writes from another site's page are refused (Origin " + origin + ")"));
        }
        if (token.isPresent()) {
            String given = exchange.getRequestHeaders().getFirst("Authorization");
            byte[] presented = given == null ? new byte[0] : given.getBytes(StandardCharsets.UTF_8);
            if (!MessageDigest.isEqual(token.get(), presented)) {
                return Optional.of(new Refusal(401, "this write needs the header 'Authorization: Bearer <token>' with "
                        + UiSettings.TOKEN));
            }
            return Optional.empty();
        }
        if (!namesThisMachine(host)) {
            return Optional.of(new Refusal(403, "writes without " + UiSettings.TOKEN
                    + " must address this machine as localhost or a loopback address"));
        }
        InetAddress client = exchange.getRemoteAddress().getAddress();
        if (client == null || !client.isLoopbackAddress()) {
            return Optional.of(new Refusal(403, "only clients on this machine may write while " + UiSettings.TOKEN
                    + " is unset"));
        }
        return Optional.empty();
    }

    /**
     * Whether a {@code Host} header names this machine: {@code localhost} or a loopback address
     * literal (never looked up: a name is not resolved).
     */
    static boolean namesThisMachine(String host) {
        if (host == null) {
            return false;
        }
        String name = host.strip().toLowerCase(java.util.Locale.ROOT);
        if (name.startsWith("[")) {
            int end = name.indexOf(']');
            name = end < 0 ? "" : name.substring(1, end);
        } else if (name.indexOf(':') >= 0) {
            name = name.substring(0, name.indexOf(':'));
        }
        if (name.equals("localhost") || name.endsWith(".localhost")) {
            return true;
        }
        if (!name.matches("[0-9.]+|[0-9a-f:]+") || name.isEmpty()) {
            return false;
        }
        try {
            return InetAddress.getByName(name).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }
}
