package io.calibrax.monitoring;

import io.calibrax.api.Alert;
import io.calibrax.api.AlertHandler;
import io.calibrax.api.AlertSeverity;
import io.calibrax.monitoring.internal.RateLimit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.calibrax.monitoring.internal.routing.SilenceBook;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Collects alerts and fans them out to handlers.
 *
 * <p>Storing is synchronous: {@link #getRecentAlerts()} sees an alert as soon as
 * {@link #triggerAlert} returns. The store is bounded (1000 alerts by default); the oldest is
 * dropped first.
 *
 * <p>Delivery is asynchronous and isolated: each handler has its own daemon thread
 * ({@code calibrax-alert-<name>-<n>}) that hands it alerts one at a time in the order they were
 * triggered, from a bounded queue ({@value #DEFAULT_QUEUE_CAPACITY} alerts by default). A slow,
 * hung or throwing handler never blocks {@code triggerAlert} nor delays the other handlers. When a
 * handler falls a whole queue behind, its oldest undelivered alerts are dropped for that handler
 * only, counted in {@link #handlerStats()} and reported by a rate-limited warning: the caller is
 * never blocked and nothing is lost silently. Triggering costs the same whatever the number of
 * handlers: the queue is one ring that every handler's thread follows with its own cursor.
 *
 * <p>Thread-safe: every method may be called from any thread.
 */
public final class AlertManager implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AlertManager.class);

    /** Alerts kept by {@link #AlertManager()}. */
    public static final int DEFAULT_MAX_ALERTS = 1000;
    /** Alerts each handler may fall behind before its oldest are dropped (rounded up to a power of two). */
    public static final int DEFAULT_QUEUE_CAPACITY = 8192;
    /** How often (in alerts) a producer checks whether a handler fell a whole queue behind. */
    private static final int LAG_CHECK_MASK = 1023;
    /** The least time close() gives handlers to close after the drain deadline. */
    private static final long HANDLER_CLOSE_GRACE_NANOS = TimeUnit.SECONDS.toNanos(5);
    /** How long {@link #close()} waits for handlers to drain. */
    public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private static final AtomicInteger ORDINAL = new AtomicInteger();

    private final AlertStore store;
    private final AlertLog alertLog;
    private final LongAdder droppedAfterClose = new LongAdder();
    private final Duration closeTimeout;
    private final CopyOnWriteArrayList<HandlerDispatcher> dispatchers = new CopyOnWriteArrayList<>();
    private final LongAdder triggered = new LongAdder();
    private final LongAdder[] triggeredBySeverity = newAdders(AlertSeverity.values().length);
    private volatile boolean closed;
    private final SilenceBook silenceBook = new SilenceBook(Clock.systemUTC());

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
        this.alertLog = new AlertLog(builder.queueCapacity);
        this.closeTimeout = builder.closeTimeout;
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
            HandlerDispatcher dispatcher = new HandlerDispatcher(handler, sanitize(name), alertLog, alertLog.head(),
                    ORDINAL.incrementAndGet());
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
     * Stores a ready-made alert and hands it to every handler without waiting. After
     * {@link #close()} the alert is still stored but counted as dropped for every handler.
     *
     * @throws NullPointerException if alert is null
     */
    public Alert triggerAlert(Alert alert) {
        Objects.requireNonNull(alert, "alert");
        store.add(alert);
        triggered.increment();
        triggeredBySeverity[alert.severity().ordinal()].increment();
        if (closed) {
            droppedAfterClose.increment();
            if (!dispatchers.isEmpty()) {
                warnClosed();
            }
            return alert;
        }
        if (dispatchers.isEmpty()) {
            return alert;
        }
        long sequence = alertLog.publish(alert);
        if (alertLog.sleepers.get() != 0) {
            for (HandlerDispatcher dispatcher : dispatchers) {
                dispatcher.wake();
            }
        }
        if ((sequence & LAG_CHECK_MASK) == 0) {
            for (HandlerDispatcher dispatcher : dispatchers) {
                dispatcher.warnIfLagging(sequence);
            }
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
    public int alertCount() {
        return store.size();
    }

    /** How many alerts the store keeps. */
    public int maxAlerts() {
        return store.capacity();
    }

    /** How many alerts were triggered since this manager was made, including those no longer stored. */
    public long totalTriggered() {
        return triggered.sum();
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
     * Waits until every alert triggered before this call has been handed to every handler (and
     * the handler has returned or thrown).
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
        long deadline = System.nanoTime() + saturatedNanos(timeout);
        long target = alertLog.head();
        try {
            for (HandlerDispatcher dispatcher : dispatchers) {
                if (!dispatcher.awaitCursor(target, deadline)) {
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
     * means the handler's {@code handle} returned: a handler that queues or batches internally
     * (Slack, email digests) reports its own outcome in its own statistics.
     */
    public List<HandlerStats> handlerStats() {
        List<HandlerStats> stats = new ArrayList<>(dispatchers.size());
        long lateDrops = droppedAfterClose.sum();
        for (HandlerDispatcher dispatcher : dispatchers) {
            stats.add(dispatcher.stats(lateDrops));
        }
        return List.copyOf(stats);
    }

    /** True once {@link #close()} has been called. */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Stops intake, lets every handler drain its queue within the close deadline (10 s by
     * default), then closes the handlers. Alerts still queued at the deadline are counted as
     * dropped and logged. Idempotent.
     */
    @Override
    public void close() {
        close(closeTimeout);
    }

    /**
     * Like {@link #close()} with its own deadline.
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
        long deadline = System.nanoTime() + saturatedNanos(timeout);
        long head = alertLog.head();
        for (HandlerDispatcher dispatcher : dispatchers) {
            dispatcher.beginStop(head);
        }
        for (HandlerDispatcher dispatcher : dispatchers) {
            dispatcher.finishStop(deadline);
        }
        // Handlers close in parallel: the slowest sets the wait, not their sum. Each handler bounds
        // its own close; we wait for them up to the rest of the deadline, and at least a few seconds.
        List<Thread> closers = new ArrayList<>(dispatchers.size());
        for (HandlerDispatcher dispatcher : dispatchers) {
            closers.add(dispatcher.closeHandler());
        }
        long closeDeadline = Math.max(deadline, System.nanoTime() + HANDLER_CLOSE_GRACE_NANOS);
        for (Thread closer : closers) {
            try {
                closer.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(closeDeadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            if (closer.isAlive()) {
                log.warn("Alert handler close is still running after the deadline ({}); not waiting for it",
                        closer.getName());
            }
        }
        log.debug("AlertManager closed after {} alert(s)", triggered.sum());
    }

    private final RateLimit closedWarnings = new RateLimit(Duration.ofSeconds(10));

    private void warnClosed() {
        if (closedWarnings.tryAcquire()) {
            log.warn("AlertManager is closed: alerts are still stored but no longer delivered "
                    + "({} dropped so far for each handler)", droppedAfterClose.sum());
        }
    }

    private static long saturatedNanos(Duration duration) {
        try {
            return Math.max(0, duration.toNanos());
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE / 2;
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
    public List<Silence> silences() {
        return silenceBook.active();
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

    /** Builds an {@link AlertManager}; not thread-safe. */
    public static final class Builder {
        private int maxAlerts = DEFAULT_MAX_ALERTS;
        private int queueCapacity = DEFAULT_QUEUE_CAPACITY;
        private Duration closeTimeout = DEFAULT_CLOSE_TIMEOUT;

        private Builder() {
        }

        /** @throws IllegalArgumentException if maxAlerts is zero or negative */
        public Builder maxAlerts(int maxAlerts) {
            if (maxAlerts <= 0) {
                throw new IllegalArgumentException("maxAlerts must be positive, got " + maxAlerts);
            }
            this.maxAlerts = maxAlerts;
            return this;
        }

        /** @throws IllegalArgumentException if queueCapacity is zero or negative */
        public Builder queueCapacity(int queueCapacity) {
            if (queueCapacity <= 0) {
                throw new IllegalArgumentException("queueCapacity must be positive, got " + queueCapacity);
            }
            this.queueCapacity = queueCapacity;
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
