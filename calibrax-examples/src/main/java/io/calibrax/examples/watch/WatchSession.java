package io.calibrax.examples.watch;

import io.calibrax.api.Alert;
import io.calibrax.api.AlertHandler;
import io.calibrax.api.AlertSeverity;
import io.calibrax.api.ResourceMonitor;
import io.calibrax.monitoring.AdvancedMonitor;
import io.calibrax.monitoring.AlertManager;
import io.calibrax.monitoring.Threshold;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One run of {@code calibrax watch}: drives an {@link AdvancedMonitor} from the calling thread
 * with {@link AdvancedMonitor#runCycle()} at a fixed rate, one interval after another (so the monitor polls its resource
 * monitor, GPUs and sources and checks thresholds exactly as its own loop would), shows each
 * cycle's readings as they come (with the thresholds pending or without data), prints every alert, and at the end gives a {@link WatchResult}
 * for the summary and the report.
 *
 * <p>Threading: {@link #run} runs the cycles on the calling thread; {@link #stop} may be called
 * from any thread (the Ctrl-C shutdown hook) and makes {@code run} return before the next cycle.
 *
 * @since 0.1.0
 */
public final class WatchSession {
    /** Metrics listed first, in this order, in the status line, the table and the report. */
    static final List<String> FIRST = List.of("cpu_percent", "memory_rss_mb", "process_count",
            "gpu_process_memory_mb", "jvm_heap_used_mb", "system_cpu_percent", "system_memory_percent",
            "gpu_utilization", "gpu_memory_mb");

    /** Alerts kept for the timeline; a longer run keeps the newest and counts them all. */
    static final int MAX_ALERTS_KEPT = 10_000;
    /**
     * How long after the warm-up reading the first sample comes (the interval if shorter), so that
     * its CPU figures cover a real window rather than a few microseconds.
     */
    static final Duration FIRST_SAMPLE_DELAY = Duration.ofMillis(100);
    /** Longest wait for the console to print a cycle's alerts before that cycle's line. */
    private static final Duration CONSOLE_WAIT = Duration.ofSeconds(1);

    private final AdvancedMonitor monitor;
    private final AlertManager alertManager;
    private final Settings settings;
    private final LiveOutput live;
    private final String host;
    private final List<String> gpus;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicBoolean ran = new AtomicBoolean();
    private final Object lock = new Object();
    private final Map<String, MetricSeries> series = new LinkedHashMap<>();
    private final Deque<Alert> alerts = new ArrayDeque<>();
    private long alertsRaised;
    private final long[] alertsBySeverity = new long[AlertSeverity.values().length];
    private long triggeredBeforeWatch;
    private long samples;
    private Instant started;
    private Map<String, Threshold.State> thresholdStates = Map.of();

    /**
     * What to watch and how.
     *
     * @param interval   time between samples; positive
     * @param duration   how long to watch; zero means until {@link #stop()}
     * @param thresholds the thresholds, set on the monitor
     * @param terminal   true for a status line rewritten in place, false for a line per sample
     * @param zone       the time zone of printed times
     * @since 0.1.0
     */
    public record Settings(Duration interval, Duration duration, List<ThresholdSpec> thresholds, boolean terminal,
                           ZoneId zone) {
        public Settings {
            Objects.requireNonNull(interval, "interval");
            Objects.requireNonNull(duration, "duration");
            Objects.requireNonNull(zone, "zone");
            if (interval.isZero() || interval.isNegative()) {
                throw new IllegalArgumentException("interval must be positive, got " + interval);
            }
            if (duration.isNegative()) {
                throw new IllegalArgumentException("duration must not be negative, got " + duration);
            }
            thresholds = List.copyOf(thresholds);
        }
    }

    /**
     * @param monitor      the monitor to drive (its own loop should not run as well); its alert
     *                     manager carries the configured handlers, and the session adds the console
     * @param host         the machine's name, for the output
     * @param gpus         the GPUs the monitor reads, for the output
     */
    public WatchSession(AdvancedMonitor monitor, Settings settings, PrintWriter out, String host, List<String> gpus) {
        this.monitor = Objects.requireNonNull(monitor, "monitor");
        this.alertManager = monitor.getAlertManager();
        this.settings = Objects.requireNonNull(settings, "settings");
        this.live = new LiveOutput(out, settings.terminal(), settings.zone(), FIRST);
        this.host = Objects.requireNonNull(host, "host");
        this.gpus = List.copyOf(gpus);
    }

    /**
     * Watches until the duration has passed (exactly: {@code 1.5s} is 1.5 s) or {@link #stop()} is
     * called, then waits (10 seconds at most) for the handlers to deliver what was raised. The
     * first sample comes at start ({@link #FIRST_SAMPLE_DELAY} after it), the others one interval
     * apart.
     *
     * @throws InterruptedException  if the calling thread is interrupted
     * @throws IllegalStateException if it was run before: a session runs once
     */
    public WatchResult run() throws InterruptedException {
        if (!ran.compareAndSet(false, true)) {
            throw new IllegalStateException("a watch session runs once");
        }
        alertManager.addAlertHandler(new ConsoleHandler());
        triggeredBeforeWatch = alertManager.getTotalTriggered();
        for (ThresholdSpec threshold : settings.thresholds()) {
            monitor.setThreshold(threshold.metric(), threshold.threshold());
        }
        warmUp();
        long intervalNanos = settings.interval().toNanos();
        boolean openEnded = settings.duration().isZero();
        long start = System.nanoTime();
        long end = start + settings.duration().toNanos();
        synchronized (lock) {
            started = Instant.now();
        }
        try {
            // The first sample at start, as soon as the warm-up reading is a short window old.
            long next = start + Math.min(intervalNanos, FIRST_SAMPLE_DELAY.toNanos());
            while (true) {
                long now = System.nanoTime();
                if (next - now < 0) { // a slow cycle: skip the ticks it overran, never catch up in a burst
                    next += (now - next + intervalNanos - 1) / intervalNanos * intervalNanos;
                }
                if (!openEnded && next - end >= 0) { // no tick left: the watch still lasts its whole duration
                    stopped.await(end - now, TimeUnit.NANOSECONDS);
                    break;
                }
                if (stopped.await(next - now, TimeUnit.NANOSECONDS)) {
                    break;
                }
                sample();
                next += intervalNanos;
            }
        } finally {
            alertManager.flush(Duration.ofSeconds(10));
            live.finish();
        }
        return result();
    }

    /**
     * Takes one reading of the resource monitor that nobody sees, so that the first sample's CPU
     * figures cover the first interval rather than everything since the JVM (or the host) started.
     */
    private void warmUp() {
        try {
            monitor.getResourceMonitor().ifPresent(ResourceMonitor::sample);
        } catch (RuntimeException e) {
            // the cycles will report a monitor that fails
        }
    }

    /** Makes {@link #run()} return now. Idempotent; any thread. */
    public void stop() {
        stopped.countDown();
    }

    /**
     * Runs one monitor cycle, lets the console print the alerts it raised, then records and shows
     * its readings, so that each sample's line comes after its alerts and counts them.
     */
    private void sample() throws InterruptedException {
        monitor.runCycle();
        awaitConsole(alertManager.getTotalTriggered());
        Instant now = Instant.now();
        List<LiveOutput.Reading> readings = new ArrayList<>();
        Map<String, Threshold.State> states = monitor.getThresholdStates();
        long alertCount;
        synchronized (lock) {
            monitor.getMonitoringSummary().metricHistory().entrySet().stream()
                    .sorted(Map.Entry.comparingByKey(displayOrder()))
                    .forEach(entry -> {
                        MetricSeries metric = series.computeIfAbsent(entry.getKey(), MetricSeries::new);
                        double value = entry.getValue().latest();
                        metric.add(now.toEpochMilli(), value);
                        readings.add(new LiveOutput.Reading(entry.getKey(), value, Values.reading(value, metric.isCount())));
                    });
            samples++;
            alertCount = alertsRaised;
            thresholdStates = states;
        }
        live.sample(now, Duration.between(started, now), readings, alertCount, states);
    }

    /** Waits (a second at most) until the console has printed the first {@code triggered} alerts. */
    private void awaitConsole(long triggered) throws InterruptedException {
        long deadline = System.nanoTime() + CONSOLE_WAIT.toNanos();
        synchronized (lock) {
            long left;
            while (triggeredBeforeWatch + alertsRaised < triggered && (left = deadline - System.nanoTime()) > 0) {
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
        }
    }

    private WatchResult result() {
        synchronized (lock) {
            List<MetricSeries.Snapshot> metrics = series.values().stream()
                    .sorted(Comparator.comparing(MetricSeries::name, displayOrder()))
                    .map(MetricSeries::snapshot).toList();
            Map<String, ThresholdSpec> thresholds = new LinkedHashMap<>();
            settings.thresholds().forEach(threshold -> thresholds.put(threshold.metric(), threshold));
            return new WatchResult(host, started, Instant.now(), settings.interval(), samples, metrics, thresholds,
                    alertsRaised, List.copyOf(alerts), alertManager.handlerStats(), gpus, thresholdStates);
        }
    }

    /** How many alerts at or above {@code severity} were raised so far (all of them, not only those kept). */
    public long alertsAtOrAbove(AlertSeverity severity) {
        synchronized (lock) {
            long count = 0;
            for (int at = severity.ordinal(); at < alertsBySeverity.length; at++) {
                count += alertsBySeverity[at];
            }
            return count;
        }
    }

    /** {@link #FIRST} first, then by name. */
    static Comparator<String> displayOrder() {
        return Comparator.<String>comparingInt(name -> {
            int at = FIRST.indexOf(name);
            return at < 0 ? FIRST.size() : at;
        }).thenComparing(Comparator.naturalOrder());
    }

    /** Prints each alert as it is raised and keeps it for the timeline. */
    private final class ConsoleHandler implements AlertHandler {
        @Override
        public void handle(Alert alert) {
            live.alert(alert); // printed before it is counted: the cycle's line waits for the count
            synchronized (lock) {
                if (alerts.size() == MAX_ALERTS_KEPT) {
                    alerts.removeFirst();
                }
                alerts.addLast(alert);
                alertsRaised++;
                alertsBySeverity[alert.severity().ordinal()]++;
                lock.notifyAll();
            }
        }

        @Override
        public String name() {
            return "console";
        }
    }
}
