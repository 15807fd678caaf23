package io.calibrax.gpu.nvml;

import io.calibrax.api.Alert;
import io.calibrax.api.MetricStats;
import io.calibrax.monitoring.AdvancedMonitor;
import io.calibrax.monitoring.AlertManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** An AdvancedMonitor (calibrax-core) polling NVML profilers opened on the fake NVML. */
class AdvancedMonitorWithNvmlTest {
    private static final double MB = 1024.0 * 1024.0;

    private final FakeNvml fake = FakeNvml.current().twoDevices();
    private final List<NvmlGpuProfiler> gpus = new NvmlGpuProfilerProvider().openProfilers(fake.config());

    @AfterEach
    void closeProfilers() {
        gpus.forEach(NvmlGpuProfiler::close);
        assertThat(fake.initDepth()).isZero();
    }

    @Test
    void recordsGpuUtilizationMemoryTemperatureAndPower() {
        try (AlertManager alerts = new AlertManager();
             AdvancedMonitor monitor = new AdvancedMonitor(alerts, gpus.get(0), null)) {
            monitor.startMonitoring(Duration.ofMillis(20));

            awaitMetrics(monitor, "gpu_utilization", "gpu_memory_mb", "gpu_temperature_c", "gpu_power_w");

            FakeNvml.FakeGpu raw = FakeNvml.A100;
            Map<String, MetricStats> history = monitor.getMonitoringSummary().metricHistory();
            assertThat(history.get("gpu_utilization").latest()).isEqualTo(raw.utilization());
            assertThat(history.get("gpu_memory_mb").latest()).isCloseTo(
                    (raw.memoryTotal() - raw.memoryFree() - raw.memoryReserved()) / MB, within(1e-9));
            assertThat(history.get("gpu_temperature_c").latest()).isEqualTo(raw.temperature());
            assertThat(history.get("gpu_power_w").latest()).isEqualTo(raw.powerMilliwatts() / 1000.0);
        }
        assertThat(fake.initCalls()).as("the monitor's cycles never re-initialise NVML").isEqualTo(1);
    }

    @Test
    void aHotGpuRaisesATemperatureAlertAndALostGpuDoesNotStopTheOther() {
        try (AlertManager alerts = new AlertManager();
             AdvancedMonitor monitor = AdvancedMonitor.builder().alertManager(alerts).gpuProfilers(gpus)
                     .threshold("gpu1_temperature_c", 70).build()) {
            fake.lost(0);
            monitor.startMonitoring(Duration.ofMillis(20));

            awaitMetrics(monitor, "gpu1_utilization", "gpu1_temperature_c");
            await(() -> alerts.getRecentAlerts(100).stream().anyMatch(a -> a.metricName().equals("gpu1_temperature_c")),
                    "an alert on gpu1_temperature_c");

            assertThat(gpus.get(0).isLost()).isTrue();
            assertThat(monitor.getMonitoringSummary().metricHistory()).doesNotContainKey("gpu_utilization");
            Alert hot = alerts.getRecentAlerts(100).stream()
                    .filter(alert -> alert.metricName().equals("gpu1_temperature_c")).findFirst().orElseThrow();
            assertThat(hot.metricValue()).isEqualTo(FakeNvml.RTX_4090.temperature());
            assertThat(hot.message()).startsWith("gpu1_temperature_c exceeded threshold: 71.00 > 70.00");
        }
    }

    /** Polls the monitor's summary until every metric has a reading, for at most ten seconds. */
    private static void awaitMetrics(AdvancedMonitor monitor, String... metrics) {
        await(() -> monitor.getMonitoringSummary().metricHistory().keySet().containsAll(List.of(metrics)),
                "metrics " + List.of(metrics) + " in " + monitor.getMonitoringSummary().metricHistory().keySet());
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }
}
