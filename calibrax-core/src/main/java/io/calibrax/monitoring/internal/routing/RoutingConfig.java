package io.calibrax.monitoring.internal.routing;

import io.calibrax.api.Labels;
import io.calibrax.api.Matcher;
import io.calibrax.spi.CalibraxConfig;
import io.calibrax.spi.ConfigValues;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Who receives what, as the configuration says: static labels ({@code calibrax.labels}), routes
 * ({@code calibrax.route.<handler>}), mute windows ({@code calibrax.mute.<handler>}), inhibition
 * ({@code calibrax.inhibit}) and fallbacks ({@code calibrax.fallback.<handler>},
 * {@code calibrax.fallback.after}). Everything is parsed when it is read, so a bad matcher, regex or
 * window fails at start-up, naming the key and the text at fault. Immutable.
 *
 * @param labels        labels added to every alert that does not set them itself
 * @param routes        per handler name, the matchers an alert must satisfy to reach it
 * @param mutes         per handler name, the windows in which it receives nothing
 * @param inhibitRules  the inhibition rules
 * @param fallbacks     per handler name, the handler that also receives its alerts while it fails
 * @param fallbackAfter consecutive failed deliveries before a fallback takes over
 * @since 0.1.0
 */
public record RoutingConfig(Map<String, String> labels, Map<String, List<Matcher>> routes,
        Map<String, MuteWindows> mutes, List<Inhibitor.Rule> inhibitRules, Map<String, String> fallbacks,
        int fallbackAfter) {

    public static final String LABELS = "calibrax.labels";
    public static final String ROUTE = "calibrax.route.";
    public static final String MUTE = "calibrax.mute.";
    public static final String INHIBIT = "calibrax.inhibit";
    public static final String FALLBACK = "calibrax.fallback.";
    public static final String FALLBACK_AFTER = "calibrax.fallback.after";
    public static final int DEFAULT_FALLBACK_AFTER = 3;

    /** No labels, routes, windows, rules or fallbacks: every handler receives every alert. */
    public static final RoutingConfig NONE = new RoutingConfig(Map.of(), Map.of(), Map.of(), List.of(), Map.of(),
            DEFAULT_FALLBACK_AFTER);

    public RoutingConfig {
        labels = Map.copyOf(labels);
        routes = Map.copyOf(routes);
        mutes = Map.copyOf(mutes);
        inhibitRules = List.copyOf(inhibitRules);
        fallbacks = Map.copyOf(fallbacks);
        if (fallbackAfter < 1) {
            throw new IllegalArgumentException("configuration key " + FALLBACK_AFTER + ": must be at least 1, got "
                    + fallbackAfter);
        }
    }

    /**
     * Reads the routing keys for the named handlers (from a file, system properties or environment
     * variables such as {@code CALIBRAX_ROUTE_PAGER}).
     *
     * @throws IllegalArgumentException naming the key and the text at fault, or a key that names
     *                                  no handler of {@code handlerNames}
     */
    public static RoutingConfig from(CalibraxConfig config, Collection<String> handlerNames) {
        Objects.requireNonNull(config, "config");
        Set<String> known = new TreeSet<>(handlerNames);
        Map<String, String> labels = config.get(LABELS).map(text -> parse(LABELS, text, Labels::parse)).orElse(Map.of());
        List<Inhibitor.Rule> rules = config.get(INHIBIT).map(text -> parse(INHIBIT, text, Inhibitor::parse))
                .orElse(List.of());
        int after = config.get(FALLBACK_AFTER).map(text -> ConfigValues.parseInt(FALLBACK_AFTER, text))
                .orElse(DEFAULT_FALLBACK_AFTER);
        Set<String> claimed = new TreeSet<>(List.of(FALLBACK_AFTER, ConfigValues.environmentVariableName(FALLBACK_AFTER)));
        Map<String, List<Matcher>> routes = new LinkedHashMap<>();
        Map<String, MuteWindows> mutes = new LinkedHashMap<>();
        Map<String, String> fallbacks = new LinkedHashMap<>();
        for (String name : known) {
            read(config, ROUTE + name, claimed).ifPresent(text -> routes.put(name, parse(ROUTE + name, text, Matcher::parse)));
            read(config, MUTE + name, claimed).ifPresent(text -> mutes.put(name, parse(MUTE + name, text, MuteWindows::parse)));
            read(config, FALLBACK + name, claimed).ifPresent(text -> fallbacks.put(name, fallback(name, text, known)));
        }
        for (String key : config.keys()) {
            for (String prefix : List.of(ROUTE, MUTE, FALLBACK)) {
                String variable = ConfigValues.environmentVariableName(prefix);
                if ((key.startsWith(prefix) || key.startsWith(variable)) && !claimed.contains(key)) {
                    String name = key.startsWith(prefix) ? key.substring(prefix.length()) : key.substring(variable.length());
                    throw new IllegalArgumentException("configuration key " + key + ": no alert handler named '" + name
                            + "' (handlers: " + String.join(", ", known) + ")");
                }
            }
        }
        return new RoutingConfig(labels, routes, mutes, rules, fallbacks, after);
    }

    private static java.util.Optional<String> read(CalibraxConfig config, String key, Set<String> claimed) {
        claimed.add(key);
        claimed.add(ConfigValues.environmentVariableName(key));
        return config.get(key);
    }

    private static String fallback(String primary, String text, Set<String> known) {
        String fallback = text.strip();
        if (!known.contains(fallback)) {
            throw new IllegalArgumentException("configuration key " + FALLBACK + primary + ": no alert handler named '"
                    + fallback + "' (handlers: " + String.join(", ", known) + ")");
        }
        if (fallback.equals(primary)) {
            throw new IllegalArgumentException("configuration key " + FALLBACK + primary
                    + ": a handler cannot be its own fallback");
        }
        return fallback;
    }

    private static <T> T parse(String key, String text, Function<String, T> parser) {
        try {
            return parser.apply(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("configuration key " + key + ": " + e.getMessage(), e);
        }
    }
}
