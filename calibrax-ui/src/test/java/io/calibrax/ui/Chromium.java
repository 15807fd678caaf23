package io.calibrax.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;

/**
 * Debian's headless {@code chromium}, run by the tests: the DOM a page renders, a screenshot, or
 * a page to drive over the DevTools protocol. A missing browser fails the test with what to
 * install; it is never skipped.
 */
final class Chromium {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> FLAGS = List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-dev-shm-usage");

    private Chromium() {
    }

    static String binary() {
        String configured = System.getenv("CHROMIUM");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        for (String name : new String[] {"chromium", "chromium-browser", "google-chrome"}) {
            for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
                if (Files.isExecutable(Path.of(dir, name))) {
                    return Path.of(dir, name).toString();
                }
            }
        }
        throw new AssertionError("The browser tests need headless Chromium: install Debian's 'chromium' "
                + "(apt-get install -y chromium; .ci/run does) or set CHROMIUM to its path");
    }

    /** The DOM of {@code uri} after its scripts ran for five seconds of virtual time. */
    static String dumpDom(URI uri, Path profile) throws IOException, InterruptedException {
        return run(profile, "--virtual-time-budget=5000", "--dump-dom", uri.toString());
    }

    private static String run(Path profile, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(binary()));
        command.addAll(FLAGS);
        command.add("--user-data-dir=" + profile.toAbsolutePath());
        command.addAll(List.of(arguments));
        Path out = Files.createTempFile(profile.getParent(), "chromium", ".out");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("chromium did not finish in 90 s: " + command);
        }
        String output = Files.readString(out, StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new AssertionError("chromium exited with " + process.exitValue() + ": " + command);
        }
        return output;
    }

    /** A browser showing one page, driven with the DevTools protocol's {@code Runtime.evaluate}. */
    static final class Page implements AutoCloseable {
        private final Process process;
        private final WebSocket socket;
        private final AtomicInteger ids = new AtomicInteger();
        private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

        Page(URI uri, Path profile) throws Exception {
            List<String> command = new ArrayList<>(List.of(binary()));
            command.addAll(FLAGS);
            command.addAll(List.of("--user-data-dir=" + profile.toAbsolutePath(), "--remote-debugging-port=0",
                    uri.toString()));
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            try {
                Path activePort = profile.resolve("DevToolsActivePort");
                String port = await("chromium's DevTools port").atMost(Duration.ofSeconds(60))
                        .until(() -> Files.exists(activePort) ? Files.readAllLines(activePort) : List.<String>of(),
                                lines -> lines.size() >= 2).get(0).strip();
                HttpClient http = HttpClient.newHttpClient();
                URI list = URI.create("http://127.0.0.1:" + port + "/json/list");
                String target = await("the page's DevTools target").atMost(Duration.ofSeconds(30)).until(() -> {
                    for (JsonNode node : JSON.readTree(http.send(HttpRequest.newBuilder(list).build(),
                            HttpResponse.BodyHandlers.ofString()).body())) {
                        if (node.path("type").asText().equals("page")) {
                            return node.path("webSocketDebuggerUrl").asText();
                        }
                    }
                    return null;
                }, url -> url != null && !url.isEmpty());
                socket = http.newWebSocketBuilder().buildAsync(URI.create(target), new Listener()).get(30, TimeUnit.SECONDS);
            } catch (Exception | AssertionError e) {
                process.destroyForcibly();
                throw e;
            }
        }

        /** Evaluates {@code expression} in the page (awaiting a promise) and answers its value as text. */
        String evaluate(String expression) throws Exception {
            int id = ids.incrementAndGet();
            CompletableFuture<JsonNode> answer = new CompletableFuture<>();
            pending.put(id, answer);
            Map<String, Object> message = Map.of("id", id, "method", "Runtime.evaluate", "params",
                    Map.of("expression", expression, "awaitPromise", true, "returnByValue", true));
            socket.sendText(JSON.writeValueAsString(message), true).get(10, TimeUnit.SECONDS);
            JsonNode result = answer.get(30, TimeUnit.SECONDS);
            if (result.has("error") || result.path("result").has("exceptionDetails")) {
                throw new AssertionError("the page failed to evaluate " + expression + ": " + result);
            }
            return result.path("result").path("result").path("value").asText();
        }

        @Override
        public void close() throws InterruptedException {
            socket.abort();
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }

        private final class Listener implements WebSocket.Listener {
            private final StringBuilder text = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                text.append(data);
                if (last) {
                    try {
                        JsonNode message = JSON.readTree(text.toString());
                        CompletableFuture<JsonNode> answer = message.has("id") ? pending.remove(message.get("id").asInt()) : null;
                        if (answer != null) {
                            answer.complete(message);
                        }
                    } catch (IOException e) {
                        pending.values().forEach(answer -> answer.completeExceptionally(e));
                    }
                    text.setLength(0);
                }
                webSocket.request(1);
                return null;
            }
        }
    }
}
