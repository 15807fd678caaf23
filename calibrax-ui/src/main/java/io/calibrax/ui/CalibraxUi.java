package io.calibrax.ui;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.calibrax.monitoring.AdvancedMonitor;
import io.calibrax.monitoring.AlertManager;
import io.calibrax.monitoring.Silence;
import io.calibrax.spi.CalibraxConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The live page of a running application, served by the JDK's HTTP server: {@code /} shows a
 * chart per metric, the pipelines' health, recent alerts, handler statistics and silences, and
 * updates itself every second from the JSON API it also offers to scripts ({@code GET
 * /api/metrics}, {@code /api/pipelines}, {@code /api/alerts}, {@code /api/handlers},
 * {@code /api/silences}; {@code POST /api/silences}, {@code DELETE /api/silences/<id>}).
 * Writes follow {@link UiSettings}: the bearer token when one is set, else loopback clients only.
 *
 * <p>{@code Calibrax.bootstrap()} starts one when {@code calibrax.ui.port} is set; with Guice or
 * Spring, call {@link #start(AdvancedMonitor, AlertManager, CalibraxConfig)} and close what it
 * returns. Thread-safe; {@link #close()} is idempotent.
 *
 * @since 0.1.0
 */
public final class CalibraxUi implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CalibraxUi.class);
    private static final int MAX_BODY = 64 * 1024;
    private static final String SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    private static final Map<String, String> STATIC = Map.of(
            "/", "page.html", "/page.css", "page.css", "/page.js", "page.js");

    private final UiApi api;
    private final WriteGuard guard;
    private final HttpServer server;
    private final ExecutorService executor;

    private CalibraxUi(UiApi api, WriteGuard guard, HttpServer server, ExecutorService executor) {
        this.api = api;
        this.guard = guard;
        this.server = server;
        this.executor = executor;
    }

    /**
     * Serves the page for {@code monitor} and {@code alertManager} as {@code config} says
     * ({@link UiSettings#from}: {@code calibrax.ui.port}, 0 when unset, {@code calibrax.ui.host},
     * {@code calibrax.ui.token}).
     *
     * @throws IllegalArgumentException naming the key whose value is invalid
     * @throws UncheckedIOException     if the address cannot be bound, naming it
     */
    public static CalibraxUi start(AdvancedMonitor monitor, AlertManager alertManager, CalibraxConfig config) {
        return start(monitor, alertManager, UiSettings.from(Objects.requireNonNull(config, "config")));
    }

    /**
     * Serves the page for {@code monitor} and {@code alertManager} on {@code settings}' address.
     *
     * @throws UncheckedIOException if the address cannot be bound (a port in use), naming it
     */
    public static CalibraxUi start(AdvancedMonitor monitor, AlertManager alertManager, UiSettings settings) {
        Objects.requireNonNull(monitor, "monitor");
        Objects.requireNonNull(alertManager, "alertManager");
        Objects.requireNonNull(settings, "settings");
        HttpServer server;
        try {
            server = HttpServer.create(settings.address(), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve the live page on " + settings.host() + ":" + settings.port()
                    + ": " + e.getMessage(), e);
        }
        AtomicInteger threads = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(2, task -> {
            Thread thread = new Thread(task, "calibrax-ui-http-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        CalibraxUi ui = new CalibraxUi(new UiApi(monitor, alertManager), new WriteGuard(settings.token()), server, executor);
        server.createContext("/", ui::handle);
        server.setExecutor(executor);
        server.start();
        log.info("Serving the live page at {}", ui.uri());
        InetAddress bound = server.getAddress().getAddress();
        if (settings.token().isEmpty() && (bound == null || !bound.isLoopbackAddress())) {
            log.warn("The live page listens on {} without {}: it serves reads only to other machines; set {} to let"
                    + " them add and expire silences", settings.host(), UiSettings.TOKEN, UiSettings.TOKEN);
        }
        return ui;
    }

    /** The port it listens on (the one chosen, for port 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    /** The page's address, such as {@code http://127.0.0.1:4040/}. */
    public URI uri() {
        InetAddress address = server.getAddress().getAddress();
        String host = address == null || address.isAnyLocalAddress() ? "127.0.0.1" : address.getHostAddress();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port() + "/");
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (path.equals("/api/silences") && method.equals("POST")) {
                addSilence(exchange);
            } else if (path.startsWith("/api/silences/") && method.equals("DELETE")) {
                expireSilence(exchange, URLDecoder.decode(path.substring("/api/silences/".length()), StandardCharsets.UTF_8));
            } else if (!method.equals("GET") && !method.equals("HEAD")) {
                error(exchange, 405, method + " is not allowed on " + path);
            } else {
                read(exchange, path);
            }
        } catch (RuntimeException e) {
            log.warn("Answering {} {} failed", exchange.getRequestMethod(), exchange.getRequestURI().getPath(), e);
            throw e;
        }
    }

    private void read(HttpExchange exchange, String path) throws IOException {
        Supplier<Map<String, Object>> reader = switch (path) {
            case "/api/pipelines" -> api::pipelines;
            case "/api/alerts" -> api::alerts;
            case "/api/handlers" -> api::handlers;
            case "/api/silences" -> api::silences;
            default -> null;
        };
        if (reader != null) {
            json(exchange, 200, reader.get());
        } else if (path.equals("/api/metrics")) {
            send(exchange, 200, "application/json", api.metrics());
        } else if (path.equals("/chart.svg")) {
            String metric = query(exchange.getRequestURI().getRawQuery(), "metric");
            Optional<String> chart = metric == null ? Optional.empty() : api.chart(metric);
            if (chart.isEmpty()) {
                error(exchange, 404, "no readings of metric " + metric);
            } else {
                send(exchange, 200, "image/svg+xml; charset=utf-8", chart.get().getBytes(StandardCharsets.UTF_8));
            }
        } else if (STATIC.containsKey(path)) {
            String name = STATIC.get(path);
            exchange.getResponseHeaders().set("Content-Security-Policy", SECURITY_POLICY);
            send(exchange, 200, contentType(name), resource(name));
        } else {
            error(exchange, 404, "nothing at " + path);
        }
    }

    private void addSilence(HttpExchange exchange) throws IOException {
        if (refused(exchange)) {
            return;
        }
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            error(exchange, 415, "the body must be JSON (Content-Type: application/json)");
            return;
        }
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readNBytes(MAX_BODY + 1);
        }
        if (body.length > MAX_BODY) {
            error(exchange, 413, "the body is larger than " + MAX_BODY + " bytes");
            return;
        }
        Silence silence;
        try {
            silence = api.addSilence(body);
        } catch (IllegalArgumentException e) {
            error(exchange, 400, e.getMessage());
            return;
        }
        exchange.getResponseHeaders().set("Location", "/api/silences/" + silence.id());
        json(exchange, 201, silence.toMap());
    }

    private void expireSilence(HttpExchange exchange, String id) throws IOException {
        if (refused(exchange)) {
            return;
        }
        if (api.expireSilence(id)) {
            exchange.sendResponseHeaders(204, -1);
        } else {
            error(exchange, 404, "no silence in force has the id " + id);
        }
    }

    private boolean refused(HttpExchange exchange) throws IOException {
        Optional<WriteGuard.Refusal> refusal = guard.check(exchange);
        if (refusal.isEmpty()) {
            return false;
        }
        if (refusal.get().status() == 401) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"calibrax\"");
        }
        error(exchange, refusal.get().status(), refusal.get().reason());
        return true;
    }

    private void json(HttpExchange exchange, int status, Object value) throws IOException {
        send(exchange, status, "application/json", api.json().writeValueAsBytes(value));
    }

    private void error(HttpExchange exchange, int status, String message) throws IOException {
        json(exchange, status, Map.of("error", message));
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        if (exchange.getRequestMethod().equals("HEAD")) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static String query(String rawQuery, String name) {
        if (rawQuery == null) {
            return null;
        }
        for (String pair : rawQuery.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0 && URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8).equals(name)) {
                return URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static String contentType(String name) {
        return name.endsWith(".html") ? "text/html; charset=utf-8"
                : name.endsWith(".css") ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8";
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = CalibraxUi.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("the page's resource " + name + " is missing from the jar");
            }
            return in.readAllBytes();
        }
    }

    /** Stops serving (in-flight answers get a second to finish). */
    @Override
    public void close() {
        server.stop(1);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "CalibraxUi[" + uri() + "]";
    }
}
