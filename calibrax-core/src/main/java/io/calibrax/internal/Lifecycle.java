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
 */
public final class Lifecycle implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Lifecycle.class);

    private record Entry(String what, AutoCloseable closeable) {
    }

    private final Deque<Entry> entries = new ArrayDeque<>();
    private boolean closed;

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

    @Override
    public void close() {
        List<Entry> toClose;
        synchronized (entries) {
            if (closed) {
                return;
            }
            closed = true;
            toClose = new ArrayList<>(entries);
            entries.clear();
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
