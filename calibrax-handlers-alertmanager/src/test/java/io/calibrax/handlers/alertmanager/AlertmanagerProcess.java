package io.calibrax.handlers.alertmanager;

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
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus Alertmanager for the tests: started from its binary on a loopback port with a
 * temporary configuration and storage folder, gossip disabled, and stopped (destroy, then wait)
 * by {@link #close()}. Also a small client of its API v2, independent of the code under test.
 *
 * <p>The binary is {@value #BINARY_PROPERTY} if set, else {@code prometheus-alertmanager} (Debian's
 * package) or {@code alertmanager} (upstream) on the PATH. Without one the tests fail, saying what
 * to install: they are the point of this module.
 */
final class AlertmanagerProcess implements AutoCloseable {
    static final String BINARY_PROPERTY = "calibrax.test.alertmanager.binary";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Path folder;
    private final int port;
    private final Path log;
    private Process process;
    private Thread reaper;

    private AlertmanagerProcess(Path folder, int port) {
        this.folder = folder;
        this.port = port;
        this.log = folder.resolve("alertmanager.log");
    }

    /** Starts one on a free port, storing under {@code folder}, and waits until it is ready. */
    static AlertmanagerProcess start(Path folder) throws IOException, InterruptedException {
        return start(folder, freePort());
    }

    /** Starts one on {@code port}, storing under {@code folder}, and waits until it is ready. */
    static AlertmanagerProcess start(Path folder, int port) throws IOException, InterruptedException {
        AlertmanagerProcess alertmanager = new AlertmanagerProcess(folder, port);
        alertmanager.launch();
        return alertmanager;
    }

    /** A loopback port nobody listens on now. */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    /** The binary to run. */
    static Path binary() {
        String configured = System.getProperty(BINARY_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            Path path = Path.of(configured.strip());
            if (!Files.isExecutable(path)) {
                throw new AssertionError("-D" + BINARY_PROPERTY + "=" + configured + " is not an executable file");
            }
            return path;
        }
        List<Path> candidates = new ArrayList<>();
        String pathVariable = System.getenv().getOrDefault("PATH", "");
        for (String dir : pathVariable.split(File.pathSeparator)) {
            if (!dir.isBlank()) {
                candidates.add(Path.of(dir, "prometheus-alertmanager"));
                candidates.add(Path.of(dir, "alertmanager"));
            }
        }
        candidates.add(Path.of("/usr/bin/prometheus-alertmanager"));
        for (Path candidate : candidates) {
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError("Prometheus Alertmanager not found: these tests run the real binary. Install it "
                + "(Debian/Ubuntu: sudo apt-get install prometheus-alertmanager; or put the upstream 'alertmanager' "
                + "on the PATH), or name it with -D" + BINARY_PROPERTY + "=/path/to/alertmanager");
    }

    private void launch() throws IOException, InterruptedException {
        Path config = folder.resolve("alertmanager.yml");
        Files.writeString(config, """
                route:
                  receiver: blackhole
                  group_wait: 1s
                  group_interval: 1s
                  repeat_interval: 1h
                receivers:
                  - name: blackhole
                """);
        Path storage = Files.createDirectories(folder.resolve("data"));
        process = new ProcessBuilder(binary().toString(),
                "--config.file=" + config,
                "--storage.path=" + storage,
                "--web.listen-address=127.0.0.1:" + port,
                "--cluster.listen-address=",
                "--log.level=info")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        // if the test JVM dies before close(), the binary must not outlive it
        ProcessHandle handle = process.toHandle();
        reaper = new Thread(handle::destroyForcibly, "calibrax-test-alertmanager-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new AssertionError("Alertmanager exited with status " + process.exitValue()
                        + " before it was ready on port " + port + ":\n" + logTail());
            }
            try {
                HttpResponse<String> ready = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/-/ready"))
                        .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (System.nanoTime() - deadline > 0) {
                close();
                throw new AssertionError("Alertmanager not ready on port " + port + " within " + READY_TIMEOUT
                        + ":\n" + logTail());
            }
            Thread.sleep(20); // polling interval while waiting for readiness
        }
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    int port() {
        return port;
    }

    /** {@code GET /api/v2/alerts} (active, silenced and inhibited; not resolved). */
    List<JsonNode> alerts() throws IOException, InterruptedException {
        return list(get("/api/v2/alerts"));
    }

    /** The alerts whose {@code alertname} is {@code name}. */
    List<JsonNode> alerts(String name) throws IOException, InterruptedException {
        String filter = URLEncoder.encode("alertname=\"" + name + "\"", StandardCharsets.UTF_8);
        return list(get("/api/v2/alerts?filter=" + filter));
    }

    /**
     * Creates a silence for an hour matching every {@code name=value} exactly.
     *
     * @return its id
     */
    String silence(Map<String, String> matchers) throws IOException, InterruptedException {
        List<Map<String, Object>> list = new ArrayList<>();
        matchers.forEach((name, value) -> {
            Map<String, Object> matcher = new LinkedHashMap<>();
            matcher.put("name", name);
            matcher.put("value", value);
            matcher.put("isRegex", false);
            matcher.put("isEqual", true);
            list.add(matcher);
        });
        Instant now = Instant.now();
        Map<String, Object> silence = new LinkedHashMap<>();
        silence.put("matchers", list);
        silence.put("startsAt", now.minusSeconds(1).toString());
        silence.put("endsAt", now.plus(Duration.ofHours(1)).toString());
        silence.put("createdBy", "calibrax-tests");
        silence.put("comment", "muted by a test");
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/api/v2/silences"))
                        .timeout(Duration.ofSeconds(5))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(silence))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new AssertionError("creating a silence failed: HTTP " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body()).get("silenceID").asText();
    }

    private String get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + path + ": HTTP " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    private static List<JsonNode> list(String body) throws IOException {
        List<JsonNode> nodes = new ArrayList<>();
        JSON.readTree(body).forEach(nodes::add);
        return nodes;
    }

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** Stops it: SIGTERM, then waits; SIGKILL if it lingers. Idempotent. */
    @Override
    public void close() throws InterruptedException {
        if (process == null) {
            return;
        }
        try {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } finally {
            process = null;
            try {
                Runtime.getRuntime().removeShutdownHook(reaper);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway
            }
        }
    }
}
