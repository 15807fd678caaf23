package io.calibrax.examples.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DemoCommandTest {
    private static Cli.Result demo;

    @BeforeAll
    static void runDemo() {
        demo = Cli.run("demo");
    }

    @Test
    void exitsZeroWithoutErrors() {
        assertThat(demo.exitCode()).as(demo.toString()).isZero();
        assertThat(demo.err()).isEmpty();
    }

    @Test
    void alertManagerWalkthroughPrintsTheSeedLine() {
        assertThat(demo.out().lines())
                .contains("[warning] Throughput below minimum: throughput=850.00 (threshold=1000.00)",
                        "Recent alerts: 1 (newest: Throughput below minimum)", "Errors: 0", "Stored after clearAlerts(): 0");
    }

    @Test
    void advancedMonitorWalkthroughShowsThresholdsAlertsAndHistory() {
        assertThat(demo.out().lines())
                .contains("[warning] latency exceeded threshold: 1.90 > 1.50 (trend: increasing): latency=1.90 (threshold=1.50)",
                        "[warning] throughput exceeded threshold: 650.00 > 500.00 (trend: increasing): "
                                + "throughput=650.00 (threshold=500.00)",
                        "Thresholds: {latency=1.5, throughput=500.0}",
                        "Alert count: 2",
                        " latency: latest=1.90, min=0.80, max=1.90",
                        " throughput: latest=650.00, min=320.00, max=650.00");
        assertThat(demo.out()).containsPattern("(?m)^ cpu_percent: latest=\\d+\\.\\d\\d, min=")
                .containsPattern("(?m)^ memory_rss_mb: latest=\\d+\\.\\d\\d, min=");
    }

    @Test
    void productionMonitorWalkthroughPrintsTheSeedHealthReport() {
        assertThat(demo.out().lines()).containsSubsequence(
                "Overall health: degraded",
                "",
                "inference:",
                "  Total executions: 2",
                "  Success rate: 50.0%",
                "  Mean time: 0.0990s",
                "  Health: degraded");
    }

    @Test
    void walkthroughsComeInTheDocumentsOrder() {
        assertThat(demo.out().lines().filter(line -> line.startsWith("== ")))
                .containsExactly("== 1. Alert management (AlertManager) ==",
                        "== 2. Threshold-based monitoring (AdvancedMonitor) ==",
                        "== 3. Production monitor (ProductionMonitor) ==");
    }
}
