package io.calibrax.benchmarks;

import com.sun.net.httpserver.HttpServer;
import io.calibrax.monitoring.AlertManager;
import io.calibrax.monitoring.ProductionMonitor;
import io.calibrax.ui.CalibraxUi;
import io.calibrax.ui.UiSettings;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The live page of calibrax-ui.
 *
 * <p>{@link #apiMetrics} is one {@code GET /api/metrics} answer, over loopback HTTP with the JDK's
 * client, for a monitor with 1,000 metrics of 100 readings each: goal ≤ 5 ms. Its peer in the same
 * run, {@link #apiMetricsFloorSameBytes}, is a plain JDK HTTP server answering the very same bytes
 * from memory: what the transport alone costs.
 *
 * <p>{@link #recordWithPageServed} against {@link #recordWithoutPage}: {@code recordMetric} into a
 * monitor whose live page is served, and into one without. The page reads snapshots when asked, so
 * the two should cost the same.
 *
 * @since 0.1.0
 */
@BenchmarkMode(Mode.AverageTime)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 8, time = 1)
@Fork(1)
public class LivePageBenchmark {
    static final int METRICS = 1000;
    static final int READINGS = 100;
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /**
     * A monitor with 1,000 metrics, its live page, and a plain server holding the same answer.
     *
     * @since 0.1.0
     */
    @State(Scope.Benchmark)
    public static class Served {
        AlertManager alerts;
        ProductionMonitor monitor;
        CalibraxUi ui;
        HttpServer floor;
        HttpRequest metrics;
        HttpRequest floorMetrics;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            alerts = new AlertManager();
            monitor = ProductionMonitor.builder().alertManager(alerts).maxMetrics(METRICS).build();
            Random random = new Random(42);
            for (int m = 0; m < METRICS; m++) {
                if (m % 10 == 0) {
                    monitor.setThreshold("metric_" + m, 1000);
                }
                for (int r = 0; r < READINGS; r++) {
                    monitor.recordMetric("metric_" + m, random.nextDouble() * 100);
                }
            }
            ui = CalibraxUi.start(monitor, alerts, new UiSettings("127.0.0.1", 0, Optional.empty()));
            metrics = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ui.port() + "/api/metrics")).build();
            byte[] body = HTTP.send(metrics, HttpResponse.BodyHandlers.ofByteArray()).body();
            if (!new String(body, java.nio.charset.StandardCharsets.UTF_8).contains("\"metric_999\"")) {
                throw new IllegalStateException("/api/metrics lacks the metrics it should have");
            }
            floor = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            floor.createContext("/api/metrics", exchange -> {
                try (exchange; OutputStream out = exchange.getResponseBody()) {
                    exchange.getResponseHeaders().set("Content-Type", "application/json");
                    exchange.sendResponseHeaders(200, body.length);
                    out.write(body);
                }
            });
            floor.setExecutor(Executors.newFixedThreadPool(2));
            floor.start();
            floorMetrics = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + floor.getAddress().getPort()
                    + "/api/metrics")).build();
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            ui.close();
            floor.stop(0);
            monitor.close();
            alerts.close();
        }
    }

    /**
     * The recording workload, with or without the page served.
     *
     * @since 0.1.0
     */
    @State(Scope.Benchmark)
    public static class Recorded {
        ProductionMonitor monitor;
        CalibraxUi ui;
        int next;

        void setUp(boolean served) {
            monitor = new ProductionMonitor(new AlertManager());
            if (served) {
                ui = CalibraxUi.start(monitor, monitor.getAlertManager(), new UiSettings("127.0.0.1", 0, Optional.empty()));
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            if (ui != null) {
                ui.close();
            }
            monitor.close();
            monitor.getAlertManager().close();
        }
    }

    /**
     * The monitor of {@link #recordWithPageServed}.
     *
     * @since 0.1.0
     */
    public static class WithPage extends Recorded {
        @Setup(Level.Trial)
        public void setUp() {
            setUp(true);
        }
    }

    /**
     * The monitor of {@link #recordWithoutPage}.
     *
     * @since 0.1.0
     */
    public static class WithoutPage extends Recorded {
        @Setup(Level.Trial)
        public void setUp() {
            setUp(false);
        }
    }

    static final String[] NAMES = new String[100];

    static {
        for (int i = 0; i < NAMES.length; i++) {
            NAMES[i] = "metric_" + i;
        }
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public byte[] apiMetrics(Served state) throws IOException, InterruptedException {
        return HTTP.send(state.metrics, HttpResponse.BodyHandlers.ofByteArray()).body();
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public byte[] apiMetricsFloorSameBytes(Served state) throws IOException, InterruptedException {
        return HTTP.send(state.floorMetrics, HttpResponse.BodyHandlers.ofByteArray()).body();
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public void recordWithPageServed(WithPage state) {
        record(state);
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public void recordWithoutPage(WithoutPage state) {
        record(state);
    }

    private static void record(Recorded state) {
        int i = state.next++;
        state.monitor.recordMetric(NAMES[i % NAMES.length], i & 127);
    }
}
