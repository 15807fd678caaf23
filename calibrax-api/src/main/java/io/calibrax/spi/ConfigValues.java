package io.calibrax.spi;

import io.calibrax.api.AlertSeverity;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one parser of Calibrax's value forms, shared by core, the plugins and the command line:
 * durations, booleans, numbers, lists and severities. The {@code (key, value)} forms fail with an
 * {@link IllegalArgumentException} naming the key and the bad value; {@link #parseDuration(String)}
 * and {@link #parseBoolean(String)} name only the value, for a caller that names its own source
 * (a command-line option). Stateless and thread-safe.
 *
 * @since 0.1.0
 */
public final class ConfigValues {
    /** What a duration looks like, for messages. */
    public static final String DURATION_FORMS = "a duration such as 500ms, 1.5s, 2m, 2h, 1d or PT2S";
    private static final Pattern SIMPLE_DURATION =
            Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ns|us|µs|ms|s|sec|secs|seconds?|m|min|mins|minutes?|h|hours?|d|days?)?");

    private ConfigValues() {
    }

    /** The environment variable that holds {@code key}: upper case, {@code .} and {@code -} as {@code _}. */
    public static String environmentVariableName(String key) {
        Objects.requireNonNull(key, "key");
        StringBuilder name = new StringBuilder(key.length());
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            name.append(c == '.' || c == '-' ? '_' : Character.toUpperCase(c));
        }
        return name.toString();
    }

    /**
     * A non-negative duration: a number and a unit ({@code 500ms}, {@code 1.5s}, {@code 2m},
     * {@code 2h}, {@code 1d}; also {@code ns}, {@code us}), a bare number of seconds, or ISO-8601
     * ({@code PT2S}). Fractions are kept to the nanosecond: {@code 1.5s} is 1500 ms.
     *
     * @throws IllegalArgumentException quoting the value and the accepted forms otherwise
     */
    public static Duration parseDuration(String value) {
        String text = value.strip();
        if (text.regionMatches(true, 0, "P", 0, 1)) {
            Duration parsed;
            try {
                parsed = Duration.parse(text.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw notA(value, DURATION_FORMS);
            }
            if (parsed.isNegative()) {
                throw notA(value, "a non-negative duration");
            }
            return parsed;
        }
        Matcher matcher = SIMPLE_DURATION.matcher(text.toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            throw notA(value, DURATION_FORMS);
        }
        double amount = Double.parseDouble(matcher.group(1));
        String unit = matcher.group(2) == null ? "s" : matcher.group(2);
        double nanosPerUnit = switch (unit) {
            case "ns" -> 1;
            case "us", "µs" -> 1e3;
            case "ms" -> 1e6;
            case "m", "min", "mins", "minute", "minutes" -> 60e9;
            case "h", "hour", "hours" -> 3600e9;
            case "d", "day", "days" -> 86400e9;
            default -> 1e9;
        };
        double nanos = amount * nanosPerUnit;
        if (!Double.isFinite(nanos) || nanos > Long.MAX_VALUE) {
            throw notA(value, "a duration that fits in 292 years");
        }
        return Duration.ofNanos(Math.round(nanos));
    }

    /** {@link #parseDuration(String)}, failing with a message that names {@code key}. */
    public static Duration parseDuration(String key, String value) {
        try {
            return parseDuration(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("configuration key " + key + ": " + e.getMessage(), e);
        }
    }

    /** A whole number ({@code _} separators allowed), failing with a message that names {@code key}. */
    public static int parseInt(String key, String value) {
        try {
            return Integer.parseInt(value.strip().replace("_", ""));
        } catch (NumberFormatException e) {
            throw bad(key, value, "a whole number");
        }
    }

    /** A finite number, failing with a message that names {@code key}. */
    public static double parseDouble(String key, String value) {
        try {
            double parsed = Double.parseDouble(value.strip());
            if (Double.isFinite(parsed)) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw bad(key, value, "a finite number");
    }

    /**
     * {@code true} or {@code false}, ignoring case and surrounding blanks; nothing else
     * ({@code yes}, {@code 1} and {@code on} are refused rather than guessed).
     *
     * @throws IllegalArgumentException quoting the value otherwise
     */
    public static boolean parseBoolean(String value) {
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw notA(value, "true or false");
        };
    }

    /** {@link #parseBoolean(String)}, failing with a message that names {@code key}. */
    public static boolean parseBoolean(String key, String value) {
        try {
            return parseBoolean(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("configuration key " + key + ": " + e.getMessage(), e);
        }
    }

    /** A comma-separated list, each item stripped, empty items dropped. */
    public static List<String> parseList(String value) {
        List<String> items = new ArrayList<>();
        for (String item : value.split(",")) {
            String stripped = item.strip();
            if (!stripped.isEmpty()) {
                items.add(stripped);
            }
        }
        return List.copyOf(items);
    }

    /** A severity name, failing with a message that names {@code key}. */
    public static AlertSeverity parseSeverity(String key, String value) {
        try {
            return AlertSeverity.fromValue(value);
        } catch (IllegalArgumentException e) {
            throw bad(key, value, "info, warning, error or critical");
        }
    }

    private static IllegalArgumentException notA(String value, String expected) {
        return new IllegalArgumentException("invalid value '" + value + "' (expected " + expected + ")");
    }

    private static IllegalArgumentException bad(String key, String value, String expected) {
        return new IllegalArgumentException(
                "configuration key " + key + ": invalid value '" + value + "' (expected " + expected + ")");
    }
}
