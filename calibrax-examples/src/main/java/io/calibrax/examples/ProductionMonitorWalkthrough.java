package io.calibrax.examples;

import io.calibrax.monitoring.PipelineHealthReport;
import io.calibrax.monitoring.ProductionMonitor;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;

/**
 * Walkthrough 3 of the documentation, "Production Monitor": a {@link ProductionMonitor} records
 * two executions of an {@code inference} pipeline, one fast and successful, one slow and failed,
 * and prints the health report:
 * <pre>
 * Overall health: degraded
 *
 * inference:
 *   Total executions: 2
 *   Success rate: 50.0%
 *   Mean time: 0.0990s
 *   Health: degraded
 * </pre>
 * Run it with {@code java -cp calibrax.jar io.calibrax.examples.ProductionMonitorWalkthrough}.
 *
 * @since 0.1.0
 */
public final class ProductionMonitorWalkthrough {
    private ProductionMonitorWalkthrough() {
    }

    public static void main(String[] args) {
        run(new PrintWriter(System.out, true));
    }

    /** Runs the walkthrough, printing to {@code out}. */
    public static void run(PrintWriter out) {
        try (ProductionMonitor monitor = new ProductionMonitor()) {
            // Set performance baselines: an execution 20% slower than its baseline alerts.
            monitor.setPerformanceBaseline("inference_latency", 0.05);

            // Record pipeline executions.
            monitor.recordPipelineExecution("inference", 0.048, true);
            monitor.recordPipelineExecution("inference", 0.150, false, Map.of("error", "timeout"));

            // Get the health report.
            PipelineHealthReport report = monitor.getPipelineHealthReport();
            out.printf("Overall health: %s%n", report.overallHealth().value());
            report.pipelines().forEach((name, stats) -> {
                out.printf("%n%s:%n", name);
                out.printf("  Total executions: %d%n", stats.totalExecutions());
                out.printf(Locale.ROOT, "  Success rate: %.1f%%%n", stats.successRate() * 100);
                out.printf(Locale.ROOT, "  Mean time: %.4fs%n", stats.meanExecutionTime());
                out.printf("  Health: %s%n", stats.health().value());
            });
        }
    }
}
