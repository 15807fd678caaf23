package io.calibrax.handlers.slack;

import io.calibrax.api.Secret;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The webhook URL, parsed once, and the scrubbing that keeps it out of logs and exception texts:
 * the token in its path is the only credential an incoming webhook has. Immutable, thread-safe.
 */
final class WebhookUrl {
    private static final String REPLACEMENT = "***";

    private final HttpUrl url;
    private final Secret secret;
    /** Pieces of the URL that must never be shown, longest first. */
    private final List<String> needles;

    WebhookUrl(Secret secret) {
        this.secret = redactedSecret(secret.reveal(), "webhookUrl");
        this.url = parse(secret.reveal(), "webhookUrl");
        Set<String> pieces = new LinkedHashSet<>();
        pieces.add(secret.reveal());
        pieces.add(url.toString());
        pieces.add(url.encodedPath());
        if (url.encodedQuery() != null && url.encodedQuery().length() >= 4) {
            pieces.add(url.encodedQuery());
        }
        List<String> segments = url.encodedPathSegments();
        for (String segment : segments) {
            // Slack's team and bot ids are 9+ characters, the token 24; "services" is not secret
            if (segment.length() >= 6 && !segment.equals("services")) {
                pieces.add(segment);
            }
        }
        List<String> sorted = new ArrayList<>(pieces);
        sorted.removeIf(String::isEmpty);
        sorted.sort(Comparator.comparingInt(String::length).reversed());
        this.needles = List.copyOf(sorted);
    }

    HttpUrl url() {
        return url;
    }

    Secret secret() {
        return secret;
    }

    /** The text with every piece of the webhook URL replaced by {@code ***}; null stays null. */
    @Nullable String scrub(@Nullable String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String scrubbed = text;
        for (String needle : needles) {
            if (scrubbed.contains(needle)) {
                scrubbed = scrubbed.replace(needle, REPLACEMENT);
            }
        }
        return scrubbed;
    }

    /** One line for logs: the exception's type and scrubbed message, then its causes' (at most 4 in all). */
    String describe(Throwable error) {
        List<String> parts = new ArrayList<>();
        for (Throwable current = error; current != null && parts.size() < 4; current = current.getCause()) {
            String message = current.getMessage();
            parts.add(current.getClass().getSimpleName()
                    + (message == null ? "" : ": " + SlackText.printable(scrub(message), 200)));
        }
        return String.join("; caused by ", parts);
    }

    /**
     * The URL as a secret shown as {@code scheme://host/services/T…/B…/***}.
     *
     * @throws IllegalArgumentException naming {@code name} (never showing the URL) if it is not an
     *                                  absolute http or https URL
     */
    static Secret redactedSecret(String raw, String name) {
        HttpUrl url = parse(raw, name);
        StringBuilder shown = new StringBuilder(url.scheme()).append("://").append(url.host());
        if (url.port() != HttpUrl.defaultPort(url.scheme())) {
            shown.append(':').append(url.port());
        }
        List<String> segments = url.encodedPathSegments();
        int last = segments.size() - 1;
        for (int i = 0; i < last; i++) {
            String segment = segments.get(i);
            shown.append('/');
            if (i == 0 && segment.equals("services")) {
                shown.append(segment);
            } else if (!segment.isEmpty()) {
                shown.appendCodePoint(segment.codePointAt(0)).append('…');
            }
        }
        shown.append('/').append(REPLACEMENT);
        return Secret.of(raw.strip(), shown.toString());
    }

    private static HttpUrl parse(String raw, String name) {
        HttpUrl url = raw == null ? null : HttpUrl.parse(raw.strip());
        if (url == null || url.host().isEmpty()) {
            throw new IllegalArgumentException(name + ": not an http or https URL (expected an incoming webhook "
                    + "such as https://hooks.slack.com/services/T…/B…/…; the value is a secret and is not shown)");
        }
        return url;
    }
}
