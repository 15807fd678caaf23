package io.calibrax.monitoring;

import io.calibrax.api.Alert;
import io.calibrax.api.AlertHandler;
import io.calibrax.api.AlertSeverity;
import io.calibrax.api.internal.Args;
import io.calibrax.monitoring.internal.RateLimit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.calibrax.monitoring.internal.routing.RoutingConfig;
import io.calibrax.monitoring.internal.routing.SilenceBook;
import io.calibrax.spi.CalibraxConfig;
import io.calibrax.spi.ConfigValues;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Collects alerts and fans them out to handlers.
 *
 * <p>Storing is synchronous: {@link #getRecentAlerts()} sees an alert as soon as
 * {@link #triggerAlert} returns. The store is bounded (1000 alerts by default); the oldest is
 * dropped first.
 *
 * <p>Delivery is owned here, asynchronous and isolated: each handler has its own bounded queue
 * ({@value #DEFAULT_QUEUE_CAPACITY} alerts by default) and daemon thread
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
    /** The share of close()'s deadline kept for closing the handlers once they drained. */
    private static final long MAX_HANDLER_CLOSE_SHARE_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** How long {@link #close()} waits for handlers to drain. */
    public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private static final AtomicInteger ORDINAL = new AtomicInteger();

    private final AlertStore store;
    private final int queueCapacity;
    /** Guards every handler's queue: a trigger takes it once for all handlers (see {@link HandlerQueue}). */
    private final ReentrantLock deliveryLock = new ReentrantLock();
    private final Duration closeTimeout;
    private final CopyOnWriteArrayList<HandlerDispatcher> dispatchers = new CopyOnWriteArrayList<>();
    private final LongAdder triggered = new LongAdder();
    private final LongAdder[] triggeredBySeverity = newAdders(AlertSeverity.values().length);
    private volatile boolean closed;
    private final Clock clock;
    private final SilenceBook silenceBook;
    private volatile AlertRouting routing;
    /** Hands each settled delivery to the routing in force, for the fallbacks. */
    private final HandlerDispatcher.Outcomes outcomes = new HandlerDispatcher.Outcomes() {
        @Override
        public void delivered(HandlerDispatcher dispatcher) {
            routing.delivered(dispatcher);
        }

        @Override
        public void failed(HandlerDispatcher dispatcher, List<Alert> alerts, Exception failure) {
            routing.failed(dispatcher, alerts, failure);
        }
    };

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
        this.queueCapacity = builder.queueCapacity;
        this.closeTimeout = builder.closeTimeout;
        this.clock = builder.clock;
        this.silenceBook = new SilenceBook(clock);
        this.routing = newRouting(RoutingConfig.NONE, DEFAULT_INHIBIT_WINDOW);
    }

    /** How long a firing alert inhibits others when the configuration does not say. */
    private static final Duration DEFAULT_INHIBIT_WINDOW = Duration.ofHours(4);

    private AlertRouting newRouting(RoutingConfig config, Duration inhibitWindow) {
        return new AlertRouting(config, inhibitWindow, clock, new AlertRouting.Sink() {
            @Override
            public void forward(String fallback, List<Alert> alerts) {
                deliveryLock.lock();
                try {
                    for (HandlerDispatcher dispatcher : dispatchers) {
                        if (dispatcher.name().equals(fallback)) {
                            alerts.forEach(dispatcher.queue()::offerLocked);
                        }
                    }
                } finally {
                    deliveryLock.unlock();
                }
            }

            @Override
            public void raise(Alert alert, HandlerDispatcher excluded) {
                trigger(alert, excluded);
            }
        });
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
        List<String> names = new ArrayList<>();
        dispatchers.forEach(dispatcher -> names.add(dispatcher.name()));
        RoutingConfig parsed = RoutingConfig.from(config, names);
        Duration window = config.get(REPEAT_INTERVAL_KEY)
                .map(value -> ConfigValues.parseDuration(REPEAT_INTERVAL_KEY, value)).orElse(DEFAULT_INHIBIT_WINDOW);
        routing = newRouting(parsed, window);
    }

    private static final String REPEAT_INTERVAL_KEY = "calibrax.monitor.repeat-interval";

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
        synchronized (dispatchers) {
            if (closed) {
                throw new IllegalStateException("AlertManager is closed; cannot add handler '" + name + "'");
            }
            for (HandlerDispatcher existing : dispatchers) {
                if (existing.handler() == handler) {
                    log.warn("Alert handler '{}' ({}) was added again: it will receive every alert twice, once "
                            + "per registration", name, handler.getClass().getName());
                } else if (existing.name().equals(sanitize(name))) {
                    log.warn("Another alert handler named '{}' was already added ({} and {}): both receive every "
                            + "alert; give them distinct name()s to tell their statistics apart", name,
                            existing.handler().getClass().getName(), handler.getClass().getName());
                }
            }
            HandlerDispatcher dispatcher = new HandlerDispatcher(handler, sanitize(name),
                    new HandlerQueue(queueCapacity, deliveryLock), ORDINAL.incrementAndGet(), outcomes);
            dispatcher.start();
            dispatchers.add(dispatcher);
        }
    }

    /** The handlers, in the order they were added. */
    public List<AlertHandler> getAlertHandlers() {
        List<AlertHandler> handlers = new ArrayList<>(dispatchers.size());
        for (HandlerDispatcher dispatcher : dispatchers) {
            handlers.add(dispatcher.handler());
        }
        return List.copyOf(handlers);
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
        AlertRouting route = routing;
        Alert alert = route.label(raised);
        store.add(alert);
        triggered.increment();
        triggeredBySeverity[alert.severity().ordinal()].increment();
        if (dispatchers.isEmpty()) {
            return alert;
        }
        boolean routed = route.isActive();
        Instant now = routed ? route.now() : null;
        boolean keptFromAll = silenceBook.silences(alert) | (routed && route.inhibited(alert, now));
        long dropped = 0; // bit i: handler i dropped an alert (handlers are only ever appended)
        int index = 0;
        deliveryLock.lock();
        try {
            for (HandlerDispatcher dispatcher : dispatchers) {
                if (dispatcher == excluded) {
                    index++;
                    continue;
                }
                if (keptFromAll || (routed && !route.admits(dispatcher.name(), alert, now))) {
                    dispatcher.queue().suppressLocked();
                } else if (dispatcher.queue().offerLocked(alert)) {
                    dropped |= 1L << Math.min(index, 63);
                }
                index++;
            }
        } finally {
            deliveryLock.unlock();
        }
        if (dropped != 0) {
            warnDropped(dropped);
        }
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
        long deadline = System.nanoTime() + Args.saturatedNanos(timeout);
        List<HandlerDispatcher> all = List.copyOf(dispatchers);
        long[] targets = new long[all.size()];
        for (int i = 0; i < targets.length; i++) {
            targets[i] = all.get(i).queue().offered();
        }
        try {
            for (int i = 0; i < targets.length; i++) {
                if (!all.get(i).queue().awaitSettled(targets[i], deadline)) {
                    return false;
                }
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Delivery statistics, one per handler, in the order the handlers were added. "Delivered"
     * means the handler's transport accepted the alert ({@code handle} or the digest's
     * {@code handleBatch} returned); "failed" that it gave up after its retries.
     */
    public List<HandlerStats> handlerStats() {
        List<HandlerStats> stats = new ArrayList<>(dispatchers.size());
        for (HandlerDispatcher dispatcher : dispatchers) {
            stats.add(dispatcher.stats());
        }
        return List.copyOf(stats);
    }

    /** True once {@link #close()} has been called. */
    public boolean isClosed() {
        return closed;
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
        synchronized (dispatchers) {
            if (closed) {
                return;
            }
            closed = true;
        }
        long start = System.nanoTime();
        long total = Args.saturatedNanos(timeout);
        long deadline = start + total;
        long drainDeadline = deadline - Math.min(total / 5, MAX_HANDLER_CLOSE_SHARE_NANOS);
        for (HandlerDispatcher dispatcher : dispatchers) {
            dispatcher.queue().stop();
        }
        boolean interrupted = false;
        for (HandlerDispatcher dispatcher : dispatchers) {
            try {
                if (!interrupted) {
                    dispatcher.awaitFinished(drainDeadline);
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        interrupted = HandlerDispatcher.giveUpAndClose(dispatchers, deadline, timeout, interrupted);
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        log.debug("AlertManager closed after {} alert(s)", triggered.sum());
    }

    private void warnDropped(long handlers) {
        if (closed) {
            warnClosed();
            return;
        }
        int index = 0;
        for (HandlerDispatcher dispatcher : dispatchers) {
            if ((handlers & (1L << Math.min(index++, 63))) != 0) {
                dispatcher.warnDropping();
            }
        }
    }

    private final RateLimit closedWarnings = new RateLimit(Duration.ofSeconds(10));

    private void warnClosed() {
        if (closedWarnings.tryAcquire()) {
            log.warn("AlertManager is closed: alerts are still stored but no longer delivered "
                    + "(they count as dropped for each handler)");
        }
    }

    private static String sanitize(String name) {
        String cleaned = name.strip().replaceAll("[^A-Za-z0-9_.-]+", "-");
        return cleaned.isEmpty() ? "handler" : cleaned;
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

    /** The silences in force now, oldest first. */
    public List<Silence> getSilences() {
        return silenceBook.active();
    }

    /** @deprecated renamed {@link #getSilences()}, the get-style of the monitors' accessors. */
    @Deprecated(since = "0.1.0", forRemoval = true)
    public List<Silence> silences() {
        return getSilences();
    }

    /** Ends the silence with this id now; false when no active silence has it. */
    public boolean expireSilence(String id) {
        return silenceBook.expire(id);
    }

    @Override
    public String toString() {
        return "AlertManager[stored=" + store.size() + "/" + store.capacity() + ", handlers=" + dispatchers.size()
                + (closed ? ", closed" : "") + "]";
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
