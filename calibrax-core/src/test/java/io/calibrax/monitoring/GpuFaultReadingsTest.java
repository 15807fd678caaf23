package io.calibrax.monitoring;

import io.calibrax.api.Alert;
import io.calibrax.api.AlertSeverity;
import io.calibrax.api.GpuClocks;
import io.calibrax.api.GpuMemory;
import io.calibrax.api.GpuPower;
import io.calibrax.api.GpuProfiler;
import io.calibrax.api.GpuXidEvent;
import io.calibrax.api.MetricStats;
import io.calibrax.testing.FakeResourceMonitor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/** The GPU fault readings and alerts of a monitor, with profilers that are not NVML's. */
class GpuFaultReadingsTest {
    private final AlertManager alerts = new AlertManager();
    private AdvancedMonitor monitor;

    @AfterEach
    void close() {
        if (monitor != null) {
            monitor.close();
        }
        alerts.close();
    }

    /** A profiler with the original methods only, as a third party wrote it before the fault readings. */
    private static class PlainGpu implements GpuProfiler {
        private final int index;
        volatile boolean failing;

        PlainGpu(int index) {
            this.index = index;
        }

        private void check() {
            if (failing) {
                throw new IllegalStateException("GPU " + index + " is lost");
            }
        }

        @Override
        public int index() {
            return index;
        }

        @Override
        public String name() {
            return "Plain GPU " + index;
        }

        @Override
        public Optional<GpuMemory> memory() {
            check();
            return Optional.of(new GpuMemory(30_000, 80_000));
        }

        @Override
        public OptionalDouble utilization() {
            check();
            return OptionalDouble.of(50);
        }

        @Override
        public Optional<GpuClocks> clocks() {
            return Optional.empty();
        }

        @Override
        public Optional<GpuPower> power() {
            return Optional.empty();
        }

        @Override
        public OptionalDouble temperatureCelsius() {
            check();
            return OptionalDouble.of(60);
        }
    }

    /** A profiler that offers the fault readings, driven by the test. */
    private static final class FaultyGpu extends PlainGpu {
        volatile boolean lost;
        final List<Consumer<GpuXidEvent>> listeners = new CopyOnWriteArrayList<>();

        FaultyGpu(int index) {
            super(index);
        }

        @Override
        public boolean isLost() {
            return lost;
        }

        @Override
        public Optional<Boolean> throttled() {
            return Optional.of(true);
        }

        @Override
        public OptionalLong eccUncorrectedErrors() {
            return OptionalLong.of(3);
        }

        @Override
        public Optional<Registration> addXidListener(Consumer<GpuXidEvent> listener) {
            listeners.add(listener);
            return Optional.of(() -> listeners.remove(listener));
        }

        void lose() {
            lost = true;
            failing = true;
        }

        void answerAgain() {
            lost = false;
            failing = false;
        }

        void xid(long xid, AlertSeverity severity) {
            listeners.forEach(l -> l.accept(new GpuXidEvent(index(), xid, "meaning of " + xid, severity, Instant.now())));
        }
    }

    private AdvancedMonitor monitor(GpuProfiler... gpus) {
        monitor = AdvancedMonitor.builder().alertManager(alerts).resourceMonitor(FakeResourceMonitor.constant(100))
                .gpuProfilers(List.of(gpus)).build();
        return monitor;
    }

    private Map<String, MetricStats> history() {
        return monitor.getMonitoringSummary().metricHistory();
    }

    private List<Alert> alertsOn(String metric) {
        return alerts.getRecentAlerts(1000).stream().filter(a -> a.metricName().equals(metric)).toList();
    }

    @Test
    void aProfilerWithoutTheFaultReadingsGivesMemoryPercentAndNotLost() {
        monitor(new PlainGpu(0), new PlainGpu(1)).runCycle();

        assertThat(history().get("gpu_memory_percent").latest()).isEqualTo(37.5);
        assertThat(history().get("gpu1_memory_percent").latest()).isEqualTo(37.5);
        assertThat(history().get("gpu_lost").latest()).isZero();
        assertThat(history()).doesNotContainKeys("gpu_throttled", "gpu_ecc_uncorrected");
    }

    @Test
    void theFaultReadingsOfAProfilerThatOffersThem() {
        monitor(new FaultyGpu(0), new FaultyGpu(2)).runCycle();

        assertThat(history().get("gpu_throttled").latest()).isOne();
        assertThat(history().get("gpu2_throttled").latest()).isOne();
        assertThat(history().get("gpu2_ecc_uncorrected").latest()).isEqualTo(3);
        assertThat(history().get("gpu2_lost").latest()).isZero();
    }

    @Test
    void aLostGpuRaisesOneCriticalAlertAndAResolvedOneWhenItAnswersAgain() {
        FaultyGpu lost = new FaultyGpu(1);
        monitor(new FaultyGpu(0), lost);
        monitor.runCycle();
        lost.lose();
        for (int i = 0; i < 4; i++) {
            monitor.runCycle();
        }

        assertThat(alertsOn("gpu_lost")).singleElement().satisfies(alert -> {
            assertThat(alert.severity()).isEqualTo(AlertSeverity.CRITICAL);
            assertThat(alert.metadata()).containsEntry("gpu", "1").containsEntry("state", "firing");
        });
        assertThat(history().get("gpu1_lost").latest()).isOne();
        assertThat(history().get("gpu1_utilization").samples()).isOne();
        assertThat(history().get("gpu_utilization").samples()).isEqualTo(5);

        lost.answerAgain();
        monitor.runCycle();

        assertThat(alertsOn("gpu_lost")).hasSize(2).filteredOn(a -> a.severity() == AlertSeverity.INFO)
                .singleElement().satisfies(a -> assertThat(a.metadata()).containsEntry("state", "resolved"));
        assertThat(history().get("gpu1_lost").latest()).isZero();
        assertThat(history().get("gpu1_utilization").samples()).isEqualTo(2);
    }

    @Test
    void xidErrorsBecomeAlertsFromTheFirstCycleUntilClose() {
        FaultyGpu gpu = new FaultyGpu(3);
        monitor(gpu);
        assertThat(gpu.listeners).as("a monitor that never ran asks for nothing").isEmpty();
        monitor.runCycle();
        monitor.runCycle();
        assertThat(gpu.listeners).hasSize(1);

        gpu.xid(79, AlertSeverity.CRITICAL);
        gpu.xid(13, AlertSeverity.WARNING);

        assertThat(alertsOn("gpu_xid")).extracting(Alert::severity)
                .containsExactlyInAnyOrder(AlertSeverity.CRITICAL, AlertSeverity.WARNING);
        assertThat(alertsOn("gpu_xid")).allSatisfy(a -> assertThat(a.metadata()).containsEntry("gpu", "3"));
        assertThat(alertsOn("gpu_xid")).anySatisfy(a -> assertThat(a.message()).contains("XID 79: meaning of 79"));

        monitor.close();
        assertThat(gpu.listeners).isEmpty();
    }

    @Test
    void aProfilerThatRefusesTheListenerIsStillRead() {
        PlainGpu refusing = new PlainGpu(0) {
            @Override
            public Optional<Registration> addXidListener(Consumer<GpuXidEvent> listener) {
                throw new IllegalStateException("no events here");
            }
        };
        monitor(refusing).runCycle();
        monitor.runCycle();

        assertThat(history().get("gpu_utilization").samples()).isEqualTo(2);
    }
}
