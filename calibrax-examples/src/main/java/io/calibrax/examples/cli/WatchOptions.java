package io.calibrax.examples.cli;

import io.calibrax.examples.watch.ThresholdSpec;
import io.calibrax.examples.watch.Values;
import io.calibrax.examples.watch.WatchResult;
import io.calibrax.spi.CalibraxConfig;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The options {@code watch} and {@code run} share: {@code --interval}, {@code --duration},
 * {@code --threshold}, {@code --report}, {@code --plain}, and {@code --config} and
 * {@code --plugins}. {@link #check} refuses bad values before any work, naming the option.
 */
final class WatchOptions {
    /** The setting that lists thresholds when no --threshold is given: {@code cpu_percent>90, ...}. */
    static final String THRESHOLDS = "calibrax.watch.thresholds";
    /** The setting that {@code --prometheus-port} overrides (read by calibrax-micrometer's endpoint). */
    static final String PROMETHEUS_PORT = "calibrax.prometheus.port";
    /** The setting that {@code --ui-port} overrides (read by calibrax-ui's live page). */
    static final String UI_PORT = "calibrax.ui.port";
    /** The smallest interval accepted. */
    static final Duration MIN_INTERVAL = Duration.ofMillis(10);

    @Spec(Spec.Target.MIXEE)
    private CommandSpec spec;

    @Mixin
    ConfigOption configOption;

    @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "1s", converter = DurationConverter.class,
            description = "Time between samples, such as 100ms, 1s or 1m (default: ${DEFAULT-VALUE}).")
    Duration interval;

    @Option(names = "--duration", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long to watch, such as 30s, 1.5m or PT2H (default: until Ctrl-C or SIGTERM, or "
                    + "until the watched process ends; 0s says the same).")
    Duration duration = Duration.ZERO;

    @Option(names = "--threshold", paramLabel = "METRIC=VALUE", converter = ThresholdConverter.class,
            description = {"Alert when METRIC goes above VALUE (METRIC>VALUE says the same), or below it with "
                    + "METRIC<VALUE. Repeat for several metrics. Default: the comma-separated list in the setting",
                    THRESHOLDS})
    List<ThresholdSpec> thresholds = new ArrayList<>();

    @Option(names = "--report", paramLabel = "FILE",
            description = "Also write one self-contained HTML page with a chart per metric and the alert timeline "
                    + "(its folder must exist).")
    Path report;

    @Option(names = "--plain", description = "One plain line per sample even on a terminal.")
    boolean plain;

    @Option(names = "--prometheus-port", paramLabel = "PORT",
            description = "Also serve the readings, pipelines and alert counts to Prometheus at "
                    + "http://<host>:PORT/metrics while watching (the setting calibrax.prometheus.port).")
    Integer prometheusPort;

    @Option(names = "--ui-port", paramLabel = "PORT",
            description = "Also serve the live page (charts, health, alerts, silences) at http://127.0.0.1:PORT/ "
                    + "while watching (the setting calibrax.ui.port; calibrax.ui.host and calibrax.ui.token apply).")
    Integer uiPort;

    /** The settings these options override: the Prometheus and live page ports when given. */
    java.util.Map<String, String> overrides() {
        java.util.Map<String, String> overrides = new java.util.HashMap<>();
        if (prometheusPort != null) {
            overrides.put(PROMETHEUS_PORT, prometheusPort.toString());
        }
        if (uiPort != null) {
            overrides.put(UI_PORT, uiPort.toString());
        }
        return overrides;
    }

    /**
     * Refuses, before any work, an interval too short, a duration shorter than it, and a
     * {@code --report} that could not be written at the end.
     *
     * @throws ParameterException naming the option
     */
    void check() {
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
        checkPort(prometheusPort, "--prometheus-port");
        checkPort(uiPort, "--ui-port");
        if (report != null) {
            try {
                WatchResult.checkReportWritable(report);
            } catch (IOException e) {
                throw new ParameterException(spec.commandLine(), "Invalid value for option '--report': " + e.getMessage());
            }
        }
    }

    private void checkPort(Integer port, String option) {
        if (port != null && (port < 0 || port > 65535)) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '" + option + "': '"
                    + port + "' is not a port number (0 to 65535)");
        }
    }

    /**
     * The thresholds: the {@code --threshold} options, else the setting {@value #THRESHOLDS}.
     *
     * @throws ParameterException naming the option or setting when one is wrong or a metric has two
     */
    List<ThresholdSpec> thresholds(CalibraxConfig config) {
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
}
