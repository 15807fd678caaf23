import org.jspecify.annotations.NullMarked;

/**
 * Calibrax's core: the alert manager, monitors, resource readings, plugin discovery and
 * {@code Calibrax.bootstrap()}. Guice is needed only for {@code io.calibrax.inject}, OSHI only for
 * {@code OshiResourceMonitor} (without it the JDK's MXBeans are read): both are {@code static}.
 * {@code io.calibrax.internal} and {@code io.calibrax.monitoring.internal} are not exported.
 *
 * @since 0.1.0
 */
@NullMarked
module io.calibrax.core {
    requires transitive io.calibrax.api;
    requires static org.jspecify;
    requires org.slf4j;
    requires java.management;
    requires jdk.management;
    requires static com.google.guice;
    requires static jakarta.inject;
    requires static com.github.oshi;

    exports io.calibrax;
    exports io.calibrax.handlers.console;
    exports io.calibrax.inject;
    exports io.calibrax.monitoring;
    exports io.calibrax.resources;
    // the Spring Boot starter builds on core's lifecycle; no one else sees the internals
    exports io.calibrax.internal to io.calibrax.spring;

    // Guice calls Calibrax's @Inject constructor and CalibraxModule's private @Provides methods
    opens io.calibrax to com.google.guice;
    opens io.calibrax.inject to com.google.guice;

    uses io.calibrax.CalibraxExtension;
    uses io.calibrax.spi.AlertHandlerProvider;
    uses io.calibrax.spi.GpuProfilerProvider;
    uses io.calibrax.spi.MetricSourceProvider;
    uses io.calibrax.spi.ResourceMonitorProvider;

    provides io.calibrax.spi.AlertHandlerProvider with io.calibrax.handlers.console.ConsoleHandlerProvider;
    provides io.calibrax.spi.ResourceMonitorProvider with io.calibrax.resources.OshiResourceMonitorProvider,
            io.calibrax.resources.JdkResourceMonitorProvider;
}
