package io.calibrax.examples.cli;

import io.calibrax.spi.CalibraxConfig;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The {@code --config FILE} option shared by the commands that read Calibrax's configuration.
 * Without it the configuration comes from {@link CalibraxConfig#fromEnvironment()}.
 */
final class ConfigOption {
    @Spec(Spec.Target.MIXEE)
    private CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Properties file with Calibrax's settings (default: calibrax.properties in the working "
                    + "directory, if there is one). CALIBRAX_* environment variables and -D system properties "
                    + "override it.")
    private Path file;

    /**
     * The configuration: the named file (which must exist), else the environment's.
     *
     * @throws ParameterException naming --config if the file is missing or unreadable, or naming the
     *                            offending setting if the environment's file is
     */
    CalibraxConfig load() {
        if (file != null) {
            if (!Files.isRegularFile(file)) {
                throw new ParameterException(spec.commandLine(),
                        "Invalid value for option '--config': file not found: " + file.toAbsolutePath());
            }
            try {
                return CalibraxConfig.fromEnvironment(file);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "Invalid value for option '--config': " + e.getMessage(), e);
            }
        }
        try {
            return CalibraxConfig.fromEnvironment();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "Invalid configuration: " + e.getMessage());
        }
    }
}
