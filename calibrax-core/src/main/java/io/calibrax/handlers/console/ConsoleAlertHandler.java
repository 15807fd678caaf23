package io.calibrax.handlers.console;

import io.calibrax.api.Alert;
import io.calibrax.api.AlertHandler;
import io.calibrax.api.AlertSeverity;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Objects;

/**
 * Prints each alert as one line, {@code [warning] Throughput below minimum: throughput=850.00
 * (threshold=1000.00)} (two decimals, {@link Locale#ROOT}), to a print stream: standard output
 * unless another is given. Line breaks in the message become spaces so an alert is always one line.
 *
 * <p>Threading: the alert manager calls {@link #handle} from one thread; the stream is flushed
 * after every line and never closed (it is not ours).
 *
 * @since 0.1.0
 */
public final class ConsoleAlertHandler implements AlertHandler {
    private final PrintStream out;
    private final AlertSeverity minSeverity;

    /** Every alert, to {@code System.out}. */
    public ConsoleAlertHandler() {
        this(System.out, AlertSeverity.INFO);
    }

    /**
     * Alerts of {@code minSeverity} and above, to {@code out}.
     *
     * @throws NullPointerException if out or minSeverity is null
     */
    public ConsoleAlertHandler(PrintStream out, AlertSeverity minSeverity) {
        this.out = Objects.requireNonNull(out, "out");
        this.minSeverity = Objects.requireNonNull(minSeverity, "minSeverity");
    }

    /** The line printed for {@code alert}, without a line terminator. */
    public static String format(Alert alert) {
        String message = alert.message().replace("\r\n", " ").replace('\r', ' ').replace('\n', ' ');
        return String.format(Locale.ROOT, "[%s] %s: %s=%.2f (threshold=%.2f)", alert.severity().value(),
                message, alert.metricName(), alert.metricValue(), alert.threshold());
    }

    /**
     * Prints the alert if it is severe enough.
     *
     * @throws UncheckedIOException if the stream reports an error (the manager counts it as failed)
     */
    @Override
    public void handle(Alert alert) {
        if (alert.severity().compareTo(minSeverity) >= 0) {
            print(alert);
        }
    }

    private void print(Alert alert) {
        out.println(format(alert));
        out.flush();
        if (out.checkError()) {
            throw new UncheckedIOException(new IOException("the console stream reported a write error"));
        }
    }

    /** Prints the test alert now, whatever the minimum severity. */
    @Override
    public void sendTest() {
        print(AlertHandler.testAlert());
    }

    /** The lowest severity printed. */
    public AlertSeverity minSeverity() {
        return minSeverity;
    }

    @Override
    public String name() {
        return "console";
    }

    /** Flushes the stream; leaves it open. */
    @Override
    public void close() {
        out.flush();
    }

    @Override
    public String toString() {
        return "ConsoleAlertHandler[minSeverity=" + minSeverity.value() + "]";
    }
}
