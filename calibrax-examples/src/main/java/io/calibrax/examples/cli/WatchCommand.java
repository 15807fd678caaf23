package io.calibrax.examples.cli;

import io.calibrax.examples.watch.ThresholdSpec;
import io.calibrax.examples.watch.Values;
import io.calibrax.spi.CalibraxConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code calibrax watch}: monitors the host and its GPUs, or with {@code --pid} a running process
 * and all its descendants, through an {@link io.calibrax.monitoring.AdvancedMonitor} wired by
 * {@link io.calibrax.Calibrax#bootstrap}; shows the readings as they come, sends alerts to the
 * console and every configured handler, and ends (duration reached, the process ended, or Ctrl-C)
 * with a summary table and, if asked, an HTML report.
 */
@Command(name = "watch",
        mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        descriptionHeading = "%n", optionListHeading = "%nOptions:%n",
        header = "Monitor the host or a process live, alert on thresholds, summarize.",
        description = {"Without --pid: the host (cpu_percent is the whole machine's CPU, 100 = one core; "
                + "memory_rss_mb the memory in use; system_cpu_percent, system_memory_percent, load) and every GPU found.",
                "With --pid N: process N and all its descendants, found again at every sample (cpu_percent and "
                + "memory_rss_mb summed over them, process_count, process_threads, process_open_fds, "
                + "gpu_process_memory_mb), until it ends.",
                "Samples every --interval, the first at start, until Ctrl-C (or SIGTERM) or for --duration.",
                "Alerts go to the console and to every configured handler (Slack, email, Alertmanager, plugins).",
                "On a terminal one status line updates in place; otherwise one line per sample is printed.",
                "At the end it prints, per metric, the latest, min, max and mean readings, the "
                + "alerts raised and each handler's delivery statistics."},
        footer = {"", "Examples:",
                "  calibrax watch --threshold system_cpu_percent=90          (until Ctrl-C)",
                "  calibrax watch --pid 4242 --threshold memory_rss_mb=4096  (until process 4242 ends)",
                "  calibrax watch --interval 200ms --duration 10s --report watch.html",
                "  calibrax watch --duration 1h --config /etc/calibrax.properties --plugins /opt/calibrax/plugins"})
final class WatchCommand implements Callable<Integer> {
    /** The setting that lists thresholds when no --threshold is given. */
    static final String THRESHOLDS = WatchOptions.THRESHOLDS;

    @Spec
    private CommandSpec spec;

    @Mixin
    private WatchOptions options;

    @Option(names = "--pid", paramLabel = "PID",
            description = "Watch this running process and all its descendants until it ends, instead of the host.")
    private Long pid;

    @Override
    public Integer call() throws InterruptedException {
        options.check();
        ProcessHandle process = pid == null ? null : ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .orElseThrow(() -> new ParameterException(spec.commandLine(),
                        "Invalid value for option '--pid': no process " + pid + " is running"));
        CalibraxConfig config = options.configOption.load();
        List<ThresholdSpec> thresholds = options.thresholds(config);

        try (Watcher watcher = Watcher.open(spec, options, config, thresholds)) {
            String until = options.duration.isZero() ? "until Ctrl-C" : "for " + Values.format(options.duration) + "; Ctrl-C stops early";
            if (process == null) {
                String host = hostName();
                watcher.prepare(host);
                return watcher.run("Watching " + host + " (the host and its GPUs) every " + watcher.interval() + " "
                        + until + ".");
            }
            watcher.watchProcessTree(pid);
            String what = "pid " + pid + process.info().command().map(command -> " (" + command + ")").orElse("");
            watcher.prepare(what);
            process.onExit().thenRun(watcher::stop);
            return watcher.run("Watching " + what + " and its descendants every " + watcher.interval() + " "
                    + (options.duration.isZero() ? "until it ends or Ctrl-C" : until) + ".");
        }
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
}
