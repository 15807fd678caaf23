package io.calibrax.examples.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a duration written as a number and a unit: {@code 200ms}, {@code 1s}, {@code 1.5s},
 * {@code 30s}, {@code 2m}, {@code 1h}. A bare number is refused rather than guessed. Zero is
 * accepted; commands refuse it where it makes no sense. Stateless, thread-safe.
 */
public final class DurationConverter implements ITypeConverter<Duration> {
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)");

    @Override
    public Duration convert(String value) {
        Matcher matcher = DURATION.matcher(value.strip().toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            throw new TypeConversionException("'" + value + "' is not a duration: write a number and a unit "
                    + "(ms, s, m or h), such as 200ms, 1s, 30s or 2m");
        }
        double amount = Double.parseDouble(matcher.group(1));
        double millisPerUnit = switch (matcher.group(2)) {
            case "ms" -> 1;
            case "s" -> 1_000;
            case "m" -> 60_000;
            default -> 3_600_000;
        };
        double millis = amount * millisPerUnit;
        if (millis > Long.MAX_VALUE / 1_000_000.0) {
            throw new TypeConversionException("'" + value + "' is too long a duration");
        }
        return Duration.ofNanos(Math.round(millis * 1_000_000));
    }
}
