package io.calibrax.examples.cli;

import io.calibrax.api.GpuClocks;
import io.calibrax.api.GpuMemory;
import io.calibrax.api.GpuMigDevice;
import io.calibrax.api.GpuPower;
import io.calibrax.api.GpuProfiler;
import io.calibrax.gpu.nvml.NvmlGpuProfilerProvider;
import io.calibrax.internal.PluginLoader;
import io.calibrax.spi.CalibraxConfig;
import io.calibrax.spi.GpuProfilerProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.function.DoubleFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@code calibrax gpu}: every GPU the {@link GpuProfilerProvider} plugins find, with its readings,
 * or a plain statement that there is none. Exit 0 either way; 1 if a reading failed.
 */
@Command(name = "gpu",
        mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        descriptionHeading = "%n", optionListHeading = "%nOptions:%n",
        header = "List every GPU with its readings.",
        description = {"Finds the GPUs through the GPU plugins on the class path (NVIDIA NVML in this JAR) "
                + "and prints utilization, memory, temperature, power, clocks, throttling, ECC errors, "
                + "whether it is lost, and its MIG devices where MIG is on.",
                "Without an NVIDIA driver or GPU it says so and exits 0.",
                "The setting calibrax.nvml.library names another NVML library file to load."})
final class GpuCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private ConfigOption configOption;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        CalibraxConfig config = configOption.load();
        // open while the GPUs are read: a plugin folder's classes load from it
        PluginLoader plugins = ConfigOption.openPlugins(config);
        ConfigOption.warnAboutUnknownKeys(config, plugins);
        List<GpuProfilerProvider> providers = plugins.providers(GpuProfilerProvider.class);
        if (providers.isEmpty()) {
            plugins.close();
            out.println("No GPU plugin on the class path, so no GPU can be found (calibrax-gpu-nvml provides NVIDIA GPUs).");
            return 0;
        }
        List<GpuProfiler> gpus = new ArrayList<>();
        boolean failed = false;
        try {
            for (GpuProfilerProvider provider : providers) {
                try {
                    gpus.addAll(provider.open(config));
                } catch (RuntimeException e) {
                    err.println("GPU plugin " + provider.getClass().getName() + " failed: " + e.getMessage());
                    failed = true;
                }
            }
            Optional<String> named = NvmlGpuProfilerProvider.configuredLibrary(config);
            if (gpus.isEmpty() && named.isPresent()) {
                // the user asked for this library: not finding it is a failure, not "no GPU here"
                String path = named.get().strip();
                err.println(Files.exists(Path.of(path))
                        ? NvmlGpuProfilerProvider.LIBRARY_KEY + " = " + path + ": the library could not be initialised or lists no GPU "
                                + "(run with -Dcalibrax.log.level=INFO for NVML's reason)"
                        : NvmlGpuProfilerProvider.LIBRARY_KEY + " = " + path + ": no such file");
                return Files.exists(Path.of(path)) ? CalibraxCommand.EXIT_FAILURE : CalibraxCommand.EXIT_USAGE;
            }
            if (gpus.isEmpty()) {
                out.println("No NVIDIA driver or GPU found on this machine: NVML could not be loaded or lists no device.");
                out.println("GPU readings are simply left out of 'calibrax watch' and the monitors here.");
                return failed ? CalibraxCommand.EXIT_FAILURE : 0;
            }
            out.println(gpus.size() == 1 ? "1 GPU found:" : gpus.size() + " GPUs found:");
            for (GpuProfiler gpu : gpus) {
                failed |= !print(gpu, out);
            }
            return failed ? CalibraxCommand.EXIT_FAILURE : 0;
        } finally {
            gpus.forEach(GpuCommand::closeQuietly);
            plugins.close();
        }
    }

    /** Prints one GPU; false if a reading failed (the failure is printed in its place). */
    private static boolean print(GpuProfiler gpu, PrintWriter out) {
        Readings readings = new Readings();
        out.println();
        out.println("GPU " + gpu.index() + ": " + readings.read(() -> Optional.of(gpu.name()), Function.identity()));
        out.println(row("utilization", readings.readDouble(gpu::utilization, value -> fmt("%.0f %%", value))));
        out.println(row("memory", readings.read(gpu::memory, GpuCommand::memory)));
        out.println(row("temperature", readings.readDouble(gpu::temperatureCelsius, value -> fmt("%.0f C", value))));
        out.println(row("power", readings.read(gpu::power, GpuCommand::power)));
        out.println(row("clocks", readings.read(gpu::clocks, GpuCommand::clocks)));
        out.println(row("throttled", readings.read(gpu::throttled, value -> value ? "yes" : "no")));
        out.println(row("ECC errors", readings.read(() -> {
            OptionalLong count = gpu.eccUncorrectedErrors();
            return count.isPresent() ? Optional.of(count.getAsLong()) : Optional.empty();
        }, count -> fmt("%,d uncorrected since the driver loaded", count))));
        out.println(row("lost", readings.read(() -> Optional.of(gpu.isLost()),
                lost -> lost ? "yes: the driver no longer reaches this GPU" : "no")));
        List<GpuMigDevice> migs = readings.read(() -> Optional.of(gpu.migDevices()), Function.identity(), List.of());
        out.println(row("MIG", migs.isEmpty() ? "none" : migs.size() + (migs.size() == 1 ? " device" : " devices")));
        for (GpuMigDevice mig : migs) {
            out.println(fmt("    MIG %d: %s, %s", mig.index(), mig.name(), memory(mig.memory())));
        }
        return readings.ok;
    }

    private static String row(String label, String value) {
        return String.format(Locale.ROOT, "  %-12s %s", label, value);
    }

    private static String memory(GpuMemory memory) {
        return fmt("%,.0f MB used of %,.0f MB (%.1f %%)", memory.usedMb(), memory.totalMb(), memory.occupancy() * 100);
    }

    private static String power(GpuPower power) {
        return fmt("%.1f W drawn, limit %.1f W", power.drawWatts(), power.limitWatts());
    }

    private static String clocks(GpuClocks clocks) {
        return fmt("%,.0f MHz graphics, %,.0f MHz memory", clocks.graphicsMhz(), clocks.memoryMhz());
    }

    private static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    private static void closeQuietly(GpuProfiler gpu) {
        try {
            gpu.close();
        } catch (RuntimeException e) {
            // closing is best effort; the readings are already printed
        }
    }

    /** Turns each reading into text: "not supported" when empty, "error: ..." when it throws. */
    private static final class Readings {
        private boolean ok = true;

        <T> String read(Supplier<Optional<T>> reading, Function<? super T, String> format) {
            return read(reading, value -> format.apply(value), "not supported", e -> "error: " + e.getMessage());
        }

        /** A reading whose failure is shown elsewhere (as the other readings' errors): {@code orElse} then. */
        <T, R> R read(Supplier<Optional<T>> reading, Function<? super T, R> format, R orElse) {
            return read(reading, format, orElse, e -> orElse);
        }

        private <T, R> R read(Supplier<Optional<T>> reading, Function<? super T, R> format, R orElse,
                              Function<RuntimeException, R> onError) {
            try {
                return reading.get().<R>map(format).orElse(orElse);
            } catch (RuntimeException e) {
                ok = false;
                return onError.apply(e);
            }
        }

        String readDouble(Supplier<OptionalDouble> reading, DoubleFunction<String> format) {
            return read(() -> {
                OptionalDouble value = reading.get();
                return value.isPresent() ? Optional.of(value.getAsDouble()) : Optional.empty();
            }, format::apply);
        }
    }
}
