package io.calibrax.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;

/**
 * What one bootstrap (one injector) created and must release: {@link #close()} closes each in
 * the reverse order of registration (monitors before the alert manager before the plugins they
 * use), logging and going past any that fails. Idempotent; thread-safe.
 *
 * @since 0.1.0
 */
public final class Lifecycle implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Lifecycle.class);

    private record Entry(String what, AutoCloseable closeable) {
    }

    private final Deque<Entry> entries = new ArrayDeque<>();
    private boolean closed;
    private Thread exitHook;

    /**
     * Adds something to close; if this lifecycle is already closed, closes it at once.
     *
     * @return closeable
     */
    public <T extends AutoCloseable> T register(String what, T closeable) {
        Objects.requireNonNull(what, "what");
        Objects.requireNonNull(closeable, "closeable");
        synchronized (entries) {
            if (!closed) {
                entries.push(new Entry(what, closeable));
                return closeable;
            }
        }
        closeQuietly(what, closeable);
        return closeable;
    }

    /** True once {@link #close()} has been called. */
    public boolean isClosed() {
        synchronized (entries) {
            return closed;
        }
    }

    /**
     * Closes this lifecycle when the JVM exits, if nothing closed it before: an application that
     * returns from {@code main} without {@code close()} still drains its alerts (within the alert
     * manager's close timeout) and logs what it could not deliver. Idempotent.
     */
    public void closeOnExit() {
        Thread hook;
        synchronized (entries) {
            if (closed || exitHook != null) {
                return;
            }
            hook = new Thread(this::close, "calibrax-shutdown");
            exitHook = hook;
        }
        Runtime.getRuntime().addShutdownHook(hook);
    }

    @Override
    public void close() {
        List<Entry> toClose;
        Thread hook;
        synchronized (entries) {
            if (closed) {
                return;
            }
            closed = true;
            toClose = new ArrayList<>(entries);
            entries.clear();
            hook = exitHook;
        }
        if (hook != null && hook != Thread.currentThread()) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is already exiting: the hook runs, finds this lifecycle closed and returns
            }
        }
        toClose.forEach(entry -> closeQuietly(entry.what(), entry.closeable()));
    }

    /** Closes one thing; a failure is logged with what it was, never thrown. */
    static void closeQuietly(String what, AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception | LinkageError e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            log.warn("Closing {} failed: {}", what, e.toString(), e);
        }
    }
}
