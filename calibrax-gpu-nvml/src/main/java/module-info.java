import org.jspecify.annotations.NullMarked;

/**
 * NVIDIA GPU readings through NVML, found by core as a {@code GpuProfilerProvider}. The JNA
 * binding ({@code io.calibrax.gpu.nvml.jna}) is not exported; it is opened to JNA, which reads
 * its structures' fields reflectively.
 *
 * @since 0.1.0
 */
@NullMarked
module io.calibrax.gpu.nvml {
    requires transitive io.calibrax.api;
    requires static org.jspecify;
    requires org.slf4j;
    requires com.sun.jna;

    exports io.calibrax.gpu.nvml;

    opens io.calibrax.gpu.nvml.jna to com.sun.jna;

    provides io.calibrax.spi.GpuProfilerProvider with io.calibrax.gpu.nvml.NvmlGpuProfilerProvider;
}
