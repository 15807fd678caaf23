package com.example.calibrax;

import io.calibrax.api.AlertHandler;
import io.calibrax.spi.AlertHandlerProvider;
import io.calibrax.spi.CalibraxConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

public final class WebhookHandlerProvider implements AlertHandlerProvider {
    @Override public String name() { return "webhook"; }

    @Override public Optional<AlertHandler> create(CalibraxConfig config) {
        return config.get("example.webhook.url").map(url -> {                 // absent: stays off
            Duration timeout = config.getDuration("example.webhook.timeout", Duration.ofSeconds(5));
            HttpClient client = HttpClient.newBuilder().connectTimeout(timeout).build();
            return alert -> {                                                 // runs on its own thread
                HttpRequest post = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                        .POST(HttpRequest.BodyPublishers.ofString(alert.severity().value() + " " + alert.message()))
                        .build();
                int status = client.send(post, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status >= 300) throw new IllegalStateException("webhook answered HTTP " + status);
            };
        });
    }
}
