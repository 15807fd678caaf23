package io.calibrax.examples.cli;

import io.calibrax.examples.AlertManagerWalkthrough;
import io.calibrax.examples.ProductionMonitorWalkthrough;
import io.calibrax.examples.ThresholdMonitoringWalkthrough;
import io.calibrax.internal.PluginLoader;
import io.calibrax.spi.CalibraxConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * {@code calibrax demo}: the documentation's walkthroughs, one after the other, printing what the
 * documentation shows.
 */
@Command(name = "demo",
        mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        descriptionHeading = "%n", optionListHeading = "%nOptions:%n",
        header = "Run the documentation's walkthroughs.",
        description = {"Runs, in turn: alert management with an AlertManager; threshold monitoring with an "
                + "AdvancedMonitor (a short run with pushed latency and throughput readings that alert); "
                + "pipeline health with a ProductionMonitor.",
                "Each walkthrough is a class in io.calibrax.examples with a main you can copy."})
final class DemoCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private ConfigOption configOption;

    @Override
    public Integer call() throws InterruptedException {
        // the walkthroughs wire their own handlers; the settings are checked all the same
        CalibraxConfig config = configOption.load();
        try (PluginLoader plugins = ConfigOption.openPlugins(config)) {
            ConfigOption.warnAboutUnknownKeys(config, plugins);
        }
        PrintWriter out = spec.commandLine().getOut();
        heading(out, "1. Alert management (AlertManager)");
        AlertManagerWalkthrough.run(out);
        out.println();
        heading(out, "2. Threshold-based monitoring (AdvancedMonitor)");
        ThresholdMonitoringWalkthrough.run(out);
        out.println();
        heading(out, "3. Production monitor (ProductionMonitor)");
        ProductionMonitorWalkthrough.run(out);
        out.flush();
        return 0;
    }

    private static void heading(PrintWriter out, String title) {
        out.println("== " + title + " ==");
    }
}
