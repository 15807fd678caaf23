package io.calibrax.examples.plugin;

import io.calibrax.api.Alert;
import io.calibrax.api.AlertHandler;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;

/**
 * Appends each alert to a text file, one line per alert:
 * {@code 2025-01-31T09:15:02.113Z [warning] Throughput below minimum: throughput=850.00 (threshold=1000.00)}.
 *
 * <p>Threading: the alert manager calls {@link #handle} from one thread at a time, so no locking
 * is needed; the file is opened per alert, so there is nothing to close and another process may
 * rotate it at any time.
 *
 * @since 0.1.0
 */
public final class AlertLogHandler implements AlertHandler {
    static final String NAME = "alert-log";

    private final Path file;

    /** @throws NullPointerException if file is null */
    public AlertLogHandler(Path file) {
        this.file = Objects.requireNonNull(file, "file");
    }

    /** @throws IOException if the file cannot be written; the manager counts the alert as failed */
    @Override
    public void handle(Alert alert) throws IOException {
        String line = String.format(Locale.ROOT, "%s [%s] %s: %s=%.2f (threshold=%.2f)%n",
                DateTimeFormatter.ISO_INSTANT.format(alert.timestamp()), alert.severity().value(),
                alert.message().replace('\n', ' ').replace('\r', ' '), alert.metricName(), alert.metricValue(),
                alert.threshold());
        Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The file written to. */
    public Path file() {
        return file;
    }
}
