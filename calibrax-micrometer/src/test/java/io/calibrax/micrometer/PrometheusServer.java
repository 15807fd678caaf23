package io.calibrax.micrometer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/**
 * A real Prometheus server for the tests (Debian's {@code prometheus} package, or the binary named
 * by {@value #BINARY_PROPERTY}): started on a free loopback port with a generated configuration
 * that scrapes one target every second and a temporary TSDB folder, never the system's service.
 * {@link #close()} stops it (SIGTERM, then SIGKILL). Also a small client of its HTTP query API.
 */
final class PrometheusServer implements AutoCloseable {
    static final String BINARY_PROPERTY = "calibrax.test.prometheus.binary";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final Thread reaper;
    private final Path log;
    private final int port;

    private PrometheusServer(Process process, Thread reaper, Path log, int port) {
        this.process = process;
        this.reaper = reaper;
        this.log = log;
        this.port = port;
    }

    /** Starts one that scrapes {@code http://<target>/metrics} every second, and waits until it is ready. */
    static PrometheusServer scraping(String target, Path folder) throws IOException {
        int port = freePort();
        Path config = folder.resolve("prometheus.yml");
        Files.writeString(config, """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                scrape_configs:
                  - job_name: calibrax
                    scrape_interval: 1s
                    scrape_timeout: 1s
                    static_configs:
                      - targets: ['%s']
                """.formatted(target));
        Path log = folder.resolve("prometheus.log");
        Process process = new ProcessBuilder(binary().toString(),
                "--config.file=" + config,
                "--storage.tsdb.path=" + Files.createDirectories(folder.resolve("tsdb")),
                "--web.listen-address=127.0.0.1:" + port,
                "--log.level=info")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        // if the test JVM dies before close(), the server must not outlive it
        Thread reaper = new Thread(process.toHandle()::destroyForcibly, "calibrax-test-prometheus-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
        PrometheusServer server = new PrometheusServer(process, reaper, log, port);
        try {
            await("Prometheus ready on port " + port).atMost(Duration.ofSeconds(30)).until(server::ready);
        } catch (RuntimeException e) {
            String tail = server.logTail();
            server.close();
            throw new AssertionError("Prometheus did not become ready:\n" + tail, e);
        }
        return server;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static Path binary() {
        String configured = System.getProperty(BINARY_PROPERTY, "").strip();
        if (!configured.isEmpty()) {
            return Path.of(configured);
        }
        return Stream.concat(Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)),
                        Stream.of("/usr/bin"))
                .filter(dir -> !dir.isBlank()).map(dir -> Path.of(dir, "prometheus"))
                .filter(Files::isExecutable).findFirst()
                .orElseThrow(() -> new AssertionError("the prometheus binary is not installed: this test runs a real "
                        + "Prometheus server (Debian/Ubuntu: sudo apt-get install prometheus), or name it with -D"
                        + BINARY_PROPERTY + "=/path/to/prometheus"));
    }

    private boolean ready() {
        if (!process.isAlive()) {
            throw new IllegalStateException("Prometheus exited with status " + process.exitValue());
        }
        try {
            return get("/-/ready").statusCode() == 200;
        } catch (IOException notListeningYet) {
            return false;
        }
    }

    /** The {@code data.result} array of an instant PromQL query through {@code /api/v1/query}. */
    List<JsonNode> query(String promql) throws IOException {
        HttpResponse<String> response = get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        JsonNode body = JSON.readTree(response.body());
        if (response.statusCode() != 200 || !"success".equals(body.path("status").asText())) {
            throw new IOException("query " + promql + ": HTTP " + response.statusCode() + " " + response.body());
        }
        List<JsonNode> result = new ArrayList<>();
        body.path("data").path("result").forEach(result::add);
        return result;
    }

    private HttpResponse<String> get(String path) throws IOException {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(reaper);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway
            }
        }
    }
}
