package io.calibrax.examples.cli;

import io.calibrax.spi.ConfigValues;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.time.Duration;

/**
 * Reads a duration option with the parser the configuration uses
 * ({@link ConfigValues#parseDuration(String)}): {@code 500ms}, {@code 1.5s}, {@code 2m}, {@code 1h},
 * {@code PT2S}, or a bare number of seconds. Zero is accepted; commands refuse it where it makes no
 * sense. Stateless, thread-safe.
 *
 * @since 0.1.0
 */
public final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        try {
            return ConfigValues.parseDuration(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
