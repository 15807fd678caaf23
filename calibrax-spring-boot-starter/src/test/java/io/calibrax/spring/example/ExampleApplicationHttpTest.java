package io.calibrax.spring.example;

import io.calibrax.api.AlertSeverity;
import io.calibrax.monitoring.AlertManager;
import io.calibrax.spi.CalibraxConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The example application on a real embedded server (a free port), read over HTTP as an operator would. */
class ExampleApplicationHttpTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static ConfigurableApplicationContext context;
    private static String base;

    @BeforeAll
    static void start() {
        context = new SpringApplication(ExampleApplication.class).run("--server.port=0",
                "--spring.profiles.active=example", "--calibrax.alerts.close-timeout=3s");
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        base = "http://127.0.0.1:" + port;
    }

    @AfterAll
    static void stop() {
        if (context != null) {
            context.close();
        }
    }

    @Test
    void applicationYmlAndTheCommandLineConfigureCalibrax() {
        CalibraxConfig config = context.getBean(CalibraxConfig.class);
        assertThat(config.getInt("calibrax.alerts.max-alerts", 0)).isEqualTo(500);
        assertThat(config.getList("calibrax.plugins.disabled")).containsExactly("console");
        assertThat(config.getDuration("calibrax.alerts.close-timeout")).contains(Duration.ofSeconds(3));
        assertThat(context.getBean(AlertManager.class).getMaxAlerts()).isEqualTo(500);
    }

    @Test
    @SuppressWarnings("unchecked")
    void healthCalibraxEndpointSilencesAndPrometheusOverHttp() throws Exception {
        ExampleApplication.CheckoutService checkout = context.getBean(ExampleApplication.CheckoutService.class);
        for (int i = 0; i < 3; i++) {
            checkout.checkout(true);
        }
        HttpResponse<String> health = get("/actuator/health");
        assertThat(health.statusCode()).isEqualTo(200);
        Map<String, Object> calibrax = component(health.body(), "calibrax");
        assertThat(calibrax).containsEntry("status", "UP");
        assertThat((Map<String, Object>) calibrax.get("details")).containsKey("checkout");

        HttpResponse<String> readiness = get("/actuator/health/readiness");
        assertThat(readiness.statusCode()).isEqualTo(200);
        assertThat(component(readiness.body(), "calibrax")).containsEntry("status", "UP");

        AlertManager alerts = context.getBean(AlertManager.class);
        alerts.triggerAlert("payment provider slow", AlertSeverity.WARNING, "payment_latency_ms", 800, 500);
        Map<String, Object> report = json(get("/actuator/calibrax"));
        assertThat(report).containsOnlyKeys("health", "alerts", "handlers", "silences");
        assertThat((Map<String, Object>) report.get("health")).containsEntry("overall_health", "healthy");
        assertThat((List<Map<String, Object>>) report.get("alerts")).extracting(alert -> alert.get("message"))
                .contains("payment provider slow");
        assertThat((List<Map<String, Object>>) report.get("handlers")).extracting(handler -> handler.get("name"))
                .contains("PagerHandler");

        HttpResponse<String> added = send(HttpRequest.newBuilder(URI.create(base + "/actuator/calibrax"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"matchers\": \"metric=\\\"disk\\\"\", \"duration\": \"1h\", \"comment\": \"maintenance\"}")));
        assertThat(added.statusCode()).isEqualTo(200);
        Map<String, Object> silence = json(added);
        assertThat(silence).containsEntry("matchers", "{metric=\"disk\"}").containsEntry("comment", "maintenance");
        String id = (String) silence.get("id");
        assertThat((List<Map<String, Object>>) json(get("/actuator/calibrax")).get("silences"))
                .extracting(s -> s.get("id")).containsExactly(id);

        HttpResponse<String> badDuration = send(HttpRequest.newBuilder(URI.create(base + "/actuator/calibrax"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"matchers\": \"metric=\\\"disk\\\"\", \"duration\": \"soon\"}")));
        assertThat(badDuration.statusCode()).isEqualTo(400);

        HttpResponse<String> expired = send(HttpRequest.newBuilder(URI.create(base + "/actuator/calibrax/" + id)).DELETE());
        assertThat(expired.statusCode()).isEqualTo(200);
        assertThat(json(expired)).containsEntry("expired", true);
        assertThat((List<?>) json(get("/actuator/calibrax")).get("silences")).isEmpty();

        HttpResponse<String> prometheus = get("/actuator/prometheus");
        assertThat(prometheus.statusCode()).isEqualTo(200);
        assertThat(prometheus.body()).contains("calibrax_pipeline_executions").contains("pipeline=\"checkout\"");
    }

    @Test
    void aCriticalPipelineTakesHealthDownAndTheServiceOutOfReadiness() throws Exception {
        ExampleApplication.CheckoutService checkout = context.getBean(ExampleApplication.CheckoutService.class);
        try {
            for (int i = 0; i < 20; i++) {
                checkout.checkout(false);
            }
            HttpResponse<String> health = get("/actuator/health");
            assertThat(health.statusCode()).as(health.body()).isEqualTo(503);
            assertThat(component(health.body(), "calibrax")).containsEntry("status", "DOWN");
            assertThat(get("/actuator/health/readiness").statusCode()).isEqualTo(503);
        } finally {
            for (int i = 0; i < 20; i++) {
                checkout.checkout(true); // the error window forgets the failures: healthy again for the other tests
            }
        }
        assertThat(get("/actuator/health").statusCode()).isEqualTo(200);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> component(String health, String name) {
        Map<String, Object> components = (Map<String, Object>) JSON.readValue(health, Map.class).get("components");
        assertThat(components).as(health).containsKey(name);
        return (Map<String, Object>) components.get(name);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readValue(response.body(), Map.class);
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HTTP.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
