import org.jspecify.annotations.NullMarked;

/**
 * Calibrax's readings as Micrometer meters and a Prometheus endpoint, started by
 * {@code Calibrax.bootstrap()} as a {@code CalibraxExtension}.
 *
 * @since 0.1.0
 */
@NullMarked
module io.calibrax.micrometer {
    requires transitive io.calibrax.core;
    requires static org.jspecify;
    requires org.slf4j;
    requires transitive micrometer.core;
    requires transitive micrometer.registry.prometheus;
    requires io.prometheus.metrics.model;
    requires jdk.httpserver;

    exports io.calibrax.micrometer;

    provides io.calibrax.CalibraxExtension with io.calibrax.micrometer.PrometheusExtension;
}
