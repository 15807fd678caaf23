package io.calibrax.monitoring;

import io.calibrax.api.Alert;
import io.calibrax.api.AlertSeverity;
import io.calibrax.api.Matcher;
import io.calibrax.monitoring.internal.routing.Inhibitor;
import io.calibrax.monitoring.internal.routing.MuteWindows;
import io.calibrax.monitoring.internal.routing.RoutingConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Who receives what, for one alert manager: static labels, routes and mute windows per handler,
 * inhibition, and the fallback of a handler that keeps failing. Built from a {@link RoutingConfig};
 * the manager swaps a whole new one in when the configuration changes.
 *
 * <p>Thread-safe: the configuration is immutable, the inhibitor guards its own state, and each
 * primary's failing streak is guarded by its own monitor (only that handler's worker and the
 * readers of the streak touch it).
 */
final class AlertRouting implements HandlerDispatcher.Outcomes {
    private static final Logger log = LoggerFactory.getLogger(AlertManager.class);

    /** The metric of the alert that says a handler keeps failing. */
    static final String FAILING_METRIC = "calibrax_handler_failing";

    /** What the routing does to the alerts it forwards or raises. */
    interface Sink {
        /** Queues alerts for the handlers named {@code fallback}, past their routes and windows. */
        void forward(String fallback, List<Alert> alerts);

        /** Raises an alert for every handler but {@code excluded}. */
        void raise(Alert alert, HandlerDispatcher excluded);
    }

    private final RoutingConfig config;
    private final Inhibitor inhibitor;
    private final Clock clock;
    private final Sink sink;
    private final Map<String, Streak> streaks = new HashMap<>();
    private final boolean perHandler;

    AlertRouting(RoutingConfig config, Duration inhibitWindow, Clock clock, Sink sink) {
        this.config = config;
        this.inhibitor = new Inhibitor(config.inhibitRules(), inhibitWindow);
        this.clock = clock;
        this.sink = sink;
        this.perHandler = !config.routes().isEmpty() || !config.mutes().isEmpty();
        config.fallbacks().keySet().forEach(primary -> streaks.put(primary, new Streak()));
    }

    /** The alert with the configured static labels added where it has none of that name. */
    Alert label(Alert alert) {
        return config.labels().isEmpty() ? alert : alert.withDefaultLabels(config.labels());
    }

    /** Whether routing can keep an alert from some handler (else every handler takes every alert). */
    boolean isActive() {
        return perHandler || !inhibitor.isEmpty();
    }

    Instant now() {
        return clock.instant();
    }

    /** Whether an inhibition rule keeps this alert from every handler; notes it as a possible source. */
    boolean inhibited(Alert alert, Instant now) {
        if (inhibitor.isEmpty()) {
            return false;
        }
        boolean inhibited = inhibitor.inhibits(alert, now);
        inhibitor.observe(alert, now);
        return inhibited;
    }

    /** Whether the handler's route matches the alert and none of its mute windows holds now. */
    boolean admits(String handler, Alert alert, Instant now) {
        if (!perHandler) {
            return true;
        }
        List<Matcher> route = config.routes().get(handler);
        if (route != null && !Matcher.matchesAll(route, alert)) {
            return false;
        }
        MuteWindows mute = config.mutes().get(handler);
        return mute == null || !mute.isMuted(now);
    }

    @Override
    public void delivered(HandlerDispatcher dispatcher) {
        Streak streak = streaks.get(dispatcher.name());
        if (streak == null) {
            return;
        }
        String lastError;
        synchronized (streak) {
            streak.failures = 0;
            if (!streak.failing) {
                return;
            }
            streak.failing = false;
            lastError = streak.lastError;
        }
        log.info("Alert handler '{}' delivers again; its fallback '{}' no longer takes its alerts", dispatcher.name(),
                config.fallbacks().get(dispatcher.name()));
        sink.raise(failingAlert(dispatcher.name(), lastError, true), dispatcher);
    }

    @Override
    public void failed(HandlerDispatcher dispatcher, List<Alert> alerts, Exception failure) {
        String fallback = config.fallbacks().get(dispatcher.name());
        Streak streak = streaks.get(dispatcher.name());
        if (fallback == null || streak == null) {
            return;
        }
        String error = HandlerDispatcher.reason(failure);
        boolean forward;
        boolean started = false;
        synchronized (streak) {
            streak.failures += alerts.size();
            streak.lastError = error;
            forward = streak.failures >= config.fallbackAfter();
            if (forward && !streak.failing) {
                streak.failing = true;
                started = true;
            }
        }
        if (!forward) {
            return;
        }
        if (started) {
            log.warn("Alert handler '{}' failed {} deliveries in a row; its alerts go to '{}' too until it delivers "
                    + "again: {}", dispatcher.name(), config.fallbackAfter(), fallback, error);
            sink.raise(failingAlert(dispatcher.name(), error, false), dispatcher);
        }
        sink.forward(fallback, alerts);
    }

    /** Whether the handler is in a failing streak that sends its alerts to its fallback too. */
    boolean isFailing(String handler) {
        Streak streak = streaks.get(handler);
        if (streak == null) {
            return false;
        }
        synchronized (streak) {
            return streak.failing;
        }
    }

    private Alert failingAlert(String handler, String error, boolean resolved) {
        Map<String, Object> metadata = resolved ? Map.of("state", "resolved", "handler", handler)
                : Map.of("state", "firing", "handler", handler);
        String message = resolved ? "alert handler " + handler + " delivers again"
                : "alert handler " + handler + " is failing: " + error;
        Alert alert = new Alert(message, resolved ? AlertSeverity.INFO : AlertSeverity.WARNING, FAILING_METRIC,
                resolved ? 0 : 1, 0, clock.instant(), metadata, Map.of("handler", handler));
        return label(alert);
    }

    /** One primary's run of failed deliveries. */
    private static final class Streak {
        long failures;
        boolean failing;
        String lastError = "";
    }
}
