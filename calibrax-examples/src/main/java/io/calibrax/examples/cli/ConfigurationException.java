package io.calibrax.examples.cli;

/**
 * A setting that is wrong (a {@code calibrax.*} key, a plugin's key, the plugin folder): the
 * command stops before any work with exit 2 and one line, this exception's message, which names
 * the setting.
 */
final class ConfigurationException extends RuntimeException {
    ConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
