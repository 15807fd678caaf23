package io.calibrax.monitoring;

import io.calibrax.api.Alert;
import io.calibrax.monitoring.internal.routing.RoutingConfig;
import io.calibrax.spi.CalibraxConfig;
import io.calibrax.spi.ConfigValues;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The {@link AlertRouting} an alert manager applies now: none until the configuration is applied,
 * then one built from it and swapped in whole each time it is applied again. Settled deliveries
 * go to the routing in force, for its fallbacks.
 *
 * <p>Thread-safe: the routing is immutable in its configuration and published through a volatile
 * field.
 */
final class RoutingInForce implements HandlerDispatcher.Outcomes {
    /** How long a firing alert inhibits others when the configuration does not say. */
    private static final Duration DEFAULT_INHIBIT_WINDOW = Duration.ofHours(4);
    private static final String REPEAT_INTERVAL_KEY = "calibrax.monitor.repeat-interval";

    private final Clock clock;
    private final AlertRouting.Sink sink;
    private volatile AlertRouting routing;

    RoutingInForce(Clock clock, AlertRouting.Sink sink) {
        this.clock = clock;
        this.sink = sink;
        this.routing = new AlertRouting(RoutingConfig.NONE, DEFAULT_INHIBIT_WINDOW, clock, sink);
    }

    /** The routing in force now. */
    AlertRouting current() {
        return routing;
    }

    /**
     * Replaces the routing with one built from {@code config}'s routing keys, for these handlers.
     *
     * @throws IllegalArgumentException naming the key and the text at fault
     */
    void configure(CalibraxConfig config, List<String> handlers) {
        RoutingConfig parsed = RoutingConfig.from(config, handlers);
        Duration window = config.get(REPEAT_INTERVAL_KEY)
                .map(value -> ConfigValues.parseDuration(REPEAT_INTERVAL_KEY, value)).orElse(DEFAULT_INHIBIT_WINDOW);
        routing = new AlertRouting(parsed, window, clock, sink);
    }

    @Override
    public void delivered(HandlerDispatcher dispatcher) {
        routing.delivered(dispatcher);
    }

    @Override
    public void failed(HandlerDispatcher dispatcher, List<Alert> alerts, Exception failure) {
        routing.failed(dispatcher, alerts, failure);
    }
}
