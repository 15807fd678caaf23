package io.calibrax.examples.cli;

import io.calibrax.api.AlertHandler;
import io.calibrax.examples.watch.Values;
import io.calibrax.internal.PluginLoader;
import io.calibrax.internal.Plugins;
import io.calibrax.spi.AlertHandlerProvider;
import io.calibrax.spi.CalibraxConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code calibrax test-handlers}: sends one test alert through every configured alert handler with
 * {@link AlertHandler#sendTest()} and reports, per handler, whether it arrived and how long it
 * took. Exit 0 when every configured handler delivered, 1 otherwise, 2 when a handler's settings are
 * wrong (before any test is sent).
 */
@Command(name = "test-handlers",
        mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        descriptionHeading = "%n", optionListHeading = "%nOptions:%n",
        header = "Send a test alert through every configured handler.",
        description = {"Creates every alert handler the configuration enables (Slack, email, Alertmanager, "
                + "plugins on the class path), sends each one test alert synchronously and reports the result.",
                "Handlers are created first; a handler whose settings are present but wrong stops the command "
                + "with exit 2, naming the setting, before any test alert is sent.",
                "Exit 0 when every configured handler delivered, 1 when one failed or timed out, "
                + "2 for a wrong setting."})
final class TestHandlersCommand implements Callable<Integer> {
    /** What switches on each of the handlers that ship with Calibrax, for the hint. */
    private static final Map<String, String> ENABLED_BY = Map.of(
            "console", "calibrax.console.enabled=true",
            "slack", "calibrax.slack.webhook-url",
            "email", "calibrax.email.host, calibrax.email.from and calibrax.email.to",
            "alertmanager", "calibrax.alertmanager.url",
            "alert-log", "example.alert-log.file (the example plugin in calibrax-examples)");

    /** The setting that names handlers not to create (as the wiring reads it). */
    static final String DISABLED = Plugins.DISABLED;

    @Spec
    private CommandSpec spec;

    @Mixin
    private ConfigOption configOption;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30s", converter = DurationConverter.class,
            description = "Longest wait for one handler (default: ${DEFAULT-VALUE}).")
    private Duration timeout;

    @Override
    public Integer call() {
        if (timeout.isZero()) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--timeout': must be more than 0");
        }
        PrintWriter out = spec.commandLine().getOut();
        CalibraxConfig config = configOption.load();

        Set<String> disabled = Set.copyOf(config.getList(DISABLED));
        List<String> notConfigured = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        List<Result> results = new ArrayList<>();
        Map<String, AlertHandler> handlers = new LinkedHashMap<>();
        // The discovery watch uses: the same providers, and of two with one name the first found.
        try (PluginLoader plugins = ConfigOption.openPlugins(config)) {
            ConfigOption.warnAboutUnknownKeys(config, plugins);
            try {
                for (Map.Entry<String, AlertHandlerProvider> entry
                        : plugins.named(AlertHandlerProvider.class, AlertHandlerProvider::name).entrySet()) {
                    String name = entry.getKey();
                    if (disabled.contains(name)) {
                        skipped.add(name);
                        continue;
                    }
                    Optional<AlertHandler> handler;
                    try {
                        handler = entry.getValue().create(config);
                    } catch (IllegalArgumentException e) {
                        // a key present but wrong: exit 2 before any test is sent
                        throw new ConfigurationException(e.getMessage(), e);
                    } catch (RuntimeException | LinkageError e) {
                        results.add(new Result(name, false, Duration.ZERO, "could not be created: " + e));
                        continue;
                    }
                    if (handler == null || handler.isEmpty()) {
                        notConfigured.add(name);
                    } else {
                        handlers.put(name, handler.get());
                    }
                }
                handlers.forEach((name, handler) -> results.add(sendTest(name, handler)));
            } finally {
                handlers.values().forEach(TestHandlersCommand::closeQuietly);
            }
        }

        if (results.isEmpty()) {
            out.println("No alert handler is configured, so there is nothing to test.");
        } else {
            out.println("Test alert sent through " + results.size() + (results.size() == 1 ? " handler:" : " handlers:"));
            int width = results.stream().mapToInt(result -> result.name().length()).max().orElse(0);
            for (Result result : results) {
                out.printf(Locale.ROOT, "  %-" + width + "s  %-6s  %6s  %s%n", result.name(), result.ok() ? "ok" : "FAILED",
                        Values.format(result.took()), result.detail());
            }
        }
        if (!notConfigured.isEmpty()) {
            out.println("Available but not configured:");
            for (String name : notConfigured) {
                out.println("  " + name + Optional.ofNullable(ENABLED_BY.get(name)).map(keys -> ": set " + keys).orElse(""));
            }
            out.println("Settings are read from ./calibrax.properties (or --config FILE), CALIBRAX_* environment "
                    + "variables and -D system properties.");
        }
        if (!skipped.isEmpty()) {
            out.println("Disabled by " + DISABLED + ": " + String.join(", ", skipped) + ".");
        }
        return results.stream().allMatch(Result::ok) ? 0 : CalibraxCommand.EXIT_FAILURE;
    }

    private Result sendTest(String name, AlertHandler handler) {
        long start = System.nanoTime();
        // On its own daemon thread so that a handler ignoring its timeouts cannot hang the command.
        CompletableFuture<Void> sent = new CompletableFuture<>();
        Thread sender = new Thread(() -> {
            try {
                handler.sendTest();
                sent.complete(null);
            } catch (Throwable e) {
                sent.completeExceptionally(e);
            }
        }, "calibrax-test-" + name);
        sender.setDaemon(true);
        sender.start();
        try {
            sent.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return new Result(name, true, elapsed(start), "delivered");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            String message = cause.getMessage() == null ? cause.getClass().getName() : cause.getMessage();
            return new Result(name, false, elapsed(start), message);
        } catch (TimeoutException e) {
            sender.interrupt();
            return new Result(name, false, elapsed(start), "no answer within " + Values.format(timeout));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            sender.interrupt();
            return new Result(name, false, elapsed(start), "interrupted");
        }
    }

    private static void closeQuietly(AlertHandler handler) {
        try {
            handler.close();
        } catch (RuntimeException e) {
            // the result is already known; closing is best effort
        }
    }

    private static Duration elapsed(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    private record Result(String name, boolean ok, Duration took, String detail) {
    }
}
