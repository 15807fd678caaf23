package io.calibrax.examples.cli;

import io.calibrax.internal.ConfigKeys;
import io.calibrax.internal.PluginLoader;
import io.calibrax.internal.Plugins;
import io.calibrax.spi.CalibraxConfig;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code --config FILE} and {@code --plugins DIR} options every command has. Without
 * {@code --config} the configuration comes from {@link CalibraxConfig#fromEnvironment()}; without
 * {@code --plugins} the plugin folder is the setting {@value PluginLoader#DIR}, if set.
 *
 * <p>The command line is strict: a plugin whose keys are present but wrong stops the command with
 * exit 2 ({@value Plugins#STRICT} is set). Every command warns once about each {@code calibrax.*}
 * key no part of Calibrax or a loaded plugin knows, naming the nearest known key.
 */
final class ConfigOption {
    @Spec(Spec.Target.MIXEE)
    private CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Properties file with Calibrax's settings (default: calibrax.properties in the working "
                    + "directory, if there is one). CALIBRAX_* environment variables and -D system properties "
                    + "override it.")
    private Path file;

    @Option(names = "--plugins", paramLabel = "DIR",
            description = "A folder of plugin JARs to load beside the built-in plugins (java -jar ignores -cp); "
                    + "default: the setting " + PluginLoader.DIR + ".")
    private Path plugins;

    /**
     * The configuration: the named file (which must exist), else the environment's; with the
     * plugin folder of {@code --plugins} and strict plugin creation.
     *
     * @throws ParameterException        naming --config or --plugins if the file or folder is missing
     * @throws ConfigurationException    naming the setting if the configuration is wrong
     */
    CalibraxConfig load() {
        if (plugins != null && !Files.isDirectory(plugins)) {
            throw new ParameterException(spec.commandLine(),
                    "Invalid value for option '--plugins': not a folder: " + plugins.toAbsolutePath());
        }
        CalibraxConfig loaded = loadFile();
        Map<String, String> overrides = new LinkedHashMap<>();
        overrides.put(Plugins.STRICT, "true");
        if (plugins != null) {
            overrides.put(PluginLoader.DIR, plugins.toString());
        }
        return new OverlayConfig(loaded, overrides);
    }

    /**
     * Warns once about each {@code calibrax.*} key of {@code config} that neither Calibrax nor a
     * plugin on {@code plugins} knows (what {@link io.calibrax.Calibrax#bootstrap} does itself).
     */
    static void warnAboutUnknownKeys(CalibraxConfig config, PluginLoader plugins) {
        ConfigKeys.discover(plugins).warnUnknown(config);
    }

    /**
     * The class loaders of {@code config}'s plugins (built in and the plugin folder's); the caller
     * closes it.
     *
     * @throws ConfigurationException naming the setting if the plugin folder is not one
     */
    static PluginLoader openPlugins(CalibraxConfig config) {
        try {
            return PluginLoader.open(config);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(e.getMessage(), e);
        }
    }

    private CalibraxConfig loadFile() {
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
            throw new ConfigurationException(e.getMessage(), e);
        }
    }
}
