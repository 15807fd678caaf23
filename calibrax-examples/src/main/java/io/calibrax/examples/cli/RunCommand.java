package io.calibrax.examples.cli;

import io.calibrax.api.AlertSeverity;
import io.calibrax.examples.watch.ThresholdSpec;
import io.calibrax.examples.watch.Values;
import io.calibrax.spi.CalibraxConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code calibrax run [watch's options] [--fail-on SEVERITY] -- COMMAND [ARGS...]}: starts the
 * command (its standard input, output and error are this one's), samples its whole process tree
 * every {@code --interval} until it ends, alerts as {@code watch} does, prints the same summary and
 * writes the report. SIGINT and SIGTERM are forwarded to the command. Exit status: the command's
 * own when not 0; else 3 when an alert at or above {@code --fail-on} was raised; else 0. A command
 * that cannot be started exits 2, naming it, as every bad argument does.
 */
@Command(name = "run",
        mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        descriptionHeading = "%n", optionListHeading = "%nOptions:%n",
        header = "Run a command, watch its whole process tree, alert, summarize; gate CI on thresholds.",
        description = {"Starts COMMAND with this terminal's input and output and samples it and every process it "
                + "starts (found again at every sample): cpu_percent (100 = one core) and memory_rss_mb summed over "
                + "the tree, process_count, process_threads, process_open_fds, gpu_process_memory_mb where a GPU "
                + "is found, and the host's system_* readings.",
                "Ctrl-C and SIGTERM go to the command; the summary comes when it has ended.",
                "With --duration the command is stopped (SIGTERM) when the time is up.",
                "Exit status: the command's own when not 0; else 3 when an alert at or above --fail-on was "
                + "raised; else 0. 2: a bad argument or setting, or a COMMAND that cannot be started."},
        footer = {"", "Examples:",
                "  calibrax run --threshold memory_rss_mb=4096 --fail-on warning -- ./bench.sh",
                "  calibrax run --interval 100ms --report train.html -- python train.py --epochs 3"})
final class RunCommand implements Callable<Integer> {
    /** Exit status when the command succeeded but an alert at or above --fail-on was raised. */
    static final int EXIT_THRESHOLD_BREACHED = 3;
    /** How long a command stopped at the end of --duration has to end before it is killed. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);

    @Spec
    private CommandSpec spec;

    @Mixin
    private WatchOptions options;

    @Option(names = "--fail-on", paramLabel = "SEVERITY", converter = SeverityConverter.class,
            description = "Exit 3 (when the command itself succeeded) if an alert of this severity or worse was "
                    + "raised: info, warning, error or critical (default: never).")
    private AlertSeverity failOn;

    @Parameters(arity = "1..*", paramLabel = "COMMAND",
            description = "The command to run and its arguments (after --, so that its options stay its own).")
    private List<String> command = new ArrayList<>();

    @Override
    public Integer call() throws InterruptedException {
        options.check();
        CalibraxConfig config = options.configOption.load();
        List<ThresholdSpec> thresholds = options.thresholds(config);
        PrintWriter out = spec.commandLine().getOut();

        try (Watcher watcher = Watcher.open(spec, options, config, thresholds)) {
            Process child = start();
            try (SignalForwarder signals = SignalForwarder.forwardTo(child)) {
                watcher.watchProcessTree(child.pid());
                String what = "'" + String.join(" ", command) + "' (pid " + child.pid() + ")";
                watcher.prepare(what);
                child.onExit().thenRun(watcher::stop);
                int reportStatus = watcher.run("Running " + what + ", sampling its process tree every "
                        + watcher.interval() + (options.duration.isZero() ? " until it ends."
                        : " for " + Values.format(options.duration) + " at most."));
                int status = awaitEnd(child);
                out.println();
                out.println("Command exited with status " + status + ".");
                if (status != 0) {
                    return status;
                }
                if (failOn != null && watcher.alertsAtOrAbove(failOn) > 0) {
                    out.println("Failing (exit " + EXIT_THRESHOLD_BREACHED + "): " + watcher.alertsAtOrAbove(failOn)
                            + " alert(s) at " + failOn.value() + " or above (--fail-on " + failOn.value() + ").");
                    return EXIT_THRESHOLD_BREACHED;
                }
                return reportStatus;
            } finally {
                if (child.isAlive()) { // interrupted, or the watch failed: never leave the command behind
                    child.destroyForcibly();
                }
            }
        }
    }

    /**
     * Starts the command with this process's standard streams.
     *
     * @throws ConfigurationException naming the command if it cannot be started
     */
    private Process start() {
        try {
            return new ProcessBuilder(command).inheritIO().start();
        } catch (IOException | RuntimeException e) {
            // "Cannot run program "x": error=2, No such file or directory": keep what the system said
            String reason = String.valueOf(e.getMessage()).replaceFirst("(?s)^.*error=\\d+, ", "");
            throw new ConfigurationException("cannot start '" + command.get(0) + "': " + reason, e);
        }
    }

    /**
     * The command's exit status. At the end of --duration it is still running: then its whole tree
     * is stopped (SIGTERM, and killed after a grace period), so that nothing it started outlives it.
     */
    private static int awaitEnd(Process child) throws InterruptedException {
        if (child.isAlive()) {
            List<ProcessHandle> tree = new ArrayList<>(child.descendants().toList());
            tree.forEach(ProcessHandle::destroy);
            child.destroy();
            if (!child.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                child.destroyForcibly();
            }
            tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        }
        return child.waitFor();
    }

    /** Reads a severity name for --fail-on. */
    static final class SeverityConverter implements ITypeConverter<AlertSeverity> {
        @Override
        public AlertSeverity convert(String value) {
            try {
                return AlertSeverity.fromValue(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("'" + value + "' is not a severity: info, warning, error or critical");
            }
        }
    }
}
