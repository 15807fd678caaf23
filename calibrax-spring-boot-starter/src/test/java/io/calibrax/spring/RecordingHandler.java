package io.calibrax.spring;

import io.calibrax.api.Alert;
import io.calibrax.api.AlertHandler;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** An application's own handler: keeps what it receives and counts its closes. */
final class RecordingHandler implements AlertHandler {
    final List<Alert> received = new CopyOnWriteArrayList<>();
    final AtomicInteger closes = new AtomicInteger();

    @Override
    public void handle(Alert alert) {
        received.add(alert);
    }

    @Override
    public String name() {
        return "recording";
    }

    @Override
    public void close() {
        closes.incrementAndGet();
    }
}
