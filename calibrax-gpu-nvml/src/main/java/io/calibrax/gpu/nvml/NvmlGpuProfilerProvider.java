package io.calibrax.gpu.nvml;

import io.calibrax.api.GpuProfiler;
import io.calibrax.gpu.nvml.jna.NvmlLoader;
import io.calibrax.spi.CalibraxConfig;
import io.calibrax.spi.GpuProfilerProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Opens one {@link NvmlGpuProfiler} per NVIDIA GPU, in NVML index order; found by
 * {@link java.util.ServiceLoader} as a {@link GpuProfilerProvider}.
 *
 * <p>The library is {@code libnvidia-ml.so.1} (then {@code nvidia-ml}) on Linux, {@code nvml.dll}
 * from {@code System32} (then the NVSMI folder) on Windows, or the file named by the config key
 * {@value #LIBRARY_KEY} (or the system property of that name). Where it cannot be loaded or
 * initialised (no driver, a container without the NVIDIA runtime, a driver/library mismatch) or
 * finds no GPU, {@link #open} answers an empty list and logs one INFO line, without a stack trace.
 * A device whose handle NVML refuses (no permission) is skipped with a WARN line.
 *
 * <p>Each call to {@link #open} is one NVML session: one {@code nvmlInit_v2}, and one
 * {@code nvmlShutdown} when the last profiler it gave is closed. The caller closes every
 * profiler. Stateless and thread-safe.
 *
 * @since 0.1.0
 */
public final class NvmlGpuProfilerProvider implements GpuProfilerProvider {
    /** The config key (and system property) naming the NVML library file to load instead of the driver's. */
    public static final String LIBRARY_KEY = "calibrax.nvml.library";

    private static final Logger LOG = LoggerFactory.getLogger(NvmlGpuProfilerProvider.class);

    /** For {@link java.util.ServiceLoader}. */
    public NvmlGpuProfilerProvider() {
    }

    /**
     * The NVML library file named by {@value #LIBRARY_KEY}, in the config or else as a system
     * property; empty when the driver's own library is to be searched for.
     *
     * @throws NullPointerException if config is null
     */
    public static Optional<String> configuredLibrary(CalibraxConfig config) {
        return Objects.requireNonNull(config, "config").get(LIBRARY_KEY)
                .or(() -> Optional.ofNullable(System.getProperty(LIBRARY_KEY)).map(String::strip)
                        .filter(path -> !path.isEmpty()));
    }

    /** {@link #openProfilers(CalibraxConfig)} as the plain {@link GpuProfiler} type. */
    @Override
    public List<GpuProfiler> open(CalibraxConfig config) {
        return List.copyOf(openProfilers(config));
    }

    /**
     * Opens every GPU NVML gives, with the richer {@link NvmlGpuProfiler} API.
     *
     * @return one profiler per usable GPU in index order; empty where NVML is unavailable
     * @throws NullPointerException if config is null
     */
    public List<NvmlGpuProfiler> openProfilers(CalibraxConfig config) {
        Objects.requireNonNull(config, "config");
        Optional<String> configured = configuredLibrary(config);
        List<String> candidates = configured.map(List::of).orElseGet(NvmlLoader::defaultCandidates);
        NvmlLoader.Result result = NvmlLoader.load(candidates);
        if (result instanceof NvmlLoader.Loaded loaded) {
            return NvmlSession.open(loaded.library(), loaded.source());
        }
        String reason = ((NvmlLoader.Unavailable) result).reason();
        LOG.info("NVML is not available, so there are no GPU readings ({}{})",
                configured.isPresent() ? LIBRARY_KEY + " = " : "", reason);
        return List.of();
    }

    /** Every key this plugin reads, so that a misspelt one is pointed out. */
    @Override
    public Set<String> configKeys() {
        return Set.of("calibrax.nvml.library");
    }
}
