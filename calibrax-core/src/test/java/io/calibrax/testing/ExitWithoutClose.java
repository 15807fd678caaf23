package io.calibrax.testing;

import io.calibrax.Calibrax;
import io.calibrax.api.AlertSeverity;
import io.calibrax.api.DeliveryException;
import io.calibrax.spi.CalibraxConfig;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * A child JVM's main for {@code ShutdownHookTest}: bootstraps Calibrax with a handler posting
 * each alert to {@code args[0]}, triggers {@code args[2]} alerts and returns from {@code main}
 * without closing anything. {@code args[1]} is the value of {@code calibrax.shutdown-hook}.
 */
public final class ExitWithoutClose {
    private ExitWithoutClose() {
    }

    public static void main(String[] args) {
        URI target = URI.create(args[0]);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Calibrax calibrax = Calibrax.bootstrap(CalibraxConfig.of(Map.of("calibrax.shutdown-hook", args[1])));
        calibrax.alertManager().addAlertHandler(alert -> {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(2))
                    .POST(HttpRequest.BodyPublishers.ofString(alert.message())).build(),
                    HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() != 200) {
                throw DeliveryException.retryable("HTTP " + response.statusCode(), null);
            }
        }, "poster");
        int count = Integer.parseInt(args[2]);
        for (int i = 0; i < count; i++) {
            calibrax.alertManager().triggerAlert("alert " + i, AlertSeverity.ERROR, "m", i, 0);
        }
    }
}
