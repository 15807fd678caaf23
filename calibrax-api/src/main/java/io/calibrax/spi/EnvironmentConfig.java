package io.calibrax.spi;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

/**
 * The process's configuration: a properties file, then environment variables, then system
 * properties, each overriding the one before. A snapshot taken when it is loaded.
 */
final class EnvironmentConfig implements CalibraxConfig {
    /** System property naming the properties file. */
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
        Map<String, String> props = new HashMap<>();
        systemProperties.stringPropertyNames().forEach(name -> props.put(name, systemProperties.getProperty(name)));
        this.systemProperties = Map.copyOf(props);
    }

    static EnvironmentConfig load(Map<String, String> environment, Properties systemProperties) {
        String named = systemProperties.getProperty(CONFIG_PROPERTY);
        if (named != null && !named.isBlank()) {
            return load(Path.of(named.strip()), environment, systemProperties);
        }
        Path fallback = Path.of(DEFAULT_FILE);
        if (Files.isRegularFile(fallback)) {
            return new EnvironmentConfig(read(fallback), fallback, environment, systemProperties);
        }
        return new EnvironmentConfig(Map.of(), null, environment, systemProperties);
    }

    static EnvironmentConfig load(Path file, Map<String, String> environment, Properties systemProperties) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("calibrax configuration file not found: " + file.toAbsolutePath()
                    + " (named by -D" + CONFIG_PROPERTY + " or --config)");
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
        Map<String, String> values = new HashMap<>();
        properties.stringPropertyNames().forEach(name -> values.put(name, properties.getProperty(name)));
        return Map.copyOf(values);
    }

    @Override
    public Optional<String> get(String key) {
        Objects.requireNonNull(key, "key");
        String value = systemProperties.get(key);
        if (isBlank(value)) {
            value = environment.get(ConfigValues.environmentVariableName(key));
        }
        if (isBlank(value)) {
            value = file.get(key);
        }
        return isBlank(value) ? Optional.empty() : Optional.of(value.strip());
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    @Override
    public String toString() {
        return "CalibraxConfig[file=" + (source == null ? "none" : source.toAbsolutePath()) + ", environment, system properties]";
    }
}
