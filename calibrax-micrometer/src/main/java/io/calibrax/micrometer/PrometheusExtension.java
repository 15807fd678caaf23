package io.calibrax.micrometer;

import io.calibrax.Calibrax;
import io.calibrax.CalibraxExtension;
import io.calibrax.spi.CalibraxConfig;

import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * Makes {@link Calibrax#bootstrap()} serve Prometheus metrics of its production monitor when
 * {@value #PORT} is set: {@code GET http://<host>:<port>/metrics} (see {@link PrometheusEndpoint}).
 * {@value #HOST} names the interface, every one by default. Found with
 * {@link java.util.ServiceLoader} as a {@link CalibraxExtension}: putting calibrax-micrometer on
 * the class path and setting the port is all it takes.
 *
 * @since 0.1.0
 */
public final class PrometheusExtension implements CalibraxExtension {
    /** The port to serve {@code /metrics} on (0 to 65535; 0 picks a free one). Unset: no endpoint. */
    public static final String PORT = "calibrax.prometheus.port";
    /** The host name or address to listen on; default every interface. */
    public static final String HOST = "calibrax.prometheus.host";

    @Override
    public String name() {
        return "prometheus";
    }

    /**
     * @throws IllegalArgumentException naming {@value #PORT} if it is not a port number
     * @throws java.io.UncheckedIOException if the port cannot be bound
     */
    @Override
    public Optional<AutoCloseable> start(Calibrax calibrax) {
        CalibraxConfig config = calibrax.config();
        Optional<Integer> port = config.getInt(PORT);
        if (port.isEmpty()) {
            return Optional.empty();
        }
        if (port.get() < 0 || port.get() > 65535) {
            throw new IllegalArgumentException("configuration key " + PORT + ": invalid value '" + port.get()
                    + "' (expected a port number from 0 to 65535)");
        }
        Optional<String> host = config.get(HOST).map(String::strip).filter(value -> !value.isEmpty());
        InetSocketAddress address = host.map(name -> new InetSocketAddress(name, port.get()))
                .orElseGet(() -> new InetSocketAddress(port.get()));
        return Optional.of(PrometheusEndpoint.start(calibrax.productionMonitor(), address));
    }
}
