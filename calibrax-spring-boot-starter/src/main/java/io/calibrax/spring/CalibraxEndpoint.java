package io.calibrax.spring;

import io.calibrax.api.Alert;
import io.calibrax.monitoring.AlertManager;
import io.calibrax.monitoring.HandlerStats;
import io.calibrax.monitoring.ProductionMonitor;
import io.calibrax.monitoring.Silence;
import io.calibrax.spi.ConfigValues;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The actuator endpoint {@code calibrax} ({@code /actuator/calibrax} once exposed with
 * {@code management.endpoints.web.exposure.include=health,calibrax}):
 * <ul>
 *   <li>read: {@code health} (the pipeline report), {@code alerts} (the most recent, newest last),
 *       {@code handlers} (deliveries per handler) and {@code silences} (those in force);</li>
 *   <li>write ({@code POST} with {@code {"matchers": "metric=\"disk\"", "duration": "1h",
 *       "comment": "maintenance"}}): adds a silence and returns it, {@code id} included;</li>
 *   <li>delete ({@code DELETE /actuator/calibrax/{id}}): expires that silence; {@code expired} says
 *       whether one was in force.</li>
 * </ul>
 * Bad matchers or a bad duration answer 400 naming the argument. Thread-safe.
 *
 * @since 0.1.0
 */
@Endpoint(id = "calibrax")
public class CalibraxEndpoint {
    /** Recent alerts a read returns at most. */
    public static final int RECENT_ALERTS = 100;

    private final AlertManager alertManager;
    private final ProductionMonitor monitor;

    public CalibraxEndpoint(AlertManager alertManager, ProductionMonitor monitor) {
        this.alertManager = Objects.requireNonNull(alertManager, "alertManager");
        this.monitor = Objects.requireNonNull(monitor, "monitor");
    }

    /** The report, recent alerts, handler statistics and silences, JSON-ready. */
    @ReadOperation
    public Map<String, Object> report() {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("health", monitor.getPipelineHealthReport().toMap());
        report.put("alerts", alertManager.getRecentAlerts(RECENT_ALERTS).stream().map(Alert::toMap).toList());
        report.put("handlers", alertManager.handlerStats().stream().map(CalibraxEndpoint::handler).toList());
        report.put("silences", silences());
        return report;
    }

    /**
     * Silences the alerts {@code matchers} match for {@code duration} ({@code 30m}, {@code 2h},
     * {@code PT1H}...).
     *
     * @throws InvalidEndpointRequestException (400) naming the argument for bad matchers or duration
     */
    @WriteOperation
    public Map<String, Object> silence(String matchers, String duration, @Nullable String comment) {
        Duration length;
        try {
            length = ConfigValues.parseDuration(duration);
        } catch (IllegalArgumentException e) {
            throw new InvalidEndpointRequestException("duration: " + e.getMessage(), "bad duration");
        }
        try {
            return alertManager.silence(matchers, length, comment == null ? "" : comment).toMap();
        } catch (IllegalArgumentException e) {
            throw new InvalidEndpointRequestException("matchers: " + e.getMessage(), "bad matchers");
        }
    }

    /** Expires the silence {@code id}; {@code expired} is false when none in force has that id. */
    @DeleteOperation
    public Map<String, Object> expire(@Selector String id) {
        return Map.of("id", id, "expired", alertManager.expireSilence(id));
    }

    private List<Map<String, Object>> silences() {
        return alertManager.silences().stream().map(Silence::toMap).toList();
    }

    private static Map<String, Object> handler(HandlerStats stats) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("name", stats.name());
        map.put("delivered", stats.delivered());
        map.put("failed", stats.failed());
        map.put("dropped", stats.dropped());
        map.put("queued", stats.queued());
        return map;
    }
}
