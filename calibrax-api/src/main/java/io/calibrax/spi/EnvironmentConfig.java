package io.calibrax.spi;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * The process's configuration: a properties file, then environment variables, then system
 * properties, each overriding the one before. A snapshot taken when it is loaded.
 *
 * <p>The layer with the highest priority that <em>defines</em> a key decides its value: a key set
 * to a blank value there (say {@code CALIBRAX_SLACK_WEBHOOK_URL=}) is absent, even if a lower
 * layer sets it, so a deployment can switch off what the file turns on.
 */
final class EnvironmentConfig implements CalibraxConfig {
    /** System property (or, without it, environment variable {@code CALIBRAX_CONFIG}) naming the file. */
    static final String CONFIG_PROPERTY = "calibrax.config";
    static final String DEFAULT_FILE = "calibrax.properties";

    private final Map<String, String> file;
    private final Map<String, String> environment;
    private final Map<String, String> systemProperties;
    private final Path source;

    private EnvironmentConfig(Map<String, String> file, Path source, Map<String, String> environment,
                              Properties systemProperties) {
        this.file = file;
        this.source = source;
        this.environment = Map.copyOf(environment);
        this.systemProperties = copy(systemProperties);
    }

    /**
     * Loads the file named by {@code calibrax.config} (a system property, else the environment
     * variable {@code CALIBRAX_CONFIG}), which must exist, else {@code calibrax.properties} in the
     * working directory ({@code user.dir}) if it exists.
     */
    static EnvironmentConfig load(Map<String, String> environment, Properties systemProperties) {
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(systemProperties, "systemProperties");
        String named = systemProperties.getProperty(CONFIG_PROPERTY);
        String origin = "system property " + CONFIG_PROPERTY;
        if (named == null || named.isBlank()) {
            named = environment.get(ConfigValues.environmentVariableName(CONFIG_PROPERTY));
            origin = "environment variable " + ConfigValues.environmentVariableName(CONFIG_PROPERTY);
        }
        if (named != null && !named.isBlank()) {
            return load(Path.of(named.strip()), origin, environment, systemProperties);
        }
        Path fallback = Path.of(systemProperties.getProperty("user.dir", "")).resolve(DEFAULT_FILE);
        if (Files.isRegularFile(fallback)) {
            return new EnvironmentConfig(read(fallback), fallback, environment, systemProperties);
        }
        return new EnvironmentConfig(Map.of(), null, environment, systemProperties);
    }

    /** Loads {@code file}, which must exist, under the environment and system properties. */
    static EnvironmentConfig load(Path file, Map<String, String> environment, Properties systemProperties) {
        return load(file, "the caller", Objects.requireNonNull(environment, "environment"),
                Objects.requireNonNull(systemProperties, "systemProperties"));
    }

    private static EnvironmentConfig load(Path file, String origin, Map<String, String> environment,
                                          Properties systemProperties) {
        Objects.requireNonNull(file, "file");
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("calibrax configuration file not found: " + file.toAbsolutePath()
                    + " (named by " + origin + ")");
        }
        return new EnvironmentConfig(read(file), file, environment, systemProperties);
    }

    private static Map<String, String> read(Path path) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot read calibrax configuration file " + path.toAbsolutePath()
                    + ": " + e.getMessage(), e);
        }
        return copy(properties);
    }

    private static Map<String, String> copy(Properties properties) {
        Map<String, String> values = new HashMap<>();
        properties.stringPropertyNames().forEach(name -> values.put(name, properties.getProperty(name)));
        return Map.copyOf(values);
    }

    @Override
    public Optional<String> get(String key) {
        Objects.requireNonNull(key, "key");
        String value = systemProperties.get(key);
        if (value == null) {
            value = environment.get(ConfigValues.environmentVariableName(key));
        }
        if (value == null) {
            value = file.get(key);
        }
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }

    /**
     * The file's keys, the system properties' keys under {@code calibrax.}, and the environment
     * variables under {@code CALIBRAX_}, by their names.
     */
    @Override
    public Set<String> keys() {
        Set<String> keys = new TreeSet<>(file.keySet());
        systemProperties.keySet().stream().filter(key -> key.startsWith("calibrax.")).forEach(keys::add);
        environment.keySet().stream().filter(name -> name.startsWith("CALIBRAX_")).forEach(keys::add);
        return Collections.unmodifiableSet(keys);
    }

    /** Where the values come from, never the values (they may be secrets). */
    @Override
    public String toString() {
        return "CalibraxConfig[file=" + (source == null ? "none" : source.toAbsolutePath())
                + ", environment, system properties]";
    }
}
