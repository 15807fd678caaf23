package io.calibrax.examples.cli;

import io.calibrax.Calibrax;
import io.calibrax.api.AlertHandler;
import io.calibrax.api.GpuProfiler;
import io.calibrax.examples.watch.ThresholdSpec;
import io.calibrax.examples.watch.Values;
import io.calibrax.examples.watch.WatchResult;
import io.calibrax.examples.watch.WatchSession;
import io.calibrax.handlers.console.ConsoleHandlerProvider;
import io.calibrax.monitoring.HandlerStats;
import io.calibrax.spi.CalibraxConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code calibrax watch}: monitors this machine (the process, the host, the JVM and every GPU)
 * with an {@link io.calibrax.monitoring.AdvancedMonitor} wired by {@link Calibrax#bootstrap},
 * shows the readings as they come, sends alerts to the console and every configured handler, and
 * ends (duration reached or Ctrl-C) with a summary table and, if asked, an HTML report.
 */
@Command(name = "watch",
        mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        descriptionHeading = "%n", optionListHeading = "%nOptions:%n",
        header = "Monitor this machine live, alert on thresholds, summarize.",
        description = {"Samples the process (cpu_percent, memory_rss_mb, threads, open files), the host "
                + "(system_cpu_percent, system_memory_percent, load), the JVM (heap, GC) and every GPU found, "
                + "every --interval, the first sample at start, until Ctrl-C (or SIGTERM) or for --duration.",
                "Alerts go to the console and to every configured handler (Slack, email, Alertmanager, plugins).",
                "On a terminal one status line updates in place; otherwise one line per sample is printed.",
                "At the end (or on Ctrl-C) it prints, per metric, the latest, min, max and mean readings, the "
                + "alerts raised and each handler's delivery statistics."},
        footer = {"", "Examples:",
                "  calibrax watch --threshold cpu_percent=90            (until Ctrl-C)",
                "  calibrax watch --duration 1m --threshold cpu_percent=90",
                "  calibrax watch --interval 200ms --duration 10s --report watch.html",
                "  calibrax watch --duration 1h --config /etc/calibrax.properties --plugins /opt/calibrax/plugins"})
final class WatchCommand implements Callable<Integer> {
    /** The setting that lists thresholds when no --threshold is given: {@code cpu_percent>90, ...}. */
    static final String THRESHOLDS = "calibrax.watch.thresholds";
    /** The setting that {@code --prometheus-port} overrides (read by calibrax-micrometer's endpoint). */
    static final String PROMETHEUS_PORT = "calibrax.prometheus.port";
    /** The setting that {@code --ui-port} overrides (read by calibrax-ui's live page). */
    static final String UI_PORT = "calibrax.ui.port";
    /** The smallest interval accepted. */
    static final Duration MIN_INTERVAL = Duration.ofMillis(10);
    /** How long Ctrl-C waits for the summary and report before the JVM exits anyway. */
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(20);

    @Spec
    private CommandSpec spec;

    @Mixin
    private ConfigOption configOption;

    @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "1s", converter = DurationConverter.class,
            description = "Time between samples, such as 200ms, 1s or 1m (default: ${DEFAULT-VALUE}).")
    private Duration interval;

    @Option(names = "--duration", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long to watch, such as 30s, 1.5m or PT2H (default: until Ctrl-C or SIGTERM; "
                    + "0s says the same).")
    private Duration duration = Duration.ZERO;

    @Option(names = "--threshold", paramLabel = "METRIC=VALUE", converter = ThresholdConverter.class,
            description = {"Alert when METRIC goes above VALUE (METRIC>VALUE says the same), or below it with "
                    + "METRIC<VALUE. Repeat for several metrics. Default: the comma-separated list in the setting",
                    THRESHOLDS})
    private List<ThresholdSpec> thresholds = new ArrayList<>();

    @Option(names = "--report", paramLabel = "FILE",
            description = "Also write one self-contained HTML page with a chart per metric and the alert timeline.")
    private Path report;

    @Option(names = "--plain", description = "One plain line per sample even on a terminal.")
    private boolean plain;

    @Option(names = "--prometheus-port", paramLabel = "PORT",
            description = "Also serve the readings, pipelines and alert counts to Prometheus at "
                    + "http://<host>:PORT/metrics while watching (the setting calibrax.prometheus.port).")
    private Integer prometheusPort;

    @Option(names = "--ui-port", paramLabel = "PORT",
            description = "Also serve a live page (charts, alerts, handlers, silences) at http://127.0.0.1:PORT/ "
                    + "while watching (the setting calibrax.ui.port; calibrax.ui.host and calibrax.ui.token apply).")
    private Integer uiPort;

    @Override
    public Integer call() throws InterruptedException {
        if (interval.compareTo(MIN_INTERVAL) < 0) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--interval': '"
                    + spec.findOption("--interval").originalStringValues().get(0) + "' is too short (at least "
                    + Values.format(MIN_INTERVAL) + ")");
        }
        if (!duration.isZero() && duration.compareTo(interval) < 0) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--duration': '"
                    + spec.findOption("--duration").originalStringValues().get(0) + "' is shorter than the interval ("
                    + Values.format(interval) + "), so nothing would be sampled");
        }
        if (prometheusPort != null && (prometheusPort < 0 || prometheusPort > 65535)) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--prometheus-port': '"
                    + prometheusPort + "' is not a port number (0 to 65535)");
        }
        if (uiPort != null && (uiPort < 0 || uiPort > 65535)) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--ui-port': '"
                    + uiPort + "' is not a port number (0 to 65535)");
        }
        checkReport(spec, report);
        CalibraxConfig fileConfig = configOption.load();
        List<ThresholdSpec> chosen = chooseThresholds(fileConfig);
        // watch prints alerts itself, between its status lines: the console handler would interleave
        Map<String, String> overrides = new java.util.HashMap<>(Map.of(ConsoleHandlerProvider.ENABLED, "false"));
        if (prometheusPort != null) {
            overrides.put(PROMETHEUS_PORT, prometheusPort.toString());
        }
        if (uiPort != null) {
            overrides.put(UI_PORT, uiPort.toString());
        }
        CalibraxConfig config = new OverlayConfig(fileConfig, overrides);

        PrintWriter out = spec.commandLine().getOut();
        ZoneId zone = ZoneId.systemDefault();
        try (Calibrax calibrax = bootstrap(config)) {
            List<String> gpus = gpuNames(calibrax.gpuProfilers());
            String host = hostName();
            WatchSession session = new WatchSession(calibrax.productionMonitor(),
                    new WatchSession.Settings(interval, duration, chosen, System.console() != null && !plain, zone),
                    out, host, gpus);
            printHeader(out, host, chosen, calibrax.alertManager().handlerStats(), gpus);

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
                return writeReport(result, zone);
            } finally {
                finished.countDown();
                removeQuietly(hook);
            }
        }
    }

    /**
     * Refuses, before any work, a {@code --report} that could not be written at the end.
     *
     * @throws ParameterException naming --report and the reason
     */
    static void checkReport(CommandSpec spec, Path report) {
        if (report == null) {
            return;
        }
        try {
            WatchResult.checkReportWritable(report);
        } catch (IOException e) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--report': " + e.getMessage());
        }
    }

    /**
     * Wires Calibrax for a command; a wrong setting (a core key, a plugin's key, the plugin
     * folder) is a {@link ConfigurationException}.
     */
    static Calibrax bootstrap(CalibraxConfig config) {
        try {
            return Calibrax.bootstrap(config);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(e.getMessage(), e);
        }
    }

    private List<ThresholdSpec> chooseThresholds(CalibraxConfig config) {
        List<ThresholdSpec> chosen = new ArrayList<>(thresholds);
        String source = "option '--threshold'";
        if (chosen.isEmpty()) {
            source = "setting " + THRESHOLDS;
            for (String item : config.getList(THRESHOLDS)) {
                try {
                    chosen.add(ThresholdSpec.parse(item));
                } catch (IllegalArgumentException e) {
                    throw new ParameterException(spec.commandLine(), "Invalid value for " + source + ": " + e.getMessage());
                }
            }
        }
        Map<String, ThresholdSpec> byMetric = new LinkedHashMap<>();
        for (ThresholdSpec threshold : chosen) {
            ThresholdSpec earlier = byMetric.put(threshold.metric(), threshold);
            if (earlier != null) {
                throw new ParameterException(spec.commandLine(), "Invalid value for " + source + ": " + threshold.metric()
                        + " has two thresholds (" + earlier + " and " + threshold + "); give one");
            }
        }
        return List.copyOf(byMetric.values());
    }

    private void printHeader(PrintWriter out, String host, List<ThresholdSpec> chosen, List<HandlerStats> handlers,
                             List<String> gpus) {
        out.printf("Watching %s (pid %d) every %s %s.%n", host, ProcessHandle.current().pid(), Values.format(interval),
                duration.isZero() ? "until Ctrl-C" : "for " + Values.format(duration) + "; Ctrl-C stops early");
        out.println("Thresholds: " + (chosen.isEmpty() ? "none (add some with --threshold cpu_percent=90)"
                : String.join(", ", chosen.stream().map(ThresholdSpec::toString).toList())));
        List<String> names = new ArrayList<>();
        handlers.forEach(handler -> names.add(handler.name())); // as registered: named after its provider
        names.add("console");
        out.println("Alert handlers: " + String.join(", ", names));
        out.println("GPUs: " + (gpus.isEmpty() ? "none found" : String.join(", ", gpus)));
        out.println();
        out.flush();
    }

    private int writeReport(WatchResult result, ZoneId zone) {
        if (report == null) {
            return 0;
        }
        try {
            result.writeReport(report, zone);
            spec.commandLine().getOut().println();
            spec.commandLine().getOut().println("Report written to " + report.toAbsolutePath());
            return 0;
        } catch (IOException | RuntimeException e) {
            spec.commandLine().getErr().println("calibrax watch: could not write the report " + report.toAbsolutePath()
                    + ": " + e);
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

    private static String hostName() {
        String name = System.getenv("HOSTNAME");
        if (name == null || name.isBlank()) {
            name = System.getenv("COMPUTERNAME");
        }
        if (name == null || name.isBlank()) {
            try {
                name = InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                name = "localhost";
            }
        }
        return name;
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
}
