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

/** Parsing of configuration values; every failure names the key and the bad value. */
final class ConfigValues {
    private static final Pattern SIMPLE_DURATION =
            Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ns|us|µs|ms|s|sec|secs|seconds?|m|min|mins|minutes?|h|hours?|d|days?)?");

    private ConfigValues() {
    }

    static String environmentVariableName(String key) {
        Objects.requireNonNull(key, "key");
        StringBuilder name = new StringBuilder(key.length());
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            name.append(c == '.' || c == '-' ? '_' : Character.toUpperCase(c));
        }
        return name.toString();
    }

    static Duration parseDuration(String key, String value) {
        String text = value.strip();
        try {
            if (text.regionMatches(true, 0, "P", 0, 1)) {
                Duration parsed = Duration.parse(text.toUpperCase(Locale.ROOT));
                if (parsed.isNegative()) {
                    throw bad(key, value, "a non-negative duration");
                }
                return parsed;
            }
        } catch (DateTimeParseException e) {
            throw bad(key, value, "a duration such as 500ms, 10s, 5m, 2h or PT10S");
        }
        Matcher matcher = SIMPLE_DURATION.matcher(text.toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            throw bad(key, value, "a duration such as 500ms, 10s, 5m, 2h or PT10S");
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
            throw bad(key, value, "a duration that fits in 292 years");
        }
        return Duration.ofNanos(Math.round(nanos));
    }

    static int parseInt(String key, String value) {
        try {
            return Integer.parseInt(value.strip().replace("_", ""));
        } catch (NumberFormatException e) {
            throw bad(key, value, "a whole number");
        }
    }

    static double parseDouble(String key, String value) {
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

    static boolean parseBoolean(String key, String value) {
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw bad(key, value, "true or false");
        };
    }

    static List<String> parseList(String value) {
        List<String> items = new ArrayList<>();
        for (String item : value.split(",")) {
            String stripped = item.strip();
            if (!stripped.isEmpty()) {
                items.add(stripped);
            }
        }
        return List.copyOf(items);
    }

    static AlertSeverity parseSeverity(String key, String value) {
        try {
            return AlertSeverity.fromValue(value);
        } catch (IllegalArgumentException e) {
            throw bad(key, value, "info, warning, error or critical");
        }
    }

    private static IllegalArgumentException bad(String key, String value, String expected) {
        return new IllegalArgumentException(
                "configuration key " + key + ": invalid value '" + value + "' (expected " + expected + ")");
    }
}
