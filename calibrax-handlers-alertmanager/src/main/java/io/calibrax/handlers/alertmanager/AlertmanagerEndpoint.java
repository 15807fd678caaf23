package io.calibrax.handlers.alertmanager;

import io.calibrax.api.Secret;
import okhttp3.Credentials;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

import java.util.Objects;

/**
 * One Alertmanager to post to: its {@code /api/v2/alerts} URL, a printable name, and the basic
 * credentials taken from the URL's user info, if any (kept as a {@link Secret}, never printed).
 * Immutable.
 *
 * @param alertsUrl     where alerts are posted, without user info
 * @param display       scheme, host, port and path: safe to log
 * @param authorization the {@code Authorization} header value, or null
 */
record AlertmanagerEndpoint(HttpUrl alertsUrl, String display, @Nullable Secret authorization) {
    static final String ALERTS_PATH = "/api/v2/alerts";

    AlertmanagerEndpoint {
        Objects.requireNonNull(alertsUrl, "alertsUrl");
        Objects.requireNonNull(display, "display");
    }

    /**
     * Parses a base URL such as {@code http://am-1:9093} (or one with a route prefix, or the full
     * {@code .../api/v2/alerts} URL).
     *
     * @throws IllegalArgumentException if it is not an http or https URL; the message shows the
     *                                  URL without its user info
     */
    static AlertmanagerEndpoint parse(String url) {
        Objects.requireNonNull(url, "url");
        HttpUrl parsed = HttpUrl.parse(url.strip());
        if (parsed == null) {
            throw new IllegalArgumentException("'" + withoutUserInfo(url.strip())
                    + "' is not an http:// or https:// URL of an Alertmanager");
        }
        Secret authorization = parsed.username().isEmpty() ? null
                : Secret.of(Credentials.basic(parsed.username(), parsed.password()), "Basic ***");
        String path = parsed.encodedPath();
        if (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (!path.endsWith(ALERTS_PATH)) {
            path = path + ALERTS_PATH;
        }
        HttpUrl alerts = parsed.newBuilder().username("").password("").encodedPath(path).build();
        String display = alerts.scheme() + "://" + alerts.host() + ":" + alerts.port() + alerts.encodedPath();
        return new AlertmanagerEndpoint(alerts, display, authorization);
    }

    private static String withoutUserInfo(String url) {
        int at = url.indexOf('@');
        int scheme = url.indexOf("://");
        return at > scheme && scheme >= 0 ? url.substring(0, scheme + 3) + "***@" + url.substring(at + 1) : url;
    }

    @Override
    public String toString() {
        return display;
    }
}
