package io.calibrax.gpu.nvml;

import io.calibrax.api.Alert;
import io.calibrax.api.AlertSeverity;
import io.calibrax.api.GpuXidEvent;
import io.calibrax.api.MetricStats;
import io.calibrax.monitoring.AdvancedMonitor;
import io.calibrax.monitoring.AlertManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** GPU faults as readings and alerts of an AdvancedMonitor (calibrax-core) fed by NVML on the fake NVML. */
class GpuFaultAlertsTest {
    private final FakeNvml fake = FakeNvml.current().twoDevices();
    private final List<NvmlGpuProfiler> gpus = new NvmlGpuProfilerProvider().openProfilers(fake.config());
    private final AlertManager alerts = new AlertManager();
    private final AdvancedMonitor monitor = AdvancedMonitor.builder().alertManager(alerts).gpuProfilers(gpus).build();

    @AfterEach
    void closeAll() {
        monitor.close();
        alerts.close();
        gpus.forEach(NvmlGpuProfiler::close);
        assertThat(fake.initDepth()).isZero();
    }

    private Map<String, MetricStats> history() {
        return monitor.getMonitoringSummary().metricHistory();
    }

    private List<Alert> alertsOn(String metric) {
        return alerts.getRecentAlerts(1000).stream().filter(alert -> alert.metricName().equals(metric)).toList();
    }

    @Test
    void newReadingsOnEveryGpuUnderItsPrefix() {
        monitor.runCycle();

        FakeNvml.FakeGpu a100 = FakeNvml.A100;
        FakeNvml.FakeGpu rtx = FakeNvml.RTX_4090;
        assertThat(history().get("gpu_memory_percent").latest()).isCloseTo(
                100.0 * (a100.memoryTotal() - a100.memoryFree() - a100.memoryReserved()) / a100.memoryTotal(), within(1e-9));
        assertThat(history().get("gpu1_memory_percent").latest()).isCloseTo(
                100.0 * (rtx.memoryTotal() - rtx.memoryFree() - rtx.memoryReserved()) / rtx.memoryTotal(), within(1e-9));
        assertThat(history().get("gpu_lost").latest()).isZero();
        assertThat(history().get("gpu1_lost").latest()).isZero();
        assertThat(history().get("gpu_throttled").latest()).isOne();
        assertThat(history().get("gpu_ecc_uncorrected").latest()).isEqualTo(a100.eccUncorrectedVolatile());
        assertThat(history()).as("no ECC on the RTX 4090").doesNotContainKey("gpu1_ecc_uncorrected");

        fake.value(1, "event_reasons", 0x1L);
        monitor.runCycle();
        assertThat(history().get("gpu1_throttled").latest()).as("idle only").isZero();
    }

    @Test
    void aLostGpuRaisesExactlyOneCriticalAlertWithoutAThresholdAndTheOtherKeepsBeingRead() {
        monitor.runCycle();
        fake.lost(0);
        for (int i = 0; i < 5; i++) {
            monitor.runCycle();
        }

        List<Alert> lost = alertsOn("gpu_lost");
        assertThat(lost).hasSize(1);
        Alert alert = lost.get(0);
        assertThat(alert.severity()).isEqualTo(AlertSeverity.CRITICAL);
        assertThat(alert.metadata()).containsEntry("gpu", "0");
        assertThat(alert.message()).contains("GPU 0").contains("lost");
        assertThat(alerts.getAlertsBySeverity(AlertSeverity.CRITICAL)).hasSize(1);
        assertThat(monitor.getMonitoringSummary().thresholds()).isEmpty();
        assertThat(history().get("gpu_lost").latest()).isOne();
        assertThat(history().get("gpu_utilization").samples()).as("not read while lost").isOne();
        assertThat(history().get("gpu1_utilization").samples()).as("GPU 1 read every cycle").isEqualTo(6);
        assertThat(history().get("gpu1_lost").latest()).isZero();
    }

    @Test
    void aGpuThatAnswersAgainIsReadAgainWithAResolvedAlert() {
        fake.lost(1);
        monitor.runCycle();
        monitor.runCycle();
        fake.found(1);
        monitor.runCycle();
        monitor.runCycle();

        List<Alert> lost = alertsOn("gpu_lost");
        assertThat(lost).extracting(Alert::severity).containsExactlyInAnyOrder(AlertSeverity.CRITICAL, AlertSeverity.INFO);
        Alert resolved = lost.stream().filter(a -> a.severity() == AlertSeverity.INFO).findFirst().orElseThrow();
        assertThat(resolved.metadata()).containsEntry("state", "resolved").containsEntry("gpu", "1");
        assertThat(history().get("gpu1_lost").latest()).isZero();
        assertThat(history().get("gpu1_utilization").samples()).isEqualTo(2);
        assertThat(history().get("gpu1_utilization").latest()).isEqualTo(FakeNvml.RTX_4090.utilization());
    }

    @Test
    void anXidErrorBecomesAnAlertNamingItAndStopsWithTheMonitor() throws InterruptedException {
        monitor.runCycle(); // the first cycle asks for the XID errors
        BlockingQueue<GpuXidEvent> witness = new LinkedBlockingQueue<>();
        gpus.get(1).addXidListener(witness::add).orElseThrow();

        fake.postXid(1, 48);

        assertThat(witness.poll(10, TimeUnit.SECONDS)).isNotNull();
        // the monitor's listener was registered first, so its alert is stored before the witness hears
        List<Alert> xids = alertsOn("gpu_xid");
        assertThat(xids).hasSize(1);
        assertThat(xids.get(0).severity()).isEqualTo(AlertSeverity.CRITICAL);
        assertThat(xids.get(0).message()).contains("GPU 1").contains("XID 48").contains("double-bit ECC error");
        assertThat(xids.get(0).metadata()).containsEntry("gpu", "1").containsEntry("xid", 48L);

        monitor.close();
        fake.postXid(1, 13);
        assertThat(witness.poll(10, TimeUnit.SECONDS)).isNotNull();
        assertThat(alertsOn("gpu_xid")).as("no alert from a closed monitor").hasSize(1);
    }

    @Test
    void theLoopKeepsGoingWithALostGpu() {
        fake.lost(0);
        monitor.startMonitoring(Duration.ofMillis(10));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (sampled("gpu1_utilization") < 5 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        monitor.stopMonitoring();

        assertThat(sampled("gpu1_utilization")).isGreaterThanOrEqualTo(5);
        assertThat(alertsOn("gpu_lost")).hasSize(1).allMatch(a -> a.severity() == AlertSeverity.CRITICAL);
    }

    private int sampled(String metric) {
        MetricStats stats = history().get(metric);
        return stats == null ? 0 : stats.samples();
    }
}
