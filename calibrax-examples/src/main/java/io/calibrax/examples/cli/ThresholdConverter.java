package io.calibrax.examples.cli;

import io.calibrax.examples.watch.ThresholdSpec;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads {@code --threshold cpu_percent=90} (or {@code >90}, or {@code <90} to alert below). */
final class ThresholdConverter implements ITypeConverter<ThresholdSpec> {
    @Override
    public ThresholdSpec convert(String value) {
        try {
            return ThresholdSpec.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
