package io.calibrax.examples;

import io.calibrax.api.MonitoringSummary;
import io.calibrax.monitoring.AdvancedMonitor;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.TreeMap;

/**
 * Walkthrough 2 of the documentation, "Threshold-Based Monitoring": an {@link AdvancedMonitor}
 * with thresholds on {@code latency} and {@code throughput}, a short run of its background loop
 * (which samples the process's CPU and memory each cycle) while the application pushes the
 * latency and throughput it measures, then the summary: thresholds, alert count, each metric's
 * latest, min and max. The last readings cross both thresholds, so it alerts:
 * <pre>
 * [warning] latency exceeded threshold: 1.90 &gt; 1.50 (trend: increasing): latency=1.90 (threshold=1.50)
 * </pre>
 * Run it with {@code java -cp calibrax.jar io.calibrax.examples.ThresholdMonitoringWalkthrough}.
 *
 * @since 0.1.0
 */
public final class ThresholdMonitoringWalkthrough {
    private ThresholdMonitoringWalkthrough() {
    }

    public static void main(String[] args) throws InterruptedException {
        run(new PrintWriter(System.out, true));
    }

    /** Runs the walkthrough (about half a second), printing to {@code out}. */
    public static void run(PrintWriter out) throws InterruptedException {
        try (AdvancedMonitor monitor = new AdvancedMonitor()) {
            // Print each alert, as in the first walkthrough.
            monitor.getAlertManager().addAlertHandler(alert -> out.printf(Locale.ROOT,
                    "[%s] %s: %s=%.2f (threshold=%.2f)%n", alert.severity().value(), alert.message(),
                    alert.metricName(), alert.metricValue(), alert.threshold()));

            // Set thresholds.
            monitor.setThreshold("latency", 1.5);      // alert if latency > 1.5
            monitor.setThreshold("throughput", 500.0); // alert if throughput > 500

            // Start background monitoring: every cycle it samples CPU and memory and checks the
            // thresholds (the documentation uses 5 seconds; 100 ms keeps this run short).
            monitor.startMonitoring(Duration.ofMillis(100));

            // ... run workloads, pushing what the application measures; each reading is checked
            // against its threshold at once ...
            double[] latencies = {0.8, 1.1, 1.4, 1.9};
            double[] throughputs = {320.0, 410.0, 480.0, 650.0};
            for (int i = 0; i < latencies.length; i++) {
                monitor.recordMetric("latency", latencies[i]);
                monitor.recordMetric("throughput", throughputs[i]);
                Thread.sleep(100); // stands for the workload
            }

            // Stop monitoring (returns once the loop has ended), let the alerts print, summarize.
            monitor.stopMonitoring();
            monitor.getAlertManager().flush(Duration.ofSeconds(5));
            MonitoringSummary summary = monitor.getMonitoringSummary();
            out.printf("Thresholds: %s%n", new TreeMap<>(summary.thresholds()));
            out.printf("Alert count: %d%n", summary.alertCount());
            new TreeMap<>(summary.metricHistory()).forEach((metric, history) -> out.printf(Locale.ROOT,
                    " %s: latest=%.2f, min=%.2f, max=%.2f%n", metric, history.latest(), history.min(), history.max()));
        }
    }
}
