package io.calibrax.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.calibrax.api.AlertSeverity;
import io.calibrax.api.Secret;
import io.calibrax.monitoring.AlertManager;
import io.calibrax.monitoring.ProductionMonitor;
import io.calibrax.monitoring.Threshold;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** A monitor with readings, an alert and a pipeline, its live page, and a client for it. */
final class LivePageFixture implements AutoCloseable {
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    static final ObjectMapper JSON = new ObjectMapper();
    static final String ALERT_MESSAGE = "gpu_utilization exceeded threshold: 97.50 > 90.00";

    final AlertManager alertManager = new AlertManager();
    final ProductionMonitor monitor = ProductionMonitor.builder().alertManager(alertManager).build();
    final CalibraxUi ui;

    LivePageFixture(String host, Optional<String> token) {
        alertManager.addAlertHandler(alert -> { }, "pager");
        monitor.setThreshold("gpu_utilization", Threshold.above(90).withSeverity(AlertSeverity.WARNING));
        for (double value : new double[] {40, 55, 72.25, 97.5}) {
            monitor.recordMetric("gpu_utilization", value);
        }
        monitor.recordMetric("queue_depth", 12);
        for (int i = 0; i < 20; i++) {
            monitor.recordPipelineExecution("nightly-etl", 1.5 + i * 0.01, i % 5 != 0);
        }
        ui = CalibraxUi.start(monitor, alertManager, new UiSettings(host, 0, token.map(Secret::of)));
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + ui.port() + path);
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    JsonNode getJson(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = get(path);
        if (response.statusCode() != 200) {
            throw new AssertionError(path + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    static HttpResponse<String> send(URI uri, String method, String body, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String body, Map<String, String> headers) throws IOException, InterruptedException {
        return send(uri("/api/silences"), "POST", body, headers);
    }

    @Override
    public void close() {
        ui.close();
        monitor.close();
        alertManager.close();
    }
}
