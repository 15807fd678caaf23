package io.calibrax.spi;

import io.calibrax.api.AlertSeverity;
import io.calibrax.api.Secret;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Calibrax's configuration: string values under dotted keys such as
 * {@code calibrax.slack.webhook-url}. Plugins read their own keys; a plugin whose keys are absent
 * stays off.
 *
 * <p>The typed getters ({@link #getDuration}, {@link #getInt}, {@link #getBoolean},
 * {@link #getList}, ...) fail with an {@link IllegalArgumentException} that names the key and the
 * bad value. Implementations are immutable snapshots and thread-safe.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface CalibraxConfig {

    /** The value under {@code key}, blank values counting as absent, surrounding blanks removed. */
    Optional<String> get(String key);

    /**
     * A configuration holding exactly these entries (copied).
     *
     * @throws NullPointerException if the map, a key or a value is null
     */
    static CalibraxConfig of(Map<String, String> values) {
        return new MapConfig(Objects.requireNonNull(values, "values"));
    }

    /** A configuration with no entries: every plugin stays off. */
    static CalibraxConfig empty() {
        return new MapConfig(Map.of());
    }

    /**
     * The configuration of this process, read now, in rising priority:
     * <ol>
     *   <li>a {@code calibrax.properties} file (UTF-8): the path in the system property
     *       {@code calibrax.config}, else in the environment variable {@code CALIBRAX_CONFIG}
     *       (a named file must exist), else {@code calibrax.properties} in the working directory
     *       if present;</li>
     *   <li>environment variables: key {@code calibrax.slack.webhook-url} is variable
     *       {@code CALIBRAX_SLACK_WEBHOOK_URL} (upper case, {@code .} and {@code -} become
     *       {@code _});</li>
     *   <li>system properties under the key itself.</li>
     * </ol>
     * The highest layer that defines a key decides: defined there as blank, the key is absent
     * even if a lower layer sets it (so {@code CALIBRAX_SLACK_WEBHOOK_URL=} switches Slack off).
     *
     * @throws IllegalArgumentException if {@code calibrax.config} names a file that is missing or
     *                                  unreadable (the message names the path)
     */
    static CalibraxConfig fromEnvironment() {
        return EnvironmentConfig.load(System.getenv(), System.getProperties());
    }

    /**
     * Like {@link #fromEnvironment()} but with the file at {@code propertiesFile}.
     *
     * @throws IllegalArgumentException if the file is missing or unreadable
     */
    static CalibraxConfig fromEnvironment(Path propertiesFile) {
        return EnvironmentConfig.load(Objects.requireNonNull(propertiesFile, "propertiesFile"),
                System.getenv(), System.getProperties());
    }

    /** The environment variable that holds {@code key}: upper case, {@code .} and {@code -} as {@code _}. */
    static String environmentVariableName(String key) {
        return ConfigValues.environmentVariableName(key);
    }

    /**
     * The keys this configuration holds, as they were written, so that a misspelt key can be
     * pointed out: a properties file's and the system properties' keys as they are, environment
     * variables by their own names ({@code CALIBRAX_SLACK_WEBHOOK_URL}). Empty by default, for a
     * configuration that cannot list its keys (a lambda).
     */
    default Set<String> keys() {
        return Set.of();
    }

    /** The value under {@code key}, or {@code defaultValue}. */
    default String getString(String key, String defaultValue) {
        return get(key).orElse(defaultValue);
    }

    /** True when {@code key} has a non-blank value. */
    default boolean has(String key) {
        return get(key).isPresent();
    }

    /**
     * A duration such as {@code 500ms}, {@code 1.5s}, {@code 2m}, {@code 2h}, {@code 1d},
     * {@code PT2S}, or a bare number of seconds ({@code 1.5}): {@link ConfigValues#parseDuration(String)},
     * the parser the command line uses too.
     *
     * @throws IllegalArgumentException naming the key and value if it is not a non-negative duration
     */
    default Optional<Duration> getDuration(String key) {
        return get(key).map(value -> ConfigValues.parseDuration(key, value));
    }

    /** {@link #getDuration(String)} or {@code defaultValue}. */
    default Duration getDuration(String key, Duration defaultValue) {
        return getDuration(key).orElse(defaultValue);
    }

    /**
     * A whole number.
     *
     * @throws IllegalArgumentException naming the key and value if it is not an int
     */
    default Optional<Integer> getInt(String key) {
        return get(key).map(value -> ConfigValues.parseInt(key, value));
    }

    /** {@link #getInt(String)} or {@code defaultValue}. */
    default int getInt(String key, int defaultValue) {
        return getInt(key).orElse(defaultValue);
    }

    /**
     * A number.
     *
     * @throws IllegalArgumentException naming the key and value if it is not a finite number
     */
    default Optional<Double> getDouble(String key) {
        return get(key).map(value -> ConfigValues.parseDouble(key, value));
    }

    /** {@link #getDouble(String)} or {@code defaultValue}. */
    default double getDouble(String key, double defaultValue) {
        return getDouble(key).orElse(defaultValue);
    }

    /**
     * {@code true} or {@code false}, ignoring case; nothing else ({@code yes}, {@code 1} and
     * {@code on} are refused rather than guessed).
     *
     * @throws IllegalArgumentException naming the key and value otherwise
     */
    default Optional<Boolean> getBoolean(String key) {
        return get(key).map(value -> ConfigValues.parseBoolean(key, value));
    }

    /** {@link #getBoolean(String)} or {@code defaultValue}. */
    default boolean getBoolean(String key, boolean defaultValue) {
        return getBoolean(key).orElse(defaultValue);
    }

    /** A comma-separated list, each item stripped, empty items dropped; empty if absent. */
    default List<String> getList(String key) {
        return get(key).map(ConfigValues::parseList).orElse(List.of());
    }

    /**
     * A severity name ({@code info}, {@code warning}, {@code error}, {@code critical}).
     *
     * @throws IllegalArgumentException naming the key and value otherwise
     */
    default Optional<AlertSeverity> getSeverity(String key) {
        return get(key).map(value -> ConfigValues.parseSeverity(key, value));
    }

    /** The value as a {@link Secret}, whose {@code toString()} hides it. */
    default Optional<Secret> getSecret(String key) {
        return get(key).map(Secret::of);
    }
}
