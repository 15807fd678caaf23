package io.calibrax;

import com.sun.net.httpserver.HttpServer;
import io.calibrax.testing.ExitWithoutClose;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A JVM that returns from main without close() still delivers its queued alerts. */
class ShutdownHookTest {
    private static final int ALERTS = 200;

    private HttpServer server;
    private final Set<String> received = ConcurrentHashMap.newKeySet();

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/alerts", exchange -> {
            received.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    @Timeout(60)
    void childJvmReturningFromMainWithoutCloseDeliversEveryAlert() throws Exception {
        String output = runChild("true");

        assertThat(received).as(output).hasSize(ALERTS).contains("alert 0", "alert " + (ALERTS - 1));
    }

    @Test
    @Timeout(60)
    void withTheHookTurnedOffAlertsQueuedAtExitAreLost() throws Exception {
        runChild("false");

        assertThat(received).as("the hook is what delivers them").hasSizeLessThan(ALERTS);
    }

    /** Runs {@link ExitWithoutClose} with {@code calibrax.shutdown-hook=hook}; its output once it exited 0. */
    private String runChild(String hook) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/alerts";
        Process child = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                ExitWithoutClose.class.getName(), url, hook, Integer.toString(ALERTS)))
                .redirectErrorStream(true).start();
        assertThat(child.waitFor(45, TimeUnit.SECONDS)).isTrue();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.exitValue()).as(output).isZero();
        return output;
    }
}
