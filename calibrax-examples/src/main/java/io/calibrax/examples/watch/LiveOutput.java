package io.calibrax.examples.watch;

import io.calibrax.api.Alert;
import io.calibrax.handlers.console.ConsoleAlertHandler;
import io.calibrax.monitoring.Threshold;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a watch prints while it runs. On a terminal, one status line rewritten in place with
 * {@code \r} after every sample, alerts printed above it; otherwise (a pipe, a file, a test) one
 * plain line per sample with every reading, and alert lines between them.
 *
 * <p>Thread-safe: the sampling thread and the alert handler's thread both print through it, one
 * whole line at a time.
 */
final class LiveOutput {
    /** The status line never grows past this, so that it never wraps on an 80-column terminal. */
    static final int STATUS_WIDTH = 79;

    /** Short labels of the usual metrics; a trailing % marks a percentage, the others are MB. */
    private static final Map<String, String> SHORT_LABELS = Map.of(
            "cpu_percent", "cpu%",
            "memory_rss_mb", "rss",
            "jvm_heap_used_mb", "heap",
            "system_cpu_percent", "host cpu%",
            "system_memory_percent", "host mem%",
            "gpu_utilization", "gpu%",
            "gpu_memory_mb", "gpu mem");

    private final PrintWriter out;
    private final boolean terminal;
    private final DateTimeFormatter time;
    private final List<String> statusMetrics;
    private String status = "";

    /**
     * @param terminal      true to rewrite one status line in place
     * @param statusMetrics the metrics the status line shows first, when they are read
     */
    LiveOutput(PrintWriter out, boolean terminal, ZoneId zone, List<String> statusMetrics) {
        this.out = Objects.requireNonNull(out, "out");
        this.terminal = terminal;
        this.time = DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT).withZone(zone);
        this.statusMetrics = List.copyOf(statusMetrics);
    }

    /** Prints a line above the status line. */
    synchronized void line(String text) {
        clearStatus();
        out.println(text);
        redrawStatus();
    }

    /** Prints an alert as it is raised. */
    void alert(Alert alert) {
        line((terminal ? "" : time.format(alert.timestamp()) + "  ") + ConsoleAlertHandler.format(alert));
    }

    /** Shows one sample's readings. */
    void sample(Instant at, Duration elapsed, List<Reading> readings, long alerts) {
        sample(at, elapsed, readings, alerts, Map.of());
    }

    /**
     * Shows one sample's readings and the thresholds that are pending (in breach, not yet for long
     * enough to fire) or have no data: {@code [latency pending]}, {@code [gpu_temperature_c no data]}.
     */
    synchronized void sample(Instant at, Duration elapsed, List<Reading> readings, long alerts,
                             Map<String, Threshold.State> states) {
        List<String> marks = marks(states);
        if (!terminal) {
            StringBuilder line = new StringBuilder(time.format(at));
            readings.forEach(reading -> line.append("  ").append(reading.name()).append('=').append(reading.text()));
            marks.forEach(mark -> line.append("  ").append(mark));
            out.println(line);
            out.flush();
            return;
        }
        String tail = (marks.isEmpty() ? "" : "  " + String.join("  ", marks)) + "  alerts " + alerts;
        if (tail.length() > STATUS_WIDTH / 2) { // too many marks for the line: count them instead
            tail = "  " + marks.size() + " pending/no data  alerts " + alerts;
        }
        String next = status(elapsed, readings, tail);
        out.print('\r');
        out.print(next);
        if (next.length() < status.length()) { // blank what the longer line before left
            out.print(" ".repeat(status.length() - next.length()));
        }
        status = next;
        out.flush();
    }

    /** Ends the status line so what follows starts on a fresh line. */
    synchronized void finish() {
        if (terminal && !status.isEmpty()) {
            out.println();
            status = "";
        }
        out.flush();
    }

    /** The pending and no-data thresholds, by metric name, each as {@code "[name state]"}. */
    static List<String> marks(Map<String, Threshold.State> states) {
        List<String> marks = new ArrayList<>();
        new TreeMap<>(states).forEach((metric, state) -> {
            if (state == Threshold.State.PENDING || state == Threshold.State.NO_DATA) {
                marks.add("[" + metric + " " + stateWords(state) + "]");
            }
        });
        return marks;
    }

    /** {@code pending}, {@code firing}, {@code no data} or {@code inactive}, as the output says them. */
    static String stateWords(Threshold.State state) {
        return state == Threshold.State.NO_DATA ? "no data" : state.name().toLowerCase(Locale.ROOT);
    }

    private String status(Duration elapsed, List<Reading> readings, String tail) {
        long seconds = elapsed.toSeconds();
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%02d:%02d:%02d",
                seconds / 3600, seconds / 60 % 60, seconds % 60));
        List<Reading> ordered = new ArrayList<>(readings.size());
        for (String name : statusMetrics) {
            readings.stream().filter(reading -> reading.name().equals(name)).forEach(ordered::add);
        }
        readings.stream().filter(reading -> !statusMetrics.contains(reading.name())).forEach(ordered::add);
        for (Reading reading : ordered) {
            String item = "  " + shortForm(reading);
            if (line.length() + item.length() + tail.length() > STATUS_WIDTH) {
                break;
            }
            line.append(item);
        }
        return line.append(tail).toString();
    }

    /** {@code cpu 12.5%}, {@code rss 85 MB}; other metrics as {@code name value}. */
    static String shortForm(Reading reading) {
        String label = SHORT_LABELS.get(reading.name());
        double value = reading.value();
        if (label == null) {
            return reading.name() + " " + reading.text();
        }
        return label.endsWith("%") ? String.format(Locale.ROOT, "%s %.1f%%", label.substring(0, label.length() - 1), value)
                : String.format(Locale.ROOT, "%s %.0f MB", label, value);
    }

    /**
     * One metric's reading in a sample.
     *
     * @param text the value as the metric's column shows it
     */
    record Reading(String name, double value, String text) {
    }

    private void clearStatus() {
        if (terminal && !status.isEmpty()) {
            out.print('\r');
            out.print(" ".repeat(status.length()));
            out.print('\r');
        }
    }

    private void redrawStatus() {
        if (terminal && !status.isEmpty()) {
            out.print(status);
        }
        out.flush();
    }
}
