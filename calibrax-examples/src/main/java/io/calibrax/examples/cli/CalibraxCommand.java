package io.calibrax.examples.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;

/**
 * The {@code calibrax} command: {@code demo}, {@code watch}, {@code run}, {@code gpu},
 * {@code test-handlers} and {@code help}.
 *
 * <p>Exit codes: 0 success, 1 a failure while running (a handler that could not deliver, an
 * unexpected error), 2 a bad argument or setting (found before any work starts; one line names the
 * option or the configuration key). Each run builds its own
 * {@link CommandLine}; nothing is shared between runs.
 *
 * @since 0.1.0
 */
@Command(name = "calibrax",
        descriptionHeading = "%n", optionListHeading = "%nOptions:%n",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        synopsisSubcommandLabel = "COMMAND",
        header = "Production monitoring for JVM services and ML pipelines.",
        description = {"New here? Start with @|bold calibrax demo|@, then @|bold calibrax watch|@.",
                "Gate CI on a job's resources: @|bold calibrax run --threshold memory_rss_mb=4096 --fail-on warning -- ./bench.sh|@"},
        commandListHeading = "%nCommands:%n",
        footer = {"", "Run 'calibrax help COMMAND' (or 'calibrax COMMAND --help') for a command's options.",
                "--plugins DIR (every command) loads the plugin JARs in DIR; java -jar ignores -cp.",
                "Settings (alert handlers, GPU library, thresholds) are read from",
                "./calibrax.properties or the --config file, then CALIBRAX_* environment",
                "variables, then -D system properties.",
                "Exit codes: 0 success, 1 failure while running, 2 a bad argument or setting",
                "(found before any work starts; one line names it)."},
        subcommands = {DemoCommand.class, WatchCommand.class, RunCommand.class, GpuCommand.class,
                TestHandlersCommand.class, CommandLine.HelpCommand.class})
public final class CalibraxCommand implements Runnable {
    /** Exit code of a failure while running. */
    public static final int EXIT_FAILURE = 1;
    /** Exit code of bad arguments. */
    public static final int EXIT_USAGE = 2;

    @Spec
    private CommandSpec spec;

    /** Runs the command line and exits the JVM with its exit code. */
    public static void main(String[] args) {
        int exitCode = commandLine().execute(args);
        System.exit(exitCode);
    }

    /** A fresh command line printing to standard output and error, with Calibrax's error handling. */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new CalibraxCommand());
        commandLine.setParameterExceptionHandler(CalibraxCommand::badArguments);
        commandLine.setExecutionExceptionHandler((exception, failed, parseResult) -> {
            PrintWriter err = failed.getErr();
            err.println(qualifiedName(failed) + ": " + describe(exception));
            err.flush();
            return exception instanceof ConfigurationException ? EXIT_USAGE : EXIT_FAILURE;
        });
        commandLine.setUsageHelpAutoWidth(true);
        // run's COMMAND keeps its own options, with or without "--" before it
        commandLine.getSubcommands().get("run").setStopAtPositional(true);
        return commandLine;
    }

    /**
     * Runs {@code args} printing to {@code out} and {@code err} instead of the console: what the
     * tests (and anyone embedding the command) use.
     *
     * @return the exit code
     */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine commandLine = commandLine();
        commandLine.setOut(out);
        commandLine.setErr(err);
        try {
            return commandLine.execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** Without a command: the usage, on standard error, and the bad-arguments exit code. */
    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: choose one of "
                + String.join(", ", spec.subcommands().keySet()));
    }

    private static int badArguments(CommandLine.ParameterException exception, String[] args) {
        CommandLine failed = exception.getCommandLine();
        PrintWriter err = failed.getErr();
        err.println(qualifiedName(failed) + ": " + exception.getMessage());
        if (!CommandLine.UnmatchedArgumentException.printSuggestions(exception, err)
                && failed.getCommandSpec().parent() == null && !failed.getSubcommands().isEmpty()) {
            err.println();
            failed.usage(err, failed.getColorScheme());
        } else {
            err.println("Run '" + failed.getCommandSpec().qualifiedName() + " --help' for its options.");
        }
        err.flush();
        return EXIT_USAGE;
    }

    private static String qualifiedName(CommandLine commandLine) {
        return commandLine.getCommandSpec().qualifiedName();
    }

    private static String describe(Throwable exception) {
        String message = exception.getMessage();
        return message == null || message.isBlank() ? exception.getClass().getName() : message;
    }
}
