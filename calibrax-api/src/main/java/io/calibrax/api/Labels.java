package io.calibrax.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Label names and label sets as Prometheus and Alertmanager know them: a name matches
 * {@code [a-zA-Z_][a-zA-Z0-9_]*}, a value is any string. Stateless and thread-safe.
 *
 * @since 0.1.0
 */
public final class Labels {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    /** The label every alert carries: the metric's name. */
    public static final String METRIC = "metric";

    private Labels() {
    }

    /** Whether {@code name} is a valid label name. */
    public static boolean isValidName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /**
     * Returns {@code name} when it is a valid label name.
     *
     * @throws IllegalArgumentException naming the label when it is not
     */
    public static String requireValidName(String name) {
        if (!isValidName(name)) {
            throw new IllegalArgumentException("invalid label name '" + name
                    + "': a label name matches [a-zA-Z_][a-zA-Z0-9_]*");
        }
        return name;
    }

    /**
     * Parses a static label list such as {@code service=api,env=prod} (the form of
     * {@code calibrax.labels}); blanks around names and values are ignored.
     *
     * @throws IllegalArgumentException naming the text at fault
     */
    public static Map<String, String> parse(String text) {
        Objects.requireNonNull(text, "labels");
        Map<String, String> labels = new LinkedHashMap<>();
        for (String part : text.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            int eq = part.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("label '" + part.strip() + "' has no '=': write name=value");
            }
            String name = part.substring(0, eq).strip();
            requireValidName(name);
            labels.put(name, part.substring(eq + 1).strip());
        }
        return Collections.unmodifiableMap(labels);
    }

    /**
     * The labels as people read them, {@code service=api, env=prod}, leaving out {@code metric}
     * (which every alert shows on its own); empty when there is nothing else.
     */
    public static String toText(Map<String, String> labels) {
        StringBuilder text = new StringBuilder();
        labels.forEach((name, value) -> {
            if (!name.equals(METRIC)) {
                text.append(text.length() == 0 ? "" : ", ").append(name).append('=').append(value);
            }
        });
        return text.toString();
    }

    /** Copies and checks a label set, and puts {@code metric} first unless it is given. */
    static Map<String, String> withMetric(Map<String, String> labels, String metricName) {
        if (labels == null || labels.isEmpty()) {
            return Map.of(METRIC, metricName);
        }
        Map<String, String> copy = new LinkedHashMap<>(Math.max(4, labels.size() * 2 + 2));
        if (!labels.containsKey(METRIC)) {
            copy.put(METRIC, metricName);
        }
        for (Map.Entry<String, String> entry : labels.entrySet()) {
            copy.put(requireValidName(entry.getKey()),
                    Objects.requireNonNull(entry.getValue(), () -> "value of label " + entry.getKey()));
        }
        return Collections.unmodifiableMap(copy);
    }
}
