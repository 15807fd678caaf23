package io.calibrax.monitoring;

import io.calibrax.api.HealthStatus;
import io.calibrax.testing.FakeResourceMonitor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Memory stays bounded however many executions are recorded, and the report costs the same after
 * millions of them. Coarse bounds only: performance figures come from the JMH benchmarks.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ProductionMonitorMemoryTest {
    private static final int PIPELINES = 100;
    private static final int EXECUTIONS = 3_000_000;
    private static final long MB = 1024 * 1024;

    private static long heapUsedAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    @Test
    void threeMillionExecutionsOverAHundredPipelinesRetainUnder48MbAndReportFast() {
        String[] names = new String[PIPELINES];
        for (int p = 0; p < PIPELINES; p++) {
            names[p] = "pipeline_" + p;
        }
        long before = heapUsedAfterGc();

        ProductionMonitor monitor = ProductionMonitor.builder().resourceMonitor(FakeResourceMonitor.constant(1)).build();
        for (int p = 0; p < PIPELINES; p += 10) {
            monitor.setPerformanceBaseline(names[p], 1.0);
        }
        for (int i = 0; i < EXECUTIONS; i++) {
            int p = i % PIPELINES;
            int run = i / PIPELINES;
            monitor.recordPipelineExecution(names[p], 0.001 * (1 + run % 500), run % 10 != 9);
        }

        long after = heapUsedAfterGc();
        long retainedMb = (after - before) / MB;

        long[] reportNanos = new long[7];
        PipelineHealthReport report = null;
        for (int i = 0; i < reportNanos.length; i++) {
            long start = System.nanoTime();
            report = monitor.getPipelineHealthReport();
            reportNanos[i] = System.nanoTime() - start;
        }
        System.out.println("report nanos in call order: " + Arrays.toString(reportNanos));
        Arrays.sort(reportNanos);
        double medianMillis = reportNanos[reportNanos.length / 2] / 1e6;
        System.out.printf("retained %.2f MB after %d executions (%.4f bytes per execution); report median %.2f ms (min %.2f ms)%n",
                (after - before) / (double) MB, EXECUTIONS, (after - before) / (double) EXECUTIONS, medianMillis,
                reportNanos[0] / 1e6);

        assertThat(retainedMb).isLessThan(48);
        assertThat(medianMillis).isLessThan(20.0);
        assertThat(report.totalExecutions()).isEqualTo(EXECUTIONS);
        assertThat(report.pipelines()).hasSize(PIPELINES);
        PipelineStats first = report.pipelines().get("pipeline_0");
        assertThat(first.totalExecutions()).isEqualTo(EXECUTIONS / PIPELINES);
        assertThat(first.failedExecutions()).isEqualTo(EXECUTIONS / PIPELINES / 10);
        assertThat(first.minExecutionTime()).isEqualTo(0.001);
        assertThat(first.maxExecutionTime()).isEqualTo(0.5);
        assertThat(first.health()).isEqualTo(HealthStatus.HEALTHY);
        assertThat(report.overallHealth()).isEqualTo(HealthStatus.HEALTHY);
        assertThat(monitor.getAlertManager().getRecentAlerts()).isEmpty();
        Reference.reachabilityFence(monitor);
        monitor.close();
    }
}
