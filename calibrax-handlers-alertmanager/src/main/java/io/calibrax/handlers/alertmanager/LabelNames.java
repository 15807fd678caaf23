package io.calibrax.handlers.alertmanager;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Alertmanager's rules for label and annotation names ({@code [a-zA-Z_][a-zA-Z0-9_]*}, names
 * starting with {@code __} reserved): it rejects a whole batch that breaks them, so they are
 * checked before anything is sent.
 */
final class LabelNames {
    private static final Pattern VALID = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Pattern INVALID_CHARS = Pattern.compile("[^a-zA-Z0-9_]");

    private LabelNames() {
    }

    /** True when Alertmanager accepts {@code name} as a label name. */
    static boolean isValid(String name) {
        return name != null && VALID.matcher(name).matches() && !name.startsWith("__");
    }

    /**
     * Returns {@code name} when it is valid.
     *
     * @throws IllegalArgumentException naming {@code what} when it is not
     */
    static String require(String name, String what) {
        Objects.requireNonNull(name, what);
        if (!isValid(name)) {
            throw new IllegalArgumentException(what + ": '" + name
                    + "' is not a valid Alertmanager label name (letters, digits and _, not starting with a digit or __)");
        }
        return name;
    }

    /** A valid name made from any text: other characters become {@code _}, a leading digit gets a {@code _}. */
    static String sanitize(String name) {
        String cleaned = INVALID_CHARS.matcher(name).replaceAll("_");
        if (cleaned.isEmpty() || Character.isDigit(cleaned.charAt(0))) {
            cleaned = "_" + cleaned;
        }
        while (cleaned.startsWith("__")) {
            cleaned = cleaned.substring(1);
        }
        return cleaned;
    }
}
