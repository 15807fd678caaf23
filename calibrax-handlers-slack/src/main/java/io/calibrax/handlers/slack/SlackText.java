package io.calibrax.handlers.slack;

import java.util.Locale;

/**
 * Making alert text safe for Slack: escaping its three control characters and cutting texts to
 * Slack's limits without breaking an escape or a character. Stateless.
 */
final class SlackText {
    static final String ELLIPSIS = "…";
    /** The longest escape this class writes ({@code &amp;}). */
    private static final int LONGEST_ENTITY = 5;

    private SlackText() {
    }

    /**
     * Escapes {@code &}, {@code <} and {@code >} as Slack asks, so text from an alert can neither
     * ping ({@code <!channel>}), nor mention, nor make a link that reads differently from its target.
     */
    static String escape(String text) {
        StringBuilder escaped = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String replacement = switch (c) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                default -> null;
            };
            if (replacement != null) {
                if (escaped == null) {
                    escaped = new StringBuilder(text.length() + 16).append(text, 0, i);
                }
                escaped.append(replacement);
            } else if (escaped != null) {
                escaped.append(c);
            }
        }
        return escaped == null ? text : escaped.toString();
    }

    /** {@link #escape} then {@link #fit}. */
    static String escapeAndFit(String text, int max) {
        return fit(escape(text), max);
    }

    /**
     * The escaped text cut to at most {@code max} characters (UTF-16 units, which are never fewer
     * than Slack counts), ending with {@code …} when cut; never splits an escape or a surrogate pair.
     */
    static String fit(String escaped, int max) {
        if (escaped.length() <= max) {
            return escaped;
        }
        int end = Math.max(0, max - ELLIPSIS.length());
        int amp = escaped.lastIndexOf('&', end - 1);
        if (amp >= 0 && amp > end - LONGEST_ENTITY) {
            int semicolon = escaped.indexOf(';', amp);
            if (semicolon < 0 || semicolon >= end) {
                end = amp;
            }
        }
        if (end > 0 && Character.isHighSurrogate(escaped.charAt(end - 1))) {
            end--;
        }
        return escaped.substring(0, end) + ELLIPSIS;
    }

    /** For log lines: control characters shown as {@code ?}, cut to {@code max}. */
    static String printable(String text, int max) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), max));
        text.codePoints().limit(max).forEach(cp -> {
            if (Character.isISOControl(cp)) {
                out.append('?');
            } else {
                out.appendCodePoint(cp);
            }
        });
        if (text.codePointCount(0, text.length()) > max) {
            out.append(ELLIPSIS);
        }
        return out.toString();
    }

    /** A reading for people: two decimals, or three significant digits for tiny values. */
    static String number(double value) {
        double magnitude = Math.abs(value);
        if (value == 0 || magnitude >= 0.01) {
            return String.format(Locale.ROOT, "%.2f", value);
        }
        return String.format(Locale.ROOT, "%.3g", value);
    }
}
