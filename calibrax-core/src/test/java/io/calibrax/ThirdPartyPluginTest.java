package io.calibrax;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.sun.net.httpserver.HttpServer;
import io.calibrax.api.AlertHandler;
import io.calibrax.api.AlertSeverity;
import io.calibrax.handlers.console.ConsoleAlertHandler;
import io.calibrax.inject.CalibraxModule;
import io.calibrax.internal.ServiceDiscovery;
import io.calibrax.monitoring.AdvancedMonitor;
import io.calibrax.monitoring.AlertManager;
import io.calibrax.monitoring.HandlerStats;
import io.calibrax.spi.AlertHandlerProvider;
import io.calibrax.spi.CalibraxConfig;
import io.calibrax.testing.PluginJar;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A third-party plugin compiled at test time against calibrax-api alone, dropped onto the class
 * path as a JAR (a class loader set as the thread's context class loader), posting to a real HTTP
 * server on loopback.
 */
class ThirdPartyPluginTest {
    private static final String PROVIDER = "com.example.calibrax.WebhookHandlerProvider";
    private static final Duration FLUSH = Duration.ofSeconds(10);

    @TempDir
    Path workDir;

    private final BlockingQueue<String> posted = new LinkedBlockingQueue<>();
    private HttpServer server;
    private URLClassLoader pluginLoader;
    private ClassLoader previousContextLoader;

    @BeforeEach
    void startServerAndDropInThePlugin() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/hook", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                posted.add(new String(body.readAllBytes(), StandardCharsets.UTF_8));
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        pluginLoader = PluginJar.classLoader(PluginJar.build("third-party-plugin", workDir));
        previousContextLoader = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(pluginLoader);
    }

    @AfterEach
    void restore() throws IOException {
        Thread.currentThread().setContextClassLoader(previousContextLoader);
        pluginLoader.close();
        server.stop(0);
    }

    private CalibraxConfig webhookConfig() {
        return CalibraxConfig.of(Map.of("example.webhook.url",
                "http://127.0.0.1:" + server.getAddress().getPort() + "/hook"));
    }

    private static List<AlertHandler> pluginHandlers(List<AlertHandler> handlers) {
        return handlers.stream().filter(h -> h.getClass().getName().startsWith(PROVIDER)).toList();
    }

    @Test
    void droppedInPluginIsFoundByBootstrapAndReceivesAlerts() throws InterruptedException {
        try (Calibrax calibrax = Calibrax.bootstrap(webhookConfig())) {
            assertThat(pluginHandlers(calibrax.handlers())).hasSize(1);

            calibrax.alertManager().triggerAlert("Throughput below minimum", AlertSeverity.WARNING, "throughput",
                    850.0, 1000.0);
            calibrax.productionMonitor().setPerformanceBaseline("etl", 10.0);
            calibrax.productionMonitor().recordPipelineExecution("etl", 15.0, true);
            assertThat(calibrax.alertManager().flush(FLUSH)).isTrue();

            assertThat(posted.poll(10, TimeUnit.SECONDS)).isEqualTo("warning Throughput below minimum");
            assertThat(posted.poll(10, TimeUnit.SECONDS)).startsWith("warning").contains("degraded");
            assertThat(calibrax.alertManager().handlerStats()).allSatisfy(stats -> assertThat(stats.failed()).isZero());
            // the plugin's handler is a lambda: it is known by its provider's name, not "handler"
            assertThat(calibrax.alertManager().handlerStats()).extracting(HandlerStats::name).contains("webhook")
                    .doesNotContain("handler");
        }
    }

    @Test
    void droppedInPluginIsFoundByCalibraxModuleAndReceivesAlerts() throws InterruptedException {
        Injector injector = Guice.createInjector(new CalibraxModule(webhookConfig()));
        try (Calibrax calibrax = injector.getInstance(Calibrax.class)) {
            AlertManager manager = injector.getInstance(AlertManager.class);
            assertThat(manager).isSameAs(calibrax.alertManager());
            assertThat(pluginHandlers(manager.getAlertHandlers())).hasSize(1);

            AdvancedMonitor monitor = injector.getInstance(AdvancedMonitor.class);
            monitor.setThreshold("latency", 1.0);
            monitor.recordMetric("latency", 1.7);
            assertThat(manager.flush(FLUSH)).isTrue();

            assertThat(posted.poll(10, TimeUnit.SECONDS)).isEqualTo("error latency exceeded threshold: 1.70 > 1.00 (trend: stable)");
        }
    }

    @Test
    void withItsConfigKeyAbsentThePluginIsFoundButNotCreated() {
        assertThat(ServiceDiscovery.providers(AlertHandlerProvider.class))
                .anySatisfy(provider -> assertThat(provider.getClass().getName()).isEqualTo(PROVIDER));

        try (Calibrax calibrax = Calibrax.bootstrap(CalibraxConfig.empty())) {
            assertThat(pluginHandlers(calibrax.handlers())).isEmpty();
            calibrax.alertManager().triggerAlert("nobody listens", AlertSeverity.CRITICAL, "x", 1, 0);
            assertThat(calibrax.alertManager().flush(FLUSH)).isTrue();
        }
        assertThat(posted).isEmpty();
    }

    @Test
    void coreProvidersSeenThroughBothClassLoadersAreCreatedOnce() {
        try (Calibrax calibrax = Calibrax.bootstrap(CalibraxConfig.of(Map.of("calibrax.console.enabled", "true")))) {
            assertThat(calibrax.handlers()).filteredOn(ConsoleAlertHandler.class::isInstance).hasSize(1);
        }
    }
}
