package io.calibrax.monitoring;

import io.calibrax.api.Alert;
import io.calibrax.api.AlertHandler;
import io.calibrax.api.AlertSeverity;
import io.calibrax.api.internal.Args;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.calibrax.monitoring.internal.routing.SilenceBook;
import io.calibrax.spi.CalibraxConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;

/**
 * Collects alerts and fans them out to handlers.
 *
 * <p>Storing is synchronous: {@link #getRecentAlerts()} sees an alert as soon as
 * {@link #triggerAlert} returns. The store is bounded (1000 alerts by default); the oldest is
 * dropped first.
 *
 * <p>Delivery is owned here, asynchronous and isolated: each handler has its own bounded queue
 * ({@value #DEFAULT_QUEUE_CAPACITY} alerts by default: what it has not yet read of the one log
 * that a trigger writes once for all handlers) and daemon thread
 * ({@code calibrax-alert-<name>-<n>}) that hands it alerts in the order they were triggered,
 * under the handler's {@link io.calibrax.api.DeliveryPolicy}: retries with exponential backoff and
 * jitter (honouring a server's {@code Retry-After}), digests gathered within a window, a rate. A
 * slow, hung or throwing handler never blocks {@code triggerAlert} nor delays the other handlers.
 * When a handler's queue is full its oldest alert is dropped for that handler only, counted in
 * {@link #handlerStats()} and reported by a rate-limited warning: the caller is never blocked and
 * nothing is lost silently. For every handler {@code delivered + failed + dropped + queued} equals
 * the alerts triggered since it was added.
 *
 * <p>Thread-safe: every method may be called from any thread.
 *
 * @since 0.1.0
 */
public final class AlertManager implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AlertManager.class);

    /** Alerts kept by {@link #AlertManager()}. */
    public static final int DEFAULT_MAX_ALERTS = 1000;
    /** Alerts each handler may fall behind before its oldest are dropped. */
    public static final int DEFAULT_QUEUE_CAPACITY = 8192;
    /**
     * The largest store and queue capacity accepted: at least 1,048,576, more where the heap can
     * hold more (about half a kilobyte per alert). Larger sizes are refused by name.
     */
    public static final int MAX_CAPACITY = (int) Math.min(1 << 26,
            Math.max(1 << 20, Runtime.getRuntime().maxMemory() / 512));
    /** How long {@link #close()} waits for handlers to drain. */
    public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private final AlertStore store;
    private final Duration closeTimeout;
    private final LongAdder triggered = new LongAdder();
    private final LongAdder[] triggeredBySeverity = newAdders(AlertSeverity.values().length);
    private final SilenceBook silenceBook;
    private final RoutingInForce routing;
    private final HandlerFanOut delivery;

    /** Keeps the newest {@value #DEFAULT_MAX_ALERTS} alerts. */
    public AlertManager() {
        this(DEFAULT_MAX_ALERTS);
    }

    /**
     * Keeps the newest {@code maxAlerts} alerts.
     *
     * @throws IllegalArgumentException if maxAlerts is zero or negative
     */
    public AlertManager(int maxAlerts) {
        this(builder().maxAlerts(maxAlerts));
    }

    private AlertManager(Builder builder) {
        this.store = new AlertStore(builder.maxAlerts);
        this.closeTimeout = builder.closeTimeout;
        this.silenceBook = new SilenceBook(builder.clock);
        this.routing = new RoutingInForce(builder.clock, new AlertRouting.Sink() {
            @Override
            public void forward(String fallback, List<Alert> alerts) {
                delivery.forward(fallback, alerts);
            }

            @Override
            public void raise(Alert alert, HandlerDispatcher excluded) {
                trigger(alert, excluded);
            }
        });
        this.delivery = new HandlerFanOut(builder.queueCapacity, routing);
    }

    /**
     * Applies the routing keys of {@code config} to the handlers added so far: static labels
     * ({@code calibrax.labels}), routes ({@code calibrax.route.<handler>}), mute windows
     * ({@code calibrax.mute.<handler>}), inhibition ({@code calibrax.inhibit}, for the repeat
     * interval {@code calibrax.monitor.repeat-interval}) and fallbacks
     * ({@code calibrax.fallback.<handler>}, {@code calibrax.fallback.after}). The wiring calls it
     * once every handler is added; it replaces any routing applied before.
     *
     * @throws IllegalArgumentException naming the key and the text at fault: a bad matcher, regex,
     *                                  window or rule, or a key that names no handler
     */
    public void configureRouting(CalibraxConfig config) {
        Objects.requireNonNull(config, "config");
        routing.configure(config, delivery.names());
    }

    /** A builder for the store size, each handler's queue capacity and the close deadline. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Adds a handler; it receives every alert triggered from now on, on its own thread.
     *
     * Adding one handler twice delivers every alert to it twice, and says so in a warning; so does
     * adding two handlers with the same {@code name()}.
     *
     * @throws NullPointerException  if handler is null
     * @throws IllegalStateException if the manager is closed
     */
    public void addAlertHandler(AlertHandler handler) {
        Objects.requireNonNull(handler, "handler");
        String name;
        try {
            name = Objects.requireNonNullElse(handler.name(), "handler");
        } catch (RuntimeException e) {
            name = handler.getClass().getName();
        }
        addAlertHandler(handler, name);
    }

    /**
     * Adds a handler under a name of the caller's choosing (used in its statistics, its thread's
     * name and logs) instead of its own {@code name()}: the wiring names each discovered handler
     * after its provider, so a plugin written as a lambda still shows up as {@code "webhook"}.
     *
     * @throws NullPointerException     if handler or name is null
     * @throws IllegalArgumentException if name is blank
     * @throws IllegalStateException    if the manager is closed
     */
    public void addAlertHandler(AlertHandler handler, String name) {
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank");
        }
        delivery.add(handler, name);
    }

    /** The handlers, in the order they were added. */
    public List<AlertHandler> getAlertHandlers() {
        return delivery.handlers();
    }

    /**
     * Stores an alert and hands it to every handler without waiting for them.
     *
     * @return the alert, as stored
     * @throws NullPointerException     if message, severity or metricName is null
     * @throws IllegalArgumentException if metricName is blank, or metricValue or threshold is NaN or
     *                                  infinite
     */
    public Alert triggerAlert(String message, AlertSeverity severity, String metricName,
                              double metricValue, double threshold) {
        return triggerAlert(new Alert(message, severity, metricName, metricValue, threshold, Instant.now(), Map.of()));
    }

    /**
     * Stores an alert with metadata (copied) and hands it to every handler without waiting.
     *
     * @throws NullPointerException     if message, severity or metricName is null, or a metadata key is
     * @throws IllegalArgumentException if metricName is blank, or metricValue or threshold is NaN or
     *                                  infinite
     */
    public Alert triggerAlert(String message, AlertSeverity severity, String metricName,
                              double metricValue, double threshold, Map<String, ?> metadata) {
        return triggerAlert(new Alert(message, severity, metricName, metricValue, threshold, Instant.now(),
                Alert.copyMetadata(metadata)));
    }

    /**
     * Stores a ready-made alert (with the static labels of {@code calibrax.labels} added) and
     * queues it for every handler whose route, mute windows, the silences and the inhibition rules
     * let it through, without waiting for them; a handler it is kept from counts it as
     * {@code suppressed}. After {@link #close()} the alert is still stored but counted as dropped
     * for every handler.
     *
     * @return the alert as stored, labels included
     * @throws NullPointerException if alert is null
     */
    public Alert triggerAlert(Alert alert) {
        Objects.requireNonNull(alert, "alert");
        return trigger(alert, null);
    }

    private Alert trigger(Alert raised, HandlerDispatcher excluded) {
        AlertRouting route = routing.current();
        Alert alert = route.label(raised);
        store.add(alert);
        triggered.increment();
        triggeredBySeverity[alert.severity().ordinal()].increment();
        if (delivery.isEmpty()) {
            return alert;
        }
        boolean routed = route.isActive();
        Instant now = routed ? route.now() : null;
        boolean keptFromAll = silenceBook.silences(alert) | (routed && route.inhibited(alert, now));
        delivery.offer(alert, excluded, keptFromAll, routed ? route : null, now);
        return alert;
    }

    /** The 10 newest alerts, newest first. */
    public List<Alert> getRecentAlerts() {
        return getRecentAlerts(10);
    }

    /**
     * The newest {@code count} alerts, newest first.
     *
     * @throws IllegalArgumentException if count is negative
     */
    public List<Alert> getRecentAlerts(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative, got " + count);
        }
        return store.newest(count);
    }

    /**
     * The stored alerts of one severity, oldest first.
     *
     * @throws NullPointerException if severity is null
     */
    public List<Alert> getAlertsBySeverity(AlertSeverity severity) {
        return store.withSeverity(Objects.requireNonNull(severity, "severity"));
    }

    /** Forgets the stored alerts; delivery statistics and queued deliveries are not affected. */
    public void clearAlerts() {
        store.clear();
    }

    /** How many alerts are stored now (at most the capacity). */
    public int getAlertCount() {
        return store.size();
    }

    /** @deprecated renamed {@link #getAlertCount()}, the get-style of the monitors' accessors. */
    @Deprecated(since = "0.1.0", forRemoval = true)
    public int alertCount() {
        return getAlertCount();
    }

    /** How many alerts the store keeps. */
    public int getMaxAlerts() {
        return store.capacity();
    }

    /** @deprecated renamed {@link #getMaxAlerts()}, the get-style of the monitors' accessors. */
    @Deprecated(since = "0.1.0", forRemoval = true)
    public int maxAlerts() {
        return getMaxAlerts();
    }

    /** How many alerts were triggered since this manager was made, including those no longer stored. */
    public long getTotalTriggered() {
        return triggered.sum();
    }

    /** @deprecated renamed {@link #getTotalTriggered()}, the get-style of the monitors' accessors. */
    @Deprecated(since = "0.1.0", forRemoval = true)
    public long totalTriggered() {
        return getTotalTriggered();
    }

    /**
     * How many alerts of {@code severity} were triggered since this manager was made, including
     * those no longer stored (what an exporter counts as {@code calibrax_alerts_total}).
     *
     * @throws NullPointerException if severity is null
     */
    public long totalTriggered(AlertSeverity severity) {
        return triggeredBySeverity[Objects.requireNonNull(severity, "severity").ordinal()].sum();
    }

    private static LongAdder[] newAdders(int count) {
        LongAdder[] adders = new LongAdder[count];
        for (int i = 0; i < count; i++) {
            adders[i] = new LongAdder();
        }
        return adders;
    }

    /**
     * Waits until every alert triggered before this call has been settled for every handler:
     * delivered, failed after its retries, or dropped.
     *
     * @return true when done, false if the timeout passed first
     * @throws NullPointerException     if timeout is null
     * @throws IllegalArgumentException if timeout is negative
     */
    public boolean flush(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative, got " + timeout);
        }
        return delivery.flush(System.nanoTime() + Args.saturatedNanos(timeout));
    }

    /**
     * Delivery statistics, one per handler, in the order the handlers were added. "Delivered"
     * means the handler's transport accepted the alert ({@code handle} or the digest's
     * {@code handleBatch} returned); "failed" that it gave up after its retries.
     */
    public List<HandlerStats> handlerStats() {
        return delivery.stats();
    }

    /** True once {@link #close()} has been called. */
    public boolean isClosed() {
        return delivery.isClosed();
    }

    /**
     * Stops intake, lets every handler drain its queue (retries included) within the close
     * deadline (10 s by default), then closes the handlers. Alerts still queued at the deadline are
     * counted as dropped and logged. Returns within the deadline, handlers' {@code close()}
     * included. Idempotent.
     */
    @Override
    public void close() {
        close(closeTimeout);
    }

    /**
     * Like {@link #close()} with its own deadline: returns within {@code timeout} (plus the few
     * milliseconds it takes to start the closing threads), even when a handler hangs and ignores
     * interrupts.
     *
     * @throws NullPointerException if timeout is null
     */
    public void close(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (delivery.close(timeout)) {
            log.debug("AlertManager closed after {} alert(s)", triggered.sum());
        }
    }

    /**
     * Silences the alerts that {@code matchers} match (Alertmanager's syntax, such as
     * {@code metric="disk", env=~"prod|staging"}) for {@code duration} from now: they are stored
     * and seen by the recent-alert queries, but reach no handler.
     *
     * @throws IllegalArgumentException for bad matchers (naming the text at fault), no matcher, or
     *                                  a non-positive duration
     */
    public Silence silence(String matchers, Duration duration, String comment) {
        return silenceBook.add(matchers, duration, comment);
    }

    /** The silences in force now, oldest first (the contract's name, {@code silences()}). */
    public List<Silence> silences() {
        return silenceBook.active();
    }

    /** Ends the silence with this id now; false when no active silence has it. */
    public boolean expireSilence(String id) {
        return silenceBook.expire(id);
    }

    @Override
    public String toString() {
        return "AlertManager[stored=" + store.size() + "/" + store.capacity() + ", handlers=" + delivery.size()
                + (delivery.isClosed() ? ", closed" : "") + "]";
    }

    /**
     * Builds an {@link AlertManager}; not thread-safe.
     *
     * @since 0.1.0
     */
    public static final class Builder {
        private int maxAlerts = DEFAULT_MAX_ALERTS;
        private int queueCapacity = DEFAULT_QUEUE_CAPACITY;
        private Duration closeTimeout = DEFAULT_CLOSE_TIMEOUT;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** The clock of silences, mute windows and inhibition (the system's by default; tests set their own). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** @throws IllegalArgumentException if maxAlerts is not within 1 and {@link #MAX_CAPACITY} */
        public Builder maxAlerts(int maxAlerts) {
            this.maxAlerts = Args.size(maxAlerts, MAX_CAPACITY, "maxAlerts");
            return this;
        }

        /** @throws IllegalArgumentException if queueCapacity is not within 1 and {@link #MAX_CAPACITY} */
        public Builder queueCapacity(int queueCapacity) {
            this.queueCapacity = Args.size(queueCapacity, MAX_CAPACITY, "queueCapacity");
            return this;
        }

        /** @throws IllegalArgumentException if closeTimeout is negative */
        public Builder closeTimeout(Duration closeTimeout) {
            Objects.requireNonNull(closeTimeout, "closeTimeout");
            if (closeTimeout.isNegative()) {
                throw new IllegalArgumentException("closeTimeout must not be negative, got " + closeTimeout);
            }
            this.closeTimeout = closeTimeout;
            return this;
        }

        /** A new manager with these settings. */
        public AlertManager build() {
            return new AlertManager(this);
        }
    }
}
