package io.calibrax.monitoring;

import io.calibrax.api.Alert;
import io.calibrax.api.AlertHandler;
import io.calibrax.api.internal.Args;
import io.calibrax.monitoring.internal.RateLimit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The delivery side of an {@link AlertManager}: its handlers' dispatchers, the {@link DeliveryLog}
 * they all read from, which handlers each alert is kept from, flush, the close deadline and the
 * warnings for dropped alerts. It decides nothing about routing: the manager says which handlers
 * an alert is kept from.
 *
 * <p>Thread-safe: handlers are only ever appended (under the dispatcher list's monitor), in the
 * order of their queues in the log.
 */
final class HandlerFanOut {
    private static final Logger log = LoggerFactory.getLogger(AlertManager.class);
    /** The share of close()'s deadline kept for closing the handlers once they drained. */
    private static final long MAX_HANDLER_CLOSE_SHARE_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final AtomicInteger ORDINAL = new AtomicInteger();

    private final HandlerDispatcher.Outcomes outcomes;
    /** What every handler reads from: a trigger writes each alert once, for all handlers. */
    private final DeliveryLog entries;
    private final CopyOnWriteArrayList<HandlerDispatcher> dispatchers = new CopyOnWriteArrayList<>();
    private final RateLimit closedWarnings = new RateLimit(Duration.ofSeconds(10));
    private volatile boolean closed;

    HandlerFanOut(int queueCapacity, HandlerDispatcher.Outcomes outcomes) {
        this.entries = new DeliveryLog(queueCapacity, this::warnDropped);
        this.outcomes = outcomes;
    }

    /**
     * Starts a dispatcher for {@code handler} under {@code name} (sanitised), warning when the
     * handler or its name was added before.
     *
     * @throws IllegalStateException if closed
     */
    void add(AlertHandler handler, String name) {
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
                    entries.newQueue(), ORDINAL.incrementAndGet(), outcomes);
            dispatcher.start();
            dispatchers.add(dispatcher);
        }
    }

    boolean isEmpty() {
        return dispatchers.isEmpty();
    }

    int size() {
        return dispatchers.size();
    }

    /** The handlers' names (sanitised), in the order they were added. */
    List<String> names() {
        List<String> names = new ArrayList<>();
        dispatchers.forEach(dispatcher -> names.add(dispatcher.name()));
        return names;
    }

    /** The handlers, in the order they were added. */
    List<AlertHandler> handlers() {
        List<AlertHandler> handlers = new ArrayList<>(dispatchers.size());
        for (HandlerDispatcher dispatcher : dispatchers) {
            handlers.add(dispatcher.handler());
        }
        return List.copyOf(handlers);
    }

    /**
     * Queues {@code alert} for every handler but {@code excluded}, or counts it as suppressed for
     * those it is kept from: all of them when {@code keptFromAll}, else those {@code route} (null:
     * no routing in force) does not admit at {@code now}. Warns of the drops it caused.
     */
    void offer(Alert alert, HandlerDispatcher excluded, boolean keptFromAll, AlertRouting route, Instant now) {
        DeliveryLog.Skips skip = null;
        if (keptFromAll || route != null || excluded != null) {
            BitSet suppressed = new BitSet();
            BitSet hidden = new BitSet();
            int index = 0;
            for (HandlerDispatcher dispatcher : dispatchers) {
                if (dispatcher == excluded) {
                    hidden.set(index);
                } else if (keptFromAll || (route != null && !route.admits(dispatcher.name(), alert, now))) {
                    suppressed.set(index);
                }
                index++;
            }
            if (!suppressed.isEmpty() || !hidden.isEmpty()) {
                skip = new DeliveryLog.Skips(suppressed, hidden);
            }
        }
        entries.offer(alert, skip);
    }

    /** Queues {@code alerts} for the handlers named {@code fallback} alone, whatever their routes say. */
    void forward(String fallback, List<Alert> alerts) {
        BitSet hidden = new BitSet();
        int index = 0;
        for (HandlerDispatcher dispatcher : dispatchers) {
            if (!dispatcher.name().equals(fallback)) {
                hidden.set(index);
            }
            index++;
        }
        DeliveryLog.Skips others = new DeliveryLog.Skips(new BitSet(), hidden);
        for (Alert alert : alerts) {
            entries.offer(alert, others);
        }
    }

    /**
     * Waits until every alert offered before this call has been settled for every handler.
     *
     * @return true when done, false if the deadline (of {@link System#nanoTime()}) passed first
     */
    boolean flush(long deadlineNanos) {
        List<HandlerDispatcher> all = List.copyOf(dispatchers);
        long[] targets = new long[all.size()];
        for (int i = 0; i < targets.length; i++) {
            targets[i] = all.get(i).queue().offered();
        }
        try {
            for (int i = 0; i < targets.length; i++) {
                if (!all.get(i).queue().awaitSettled(targets[i], deadlineNanos)) {
                    return false;
                }
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Delivery statistics, one per handler, in the order the handlers were added. */
    List<HandlerStats> stats() {
        List<HandlerStats> stats = new ArrayList<>(dispatchers.size());
        for (HandlerDispatcher dispatcher : dispatchers) {
            stats.add(dispatcher.stats());
        }
        return List.copyOf(stats);
    }

    boolean isClosed() {
        return closed;
    }

    /**
     * Stops intake, lets every handler drain within {@code timeout} less the share kept for
     * closing the handlers, then closes them, all within {@code timeout}.
     *
     * @return false if it was closed already (and did nothing)
     */
    boolean close(Duration timeout) {
        synchronized (dispatchers) {
            if (closed) {
                return false;
            }
            closed = true;
        }
        long start = System.nanoTime();
        long total = Args.saturatedNanos(timeout);
        long deadline = start + total;
        long drainDeadline = deadline - Math.min(total / 5, MAX_HANDLER_CLOSE_SHARE_NANOS);
        entries.close();
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
        return true;
    }

    private void warnDropped(List<HandlerQueue> queues) {
        if (queues == null || queues.isEmpty()) {
            return;
        }
        if (closed) {
            warnClosed();
            return;
        }
        for (HandlerQueue queue : queues) {
            dispatchers.get(queue.index()).warnDropping();
        }
    }

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
}
