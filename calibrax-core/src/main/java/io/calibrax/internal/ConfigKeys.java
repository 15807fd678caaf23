package io.calibrax.internal;

import io.calibrax.spi.AlertHandlerProvider;
import io.calibrax.spi.CalibraxConfig;
import io.calibrax.spi.ConfigValues;
import io.calibrax.spi.GpuProfilerProvider;
import io.calibrax.spi.MetricSourceProvider;
import io.calibrax.spi.ResourceMonitorProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The registry of known {@code calibrax.*} keys: core's own, the command line's, the families
 * (prefixes ending in {@code .}) and every key a loaded provider declares with
 * {@code configKeys()}. A key set under {@code calibrax.} (or an environment variable under
 * {@code CALIBRAX_}) that nobody knows is warned about once per process, naming the nearest known
 * key: {@code calibrax.slack.min-severty} is probably {@code calibrax.slack.min-severity}.
 *
 * <p>Immutable once built; the set of keys already warned about is shared and thread-safe.
 *
 * @since 0.1.0
 */
public final class ConfigKeys {
    /** Keys core and the command line read. */
    static final Set<String> CORE = Set.of(
            "calibrax.config", PluginLoader.DIR, Plugins.DISABLED, Plugins.STRICT,
            "calibrax.alerts.max-alerts", "calibrax.alerts.queue-capacity", "calibrax.alerts.close-timeout",
            "calibrax.monitor.history-size", "calibrax.monitor.repeat-interval",
            "calibrax.monitor.interval", // read by the Spring Boot starter: how often the started monitor polls
            "calibrax.labels", "calibrax.inhibit", "calibrax.shutdown-hook",
            "calibrax.prometheus.port", "calibrax.prometheus.host",
            "calibrax.ui.port", "calibrax.ui.host", "calibrax.ui.token",
            "calibrax.watch.thresholds", "calibrax.log.level");
    /** Key families: every key under each is known. */
    static final Set<String> CORE_PREFIXES = Set.of("calibrax.route.", "calibrax.mute.", "calibrax.fallback.");

    private static final Logger log = LoggerFactory.getLogger(ConfigKeys.class);
    private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

    private final Set<String> keys;
    private final Set<String> prefixes;

    private ConfigKeys(Set<String> keys, Set<String> prefixes) {
        this.keys = Set.copyOf(keys);
        this.prefixes = Set.copyOf(prefixes);
    }

    /** Core's keys plus those every provider on {@code loader} declares. */
    public static ConfigKeys discover(PluginLoader loader) {
        Set<String> declared = new TreeSet<>(CORE);
        declared.addAll(CORE_PREFIXES);
        loader.named(AlertHandlerProvider.class, AlertHandlerProvider::name).forEach((name, provider) -> {
            declared.add("calibrax." + name + ".allow-insecure");
            addDeclared(declared, AlertHandlerProvider.class, provider, provider::configKeys);
        });
        loader.named(MetricSourceProvider.class, MetricSourceProvider::name).values().forEach(provider ->
                addDeclared(declared, MetricSourceProvider.class, provider, provider::configKeys));
        loader.providers(GpuProfilerProvider.class).forEach(provider ->
                addDeclared(declared, GpuProfilerProvider.class, provider, provider::configKeys));
        loader.providers(ResourceMonitorProvider.class).forEach(provider ->
                addDeclared(declared, ResourceMonitorProvider.class, provider, provider::configKeys));
        return of(declared);
    }

    /** Exactly these keys (those ending in {@code .} are families). */
    public static ConfigKeys of(Collection<String> declared) {
        Set<String> keys = new TreeSet<>();
        Set<String> prefixes = new TreeSet<>();
        for (String key : declared) {
            (key.endsWith(".") ? prefixes : keys).add(key);
        }
        return new ConfigKeys(keys, prefixes);
    }

    private static void addDeclared(Set<String> declared, Class<?> service, Object provider,
                                    java.util.function.Supplier<Set<String>> configKeys) {
        Set<String> keys = ServiceDiscovery.call(service, provider, "configKeys()", configKeys);
        if (keys != null) {
            keys.stream().filter(Objects::nonNull).map(String::strip).forEach(declared::add);
        }
    }

    /** True when {@code key} is known, by name or family. */
    public boolean isKnown(String key) {
        return keys.contains(key) || prefixes.stream().anyMatch(key::startsWith);
    }

    /**
     * One line per key of {@code config} under {@code calibrax.} (or {@code CALIBRAX_}) that is not
     * known, naming the nearest known key where one is close.
     */
    public List<String> unknown(CalibraxConfig config) {
        List<String> problems = new ArrayList<>();
        for (String key : new TreeSet<>(config.keys())) {
            if (key.startsWith("calibrax.") && !isKnown(key)) {
                problems.add(describe(key, key, keys));
            } else if (key.startsWith("CALIBRAX_") && !isKnownVariable(key)) {
                problems.add(describe(key, key.toLowerCase(Locale.ROOT).replace('_', '.'), keys));
            }
        }
        return problems;
    }

    /** Logs {@link #unknown} at WARN, each key once per process. */
    public void warnUnknown(CalibraxConfig config) {
        for (String problem : unknown(config)) {
            if (WARNED.add(problem)) {
                log.warn(problem);
            }
        }
    }

    private boolean isKnownVariable(String name) {
        return keys.stream().anyMatch(key -> ConfigValues.environmentVariableName(key).equals(name))
                || prefixes.stream().anyMatch(prefix -> name.startsWith(ConfigValues.environmentVariableName(prefix)));
    }

    private static String describe(String key, String comparable, Set<String> known) {
        Optional<String> nearest = nearest(comparable, known);
        String setting = key.startsWith("CALIBRAX_") ? "environment variable " : "configuration key ";
        return "Unknown " + setting + key + ": no part of Calibrax or its plugins reads it"
                + nearest.map(candidate -> "; did you mean " + (key.startsWith("CALIBRAX_")
                        ? ConfigValues.environmentVariableName(candidate) : candidate) + "?").orElse("");
    }

    /** The known key with the smallest edit distance, if it is within a third of the key's length. */
    static Optional<String> nearest(String key, Set<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            int distance = distance(normal(key), normal(candidate));
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return best != null && bestDistance <= Math.max(2, key.length() / 3) ? Optional.of(best) : Optional.empty();
    }

    /** Compared as an environment variable would be: {@code -} and {@code .} alike, case ignored. */
    private static String normal(String key) {
        return key.toLowerCase(Locale.ROOT).replace('-', '.').replace('_', '.');
    }

    /** Levenshtein distance. */
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
