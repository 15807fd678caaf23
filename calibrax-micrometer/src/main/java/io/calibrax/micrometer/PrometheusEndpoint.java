package io.calibrax.micrometer;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.calibrax.monitoring.AdvancedMonitor;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A Prometheus scrape target for one monitor: {@code GET /metrics} answers the meters of a
 * {@link CalibraxMeterBinder} in Prometheus' text format (version 0.0.4), served by the JDK's
 * HTTP server on one daemon thread ({@code calibrax-prometheus-http}). Every scrape reads the
 * monitor afresh. {@code Calibrax.bootstrap()} starts one when {@code calibrax.prometheus.port}
 * is set (see {@link PrometheusExtension}).
 *
 * <p>Thread-safe; {@link #close()} stops the server and the binder, and is idempotent.
 *
 * @since 0.1.0
 */
public final class PrometheusEndpoint implements AutoCloseable {
    /** The path served. */
    public static final String PATH = "/metrics";
    private static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private static final Logger log = LoggerFactory.getLogger(PrometheusEndpoint.class);

    private final PrometheusMeterRegistry registry;
    private final CalibraxMeterBinder binder;
    private final HttpServer server;
    private final ExecutorService executor;
    /** Only the server's one thread answers scrapes. */
    private int lastBodySize = 64 * 1024;

    private PrometheusEndpoint(PrometheusMeterRegistry registry, CalibraxMeterBinder binder, HttpServer server,
                               ExecutorService executor) {
        this.registry = registry;
        this.binder = binder;
        this.server = server;
        this.executor = executor;
    }

    /**
     * Serves {@code monitor}'s meters at {@code http://<address>/metrics}; an unresolved or
     * wildcard address listens on every interface, port 0 on a free port.
     *
     * @throws NullPointerException if monitor or address is null
     * @throws UncheckedIOException if the address cannot be bound (a port in use), naming it
     */
    public static PrometheusEndpoint start(AdvancedMonitor monitor, InetSocketAddress address) {
        Objects.requireNonNull(monitor, "monitor");
        Objects.requireNonNull(address, "address");
        HttpServer server;
        try {
            server = HttpServer.create(address, 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve Prometheus metrics on " + address + ": " + e.getMessage(), e);
        }
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        CalibraxMeterBinder binder = new CalibraxMeterBinder(monitor);
        binder.bindTo(registry);
        ExecutorService executor = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "calibrax-prometheus-http");
            thread.setDaemon(true);
            return thread;
        });
        PrometheusEndpoint endpoint = new PrometheusEndpoint(registry, binder, server, executor);
        server.createContext(PATH, endpoint::handle);
        server.setExecutor(executor);
        server.start();
        log.info("Serving Prometheus metrics at http://{}:{}{}", address.getHostString(), endpoint.port(), PATH);
        return endpoint;
    }

    /** The port it listens on (the one chosen, for port 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    /** The registry scraped: add more meters to it to serve them too. */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            if (!PATH.equals(exchange.getRequestURI().getPath())) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            if (!"GET".equals(method) && !"HEAD".equals(method)) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            // the bytes as the registry writes them, never a String between: sized after the last answer
            ByteArrayOutputStream body = new ByteArrayOutputStream(lastBodySize);
            registry.scrape(body);
            lastBodySize = body.size() + body.size() / 8;
            exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
            if ("HEAD".equals(method)) {
                exchange.sendResponseHeaders(200, -1);
                return;
            }
            exchange.sendResponseHeaders(200, body.size());
            try (OutputStream out = exchange.getResponseBody()) {
                body.writeTo(out);
            }
        } catch (RuntimeException e) {
            log.warn("Answering a Prometheus scrape failed", e);
            throw e;
        }
    }

    /** Stops serving (in-flight scrapes get a second to finish), then the binder and registry. */
    @Override
    public void close() {
        server.stop(1);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        binder.close();
        registry.close();
    }

    @Override
    public String toString() {
        return "PrometheusEndpoint[port=" + port() + "]";
    }
}
