package io.calibrax.spring;

import io.calibrax.spi.CalibraxConfig;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Calibrax's configuration read from a Spring {@link ConfigurableEnvironment}: every
 * {@code calibrax.*} property of {@code application.properties} or {@code .yml}, profiles, system
 * properties, the command line ({@code --calibrax.slack.webhook-url=...}) and environment variables
 * ({@code CALIBRAX_SLACK_WEBHOOK_URL}), with Spring's precedence and placeholders resolved.
 *
 * <p>A YAML list ({@code calibrax.plugins.disabled: [slack, email]}) reads as the comma-separated
 * value Calibrax's list keys expect. {@link #keys()} lists the {@code calibrax.*} properties by name
 * and environment variables under {@code CALIBRAX_} by their own names, as
 * {@link CalibraxConfig#fromEnvironment()} does, so misspelt keys and routes to unknown handlers are
 * reported the same way.
 *
 * <p>An immutable snapshot taken by {@link #from}, except that a key not found among the
 * enumerable sources is still looked up in the environment (Spring maps
 * {@code calibrax.route.pager} to {@code CALIBRAX_ROUTE_PAGER} itself). Thread-safe.
 *
 * @since 0.1.0
 */
public final class SpringEnvironmentConfig implements CalibraxConfig {
    private static final String PREFIX = "calibrax.";
    private static final String VARIABLE_PREFIX = "CALIBRAX_";
    /** {@code calibrax.plugins.disabled[0]}: an item of a YAML or indexed list. */
    private static final Pattern INDEXED = Pattern.compile("(.+)\\[(\\d+)]");

    private final ConfigurableEnvironment environment;
    private final Map<String, String> values;
    private final Set<String> keys;

    private SpringEnvironmentConfig(ConfigurableEnvironment environment, Map<String, String> values, Set<String> keys) {
        this.environment = environment;
        this.values = Collections.unmodifiableMap(values);
        this.keys = Collections.unmodifiableSet(keys);
    }

    /**
     * Reads every {@code calibrax.*} property of {@code environment} now.
     *
     * @throws NullPointerException if environment is null
     */
    public static SpringEnvironmentConfig from(ConfigurableEnvironment environment) {
        Objects.requireNonNull(environment, "environment");
        Set<String> keys = new TreeSet<>();
        Map<String, Map<Integer, String>> lists = new TreeMap<>();
        Map<String, String> values = new TreeMap<>();
        for (PropertySource<?> source : environment.getPropertySources()) {
            if (!(source instanceof EnumerablePropertySource<?> enumerable)) {
                continue; // Boot's attached view of all sources, random values: nothing of ours to list
            }
            for (String name : enumerable.getPropertyNames()) {
                if (name.startsWith(VARIABLE_PREFIX)) {
                    keys.add(name);
                } else if (name.startsWith(PREFIX)) {
                    Matcher item = INDEXED.matcher(name);
                    if (item.matches()) {
                        lists.computeIfAbsent(item.group(1), key -> new TreeMap<>())
                                .putIfAbsent(Integer.parseInt(item.group(2)), name);
                    } else if (!values.containsKey(name)) {
                        keys.add(name);
                        values.put(name, Objects.requireNonNullElse(environment.getProperty(name), ""));
                    }
                }
            }
        }
        lists.forEach((key, items) -> {
            if (!values.containsKey(key)) {
                keys.add(key);
                List<String> resolved = items.values().stream().map(environment::getProperty).filter(Objects::nonNull)
                        .toList();
                values.put(key, String.join(",", resolved));
            }
        });
        return new SpringEnvironmentConfig(environment, new LinkedHashMap<>(values), keys);
    }

    @Override
    public Optional<String> get(String key) {
        Objects.requireNonNull(key, "key");
        String value = values.containsKey(key) ? values.get(key) : environment.getProperty(key);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }

    @Override
    public Set<String> keys() {
        return keys;
    }

    /** The keys only: values may be secrets. */
    @Override
    public String toString() {
        return "SpringEnvironmentConfig" + keys;
    }
}
