package io.calibrax.testplugins;

import io.calibrax.api.Alert;
import io.calibrax.api.AlertHandler;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A handler that keeps what it received; the ones made by {@link RecordingHandlerProvider} are found by id. */
public final class RecordingHandler implements AlertHandler {
    private static final Map<String, RecordingHandler> BY_ID = new ConcurrentHashMap<>();

    private final String name;
    private final List<Alert> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger closes = new AtomicInteger();

    public RecordingHandler(String name) {
        this.name = name;
    }

    static RecordingHandler register(String id) {
        RecordingHandler handler = new RecordingHandler("recording-" + id);
        if (BY_ID.putIfAbsent(id, handler) != null) {
            throw new IllegalStateException("a recording handler with id " + id + " exists already");
        }
        return handler;
    }

    /** The handler that {@link RecordingHandlerProvider} created for {@code id}, or null. */
    public static RecordingHandler byId(String id) {
        return BY_ID.get(id);
    }

    @Override
    public void handle(Alert alert) {
        received.add(alert);
    }

    public List<Alert> received() {
        return List.copyOf(received);
    }

    public int closes() {
        return closes.get();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void close() {
        closes.incrementAndGet();
    }
}
