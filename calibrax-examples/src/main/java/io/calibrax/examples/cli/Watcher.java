package io.calibrax.examples.cli;

import com.google.inject.multibindings.OptionalBinder;
import io.calibrax.Calibrax;
import io.calibrax.api.AlertSeverity;
import io.calibrax.api.GpuProfiler;
import io.calibrax.api.ResourceMonitor;
import io.calibrax.examples.watch.ThresholdSpec;
import io.calibrax.examples.watch.Values;
import io.calibrax.examples.watch.WatchResult;
import io.calibrax.examples.watch.WatchSession;
import io.calibrax.handlers.console.ConsoleHandlerProvider;
import io.calibrax.monitoring.HandlerStats;
import io.calibrax.resources.HostResourceMonitor;
import io.calibrax.resources.ProcessTreeMonitor;
import io.calibrax.spi.CalibraxConfig;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One watch from wiring to summary, shared by {@code watch} and {@code run}: wires Calibrax with
 * the watched target as its resource monitor (the host until {@link #watchProcessTree} names a
 * process), prints the header, runs a {@link WatchSession} on the calling thread until the duration
 * ends, {@link #stop()} is called or the JVM is asked to stop (Ctrl-C), then prints the summary and
 * writes the report. {@link #stop()} may be called from any thread; the rest from the command's.
 */
final class Watcher implements AutoCloseable {
    /** How long Ctrl-C waits for the summary and report before the JVM exits anyway. */
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(20);

    private final CommandSpec spec;
    private final WatchOptions options;
    private final List<ThresholdSpec> thresholds;
    private final Calibrax calibrax;
    private final TargetMonitor target;
    private final ZoneId zone = ZoneId.systemDefault();
    private final List<String> gpus;
    private WatchSession session;

    private Watcher(CommandSpec spec, WatchOptions options, List<ThresholdSpec> thresholds, Calibrax calibrax,
                    TargetMonitor target) {
        this.spec = spec;
        this.options = options;
        this.thresholds = thresholds;
        this.calibrax = calibrax;
        this.target = target;
        this.gpus = gpuNames(calibrax.gpuProfilers());
    }

    /**
     * Wires Calibrax for a watch of the host (until told otherwise). The console handler is off:
     * the session prints alerts itself, between its status lines.
     *
     * @throws ConfigurationException naming the setting if one is wrong (a core key, a plugin's key)
     */
    static Watcher open(CommandSpec spec, WatchOptions options, CalibraxConfig config, List<ThresholdSpec> thresholds) {
        TargetMonitor target = new TargetMonitor(new HostResourceMonitor());
        Map<String, String> overrides = new java.util.HashMap<>(options.overrides());
        overrides.put(ConsoleHandlerProvider.ENABLED, "false");
        CalibraxConfig wired = new OverlayConfig(config, overrides);
        try {
            Calibrax calibrax = Calibrax.bootstrap(wired, binder ->
                    OptionalBinder.newOptionalBinder(binder, ResourceMonitor.class).setBinding().toInstance(target));
            return new Watcher(spec, options, thresholds, calibrax, target);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(e.getMessage(), e);
        }
    }

    /**
     * From now on the watch reads process {@code pid} and all its descendants. Reads the tree once
     * at once, so that the first sample (and a short command's only one) is not late for loading
     * OSHI.
     */
    void watchProcessTree(long pid) {
        ProcessTreeMonitor tree = new ProcessTreeMonitor(pid, calibrax.gpuProfilers());
        try {
            tree.sample();
        } catch (RuntimeException e) {
            // ended already, or unreadable: the session's samples will say so
        }
        target.watch(tree);
    }

    /**
     * Prepares the session that {@link #run} will run, so that {@link #stop()} works from now on.
     *
     * @param what what is watched, as the header and summary name it
     */
    void prepare(String what) {
        session = new WatchSession(calibrax.productionMonitor(), new WatchSession.Settings(options.interval,
                options.duration, thresholds, System.console() != null && !options.plain, zone),
                spec.commandLine().getOut(), what, gpus);
    }

    /** Ends the watch now (from any thread); idempotent. */
    void stop() {
        session.stop();
    }

    /**
     * Prints the header, watches to the end and prints the summary (and writes the report).
     *
     * @param headline the header's first line, such as {@code Watching box every 1s until Ctrl-C.}
     * @return 0, or 1 when the report could not be written or a handler did not deliver
     */
    int run(String headline) throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        printHeader(out, headline);
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            session.stop();
            awaitQuietly(finished);
        }, "calibrax-watch-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            WatchResult result = session.run();
            out.println();
            result.printSummary(out, zone);
            int status = writeReport(result);
            return undelivered(result.handlers()) ? CalibraxCommand.EXIT_FAILURE : status;
        } finally {
            finished.countDown();
            removeQuietly(hook);
        }
    }

    /** How many alerts at or above {@code severity} the watch raised. */
    long alertsAtOrAbove(AlertSeverity severity) {
        return session.alertsAtOrAbove(severity);
    }

    /** The interval, for headers. */
    String interval() {
        return Values.format(options.interval);
    }

    private void printHeader(PrintWriter out, String headline) {
        out.println(headline);
        out.println("Thresholds: " + (thresholds.isEmpty() ? "none (add some with --threshold cpu_percent=90)"
                : String.join(", ", thresholds.stream().map(ThresholdSpec::toString).toList())));
        List<String> names = new ArrayList<>();
        calibrax.alertManager().handlerStats().stream().map(HandlerStats::name).forEach(names::add);
        names.add("console");
        out.println("Alert handlers: " + String.join(", ", names));
        out.println("GPUs: " + (gpus.isEmpty() ? "none found" : String.join(", ", gpus)));
        out.println();
        out.flush();
    }

    /** True, after saying so on stderr, when a handler gave up on an alert or could not deliver it in time. */
    private boolean undelivered(List<HandlerStats> handlers) {
        boolean any = false;
        for (HandlerStats stats : handlers) {
            long lost = stats.failed() + stats.dropped() + stats.queued();
            if (lost > 0) {
                spec.commandLine().getErr().printf("%s: alert handler '%s' did not deliver %d alert(s) "
                        + "(%d failed, %d dropped, %d still queued)%n", spec.qualifiedName(), stats.name(), lost,
                        stats.failed(), stats.dropped(), stats.queued());
                any = true;
            }
        }
        return any;
    }

    private int writeReport(WatchResult result) {
        if (options.report == null) {
            return 0;
        }
        try {
            result.writeReport(options.report, zone);
            spec.commandLine().getOut().println();
            spec.commandLine().getOut().println("Report written to " + options.report.toAbsolutePath());
            return 0;
        } catch (IOException | RuntimeException e) {
            spec.commandLine().getErr().println(spec.qualifiedName() + ": could not write the report "
                    + options.report.toAbsolutePath() + ": " + e);
            return CalibraxCommand.EXIT_FAILURE;
        }
    }

    private static List<String> gpuNames(List<GpuProfiler> gpus) {
        List<String> names = new ArrayList<>();
        for (GpuProfiler gpu : gpus) {
            try {
                names.add(gpu.index() + ": " + gpu.name());
            } catch (RuntimeException e) {
                names.add("a GPU whose name cannot be read (" + e.getMessage() + ")");
            }
        }
        return names;
    }

    private static void awaitQuietly(CountDownLatch finished) {
        try {
            finished.await(SHUTDOWN_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void removeQuietly(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down (Ctrl-C): the hook is running and waits for us
        }
    }

    @Override
    public void close() {
        calibrax.close();
    }
}
