package io.calibrax.examples.cli;

import io.calibrax.examples.AlertManagerWalkthrough;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;

/**
 * {@code calibrax demo}: the documentation's walkthroughs, one after the other, printing what the
 * documentation shows.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        header = "Run the documentation's walkthroughs.",
        description = {"Runs, in turn: alert management with an AlertManager; threshold monitoring with an "
                + "AdvancedMonitor (a short run with pushed latency and throughput readings that alert); "
                + "pipeline health with a ProductionMonitor.",
                "Each walkthrough is a class in io.calibrax.examples with a main you can copy."})
final class DemoCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        heading(out, "1. Alert management (AlertManager)");
        AlertManagerWalkthrough.run(out);
        out.flush();
    }

    private static void heading(PrintWriter out, String title) {
        out.println("== " + title + " ==");
    }
}
