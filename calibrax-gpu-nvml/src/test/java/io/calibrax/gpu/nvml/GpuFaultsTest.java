package io.calibrax.gpu.nvml;

import io.calibrax.api.AlertSeverity;
import io.calibrax.api.GpuMemory;
import io.calibrax.api.GpuMigDevice;
import io.calibrax.api.GpuProfiler;
import io.calibrax.api.GpuXidEvent;
import io.calibrax.monitoring.AdvancedMonitor;
import io.calibrax.monitoring.AlertManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The fault readings of the NVML profiler (lost, throttled, ECC, MIG, XID events) against the fake NVML. */
class GpuFaultsTest {
    private static final double MB = 1024.0 * 1024.0;
    private static final long GB = 1024L * 1024 * 1024;

    private final FakeNvml fake = FakeNvml.current();
    private final List<NvmlGpuProfiler> opened = new ArrayList<>();

    @BeforeEach
    void twoFakeDevices() {
        fake.twoDevices();
    }

    @AfterEach
    void closeEverything() {
        opened.forEach(GpuProfiler::close);
        assertThat(fake.initDepth()).isZero();
        assertThat(fake.liveEventSets()).as("the event set is freed before shutdown").isZero();
    }

    private List<NvmlGpuProfiler> open() {
        List<NvmlGpuProfiler> gpus = new NvmlGpuProfilerProvider().openProfilers(fake.config());
        opened.addAll(gpus);
        return gpus;
    }

    @Test
    void memoryPercentOfTwoDevices() {
        List<NvmlGpuProfiler> gpus = open();

        FakeNvml.FakeGpu a100 = FakeNvml.A100;
        FakeNvml.FakeGpu rtx = FakeNvml.RTX_4090;
        assertThat(gpus.get(0).memoryPercent().orElseThrow()).isCloseTo(
                100.0 * (a100.memoryTotal() - a100.memoryFree() - a100.memoryReserved()) / a100.memoryTotal(), within(1e-9));
        assertThat(gpus.get(1).memoryPercent().orElseThrow()).isCloseTo(
                100.0 * (rtx.memoryTotal() - rtx.memoryFree() - rtx.memoryReserved()) / rtx.memoryTotal(), within(1e-9));
    }

    @Test
    void throttledIgnoresIdleAndApplicationClocksOnly() {
        List<NvmlGpuProfiler> gpus = open();
        assertThat(gpus.get(1).throttled()).as("thermal slowdown").contains(true);

        fake.value(0, "event_reasons", 0x1L | 0x2L);
        assertThat(gpus.get(0).throttled()).as("idle and application clocks").contains(false);
        fake.value(0, "event_reasons", 0x1L | 0x4L);
        assertThat(gpus.get(0).throttled()).as("software power cap").contains(true);
        fake.value(0, "event_reasons", 0x1000L);
        assertThat(gpus.get(0).throttled()).as("a reason Calibrax does not know").contains(true);
        fake.result(0, "nvmlDeviceGetCurrentClocksEventReasons", FakeNvml.NOT_SUPPORTED);
        assertThat(gpus.get(0).throttled()).isEmpty();
    }

    @Test
    void eccUncorrectedIsTheVolatileCountAndEmptyWithoutEcc() {
        List<NvmlGpuProfiler> gpus = open();

        assertThat(gpus.get(0).eccUncorrectedErrors()).hasValue(FakeNvml.A100.eccUncorrectedVolatile());
        fake.value(0, "ecc_uncorrected_volatile", 12);
        assertThat(gpus.get(0).eccUncorrectedErrors()).hasValue(12);
        assertThat(gpus.get(1).eccUncorrectedErrors()).isEmpty();
    }

    @Test
    void migDevicesAreListedWithTheirMemoryWhereMigIsOn() {
        fake.mig(0, "NVIDIA A100-SXM4-40GB MIG 3g.20gb", 20 * GB, 5 * GB)
                .mig(0, "NVIDIA A100-SXM4-40GB MIG 1g.5gb", 5 * GB, 0);
        List<NvmlGpuProfiler> gpus = open();

        assertThat(gpus.get(0).migDevices()).containsExactly(
                new GpuMigDevice(0, "NVIDIA A100-SXM4-40GB MIG 3g.20gb", new GpuMemory(5 * GB / MB, 20 * GB / MB)),
                new GpuMigDevice(1, "NVIDIA A100-SXM4-40GB MIG 1g.5gb", new GpuMemory(0, 5 * GB / MB)));
        assertThat(gpus.get(1).migDevices()).as("MIG off").isEmpty();
        fake.result(1, "nvmlDeviceGetMigMode", FakeNvml.NOT_SUPPORTED);
        assertThat(gpus.get(1).migDevices()).as("no MIG on this board").isEmpty();
    }

    @Test
    void aLostDeviceIsPickedUpAgainOnceItAnswers() {
        List<NvmlGpuProfiler> gpus = open();
        NvmlGpuProfiler gpu = gpus.get(1);
        fake.lost(1);
        assertThatThrownBy(gpu::utilization).isInstanceOfSatisfying(NvmlException.class,
                e -> assertThat(e.isGpuLost()).isTrue());
        assertThat(gpu.isLost()).isTrue();
        int asked = fake.calls("nvmlDeviceGetUtilizationRates");
        assertThat(gpu.isLost()).as("still lost when asked again").isTrue();
        assertThat(fake.calls("nvmlDeviceGetUtilizationRates"))
                .as("asked again with the call that answered GPU_IS_LOST, an export the library has").isEqualTo(asked + 1);
        assertThat(fake.calls("nvmlDeviceGetUUID")).as("only at open").isEqualTo(2);

        fake.found(1);

        assertThat(gpu.isLost()).isFalse();
        assertThat(gpu.utilization()).hasValue(FakeNvml.RTX_4090.utilization());
        assertThat(gpus.get(0).isLost()).isFalse();
    }

    @Test
    void aGpuLostAtOpenIsKeptLostAndPickedUpOnceNvmlGivesItsHandle() {
        fake.lost(1);
        List<NvmlGpuProfiler> gpus = open();

        assertThat(gpus).hasSize(2);
        NvmlGpuProfiler gpu = gpus.get(1);
        assertThat(gpu.index()).isEqualTo(1);
        assertThat(gpu.name()).isEqualTo("GPU 1");
        assertThat(gpu.isLost()).isTrue();
        assertThatThrownBy(gpu::temperatureCelsius).isInstanceOfSatisfying(NvmlException.class,
                e -> assertThat(e.isGpuLost()).isTrue());
        assertThat(gpu.addXidListener(event -> { })).as("not registered for events this session").isEmpty();
        assertThat(gpus.get(0).utilization()).hasValue(FakeNvml.A100.utilization());

        fake.found(1);

        assertThat(gpu.isLost()).isFalse();
        assertThat(gpu.temperatureCelsius()).hasValue(FakeNvml.RTX_4090.temperature());
        assertThat(gpu.computeProcesses()).contains(List.of());
    }

    @Test
    void aMonitorRaisesOneCriticalAlertForAGpuLostAtOpen() {
        fake.lost(0);
        List<NvmlGpuProfiler> gpus = open();
        try (AlertManager alerts = new AlertManager();
             AdvancedMonitor monitor = AdvancedMonitor.builder().alertManager(alerts).gpuProfilers(gpus).build()) {
            for (int i = 0; i < 3; i++) {
                monitor.runCycle();
            }

            assertThat(alerts.getAlertsBySeverity(AlertSeverity.CRITICAL)).singleElement()
                    .satisfies(alert -> assertThat(alert.metricName()).isEqualTo("gpu_lost"));
            assertThat(monitor.getMonitoringSummary().metricHistory().get("gpu1_utilization").samples()).isEqualTo(3);
        }
    }

    @Test
    void xidErrorsReachTheirGpusListenersWithMeaningAndSeverity() throws InterruptedException {
        List<NvmlGpuProfiler> gpus = open();
        BlockingQueue<GpuXidEvent> first = new LinkedBlockingQueue<>();
        BlockingQueue<GpuXidEvent> second = new LinkedBlockingQueue<>();
        assertThat(gpus.get(0).addXidListener(first::add)).isPresent();
        assertThat(gpus.get(1).addXidListener(second::add)).isPresent();

        assertThat(fake.postXid(1, 79)).isEqualTo(1);
        assertThat(fake.postXid(1, 13)).isEqualTo(1);

        GpuXidEvent offTheBus = second.poll(10, TimeUnit.SECONDS);
        assertThat(offTheBus).isNotNull();
        assertThat(offTheBus.gpuIndex()).isEqualTo(1);
        assertThat(offTheBus.xid()).isEqualTo(79);
        assertThat(offTheBus.meaning()).isEqualTo("GPU has fallen off the bus");
        assertThat(offTheBus.severity()).isEqualTo(AlertSeverity.CRITICAL);
        GpuXidEvent appFault = second.poll(10, TimeUnit.SECONDS);
        assertThat(appFault).isNotNull();
        assertThat(appFault.xid()).isEqualTo(13);
        assertThat(appFault.severity()).isEqualTo(AlertSeverity.WARNING);
        assertThat(first).as("GPU 0 had no XID").isEmpty();
    }

    @Test
    void theCriticalXidsAreCritical() {
        for (long xid : new long[] {48, 63, 64, 74, 79, 94, 95}) {
            assertThat(XidCatalog.severity(xid)).as("XID %d", xid).isEqualTo(AlertSeverity.CRITICAL);
        }
        assertThat(XidCatalog.severity(31)).isEqualTo(AlertSeverity.WARNING);
        assertThat(XidCatalog.severity(9999)).isEqualTo(AlertSeverity.ERROR);
        assertThat(XidCatalog.meaning(9999)).contains("does not know");
    }

    @Test
    void aClosedRegistrationHearsNoMore() throws InterruptedException {
        List<NvmlGpuProfiler> gpus = open();
        BlockingQueue<GpuXidEvent> removed = new LinkedBlockingQueue<>();
        BlockingQueue<GpuXidEvent> witness = new LinkedBlockingQueue<>();
        GpuProfiler.Registration registration = gpus.get(0).addXidListener(removed::add).orElseThrow();
        gpus.get(0).addXidListener(witness::add).orElseThrow();
        registration.close();
        registration.close();

        fake.postXid(0, 48);

        // listeners run in order on one thread: once the witness has it, the removed one would have too
        assertThat(witness.poll(10, TimeUnit.SECONDS)).isNotNull();
        assertThat(removed).isEmpty();
    }

    @Test
    void aDeviceWithoutEventSupportIsFine() throws InterruptedException {
        fake.result(1, "nvmlDeviceRegisterEvents", FakeNvml.NOT_SUPPORTED);
        List<NvmlGpuProfiler> gpus = open();

        assertThat(gpus.get(1).addXidListener(event -> { })).isEmpty();
        assertThat(gpus.get(1).utilization()).hasValue(FakeNvml.RTX_4090.utilization());
        BlockingQueue<GpuXidEvent> events = new LinkedBlockingQueue<>();
        gpus.get(0).addXidListener(events::add).orElseThrow();
        fake.postXid(0, 94);
        assertThat(events.poll(10, TimeUnit.SECONDS)).extracting(GpuXidEvent::severity).isEqualTo(AlertSeverity.CRITICAL);
    }

    @Test
    void noDeviceWithEventsMeansNoThreadAndNoSet() {
        fake.result(-1, "nvmlDeviceRegisterEvents", FakeNvml.NOT_SUPPORTED);
        List<NvmlGpuProfiler> gpus = open();

        assertThat(fake.liveEventSets()).isZero();
        assertThat(gpus.get(0).addXidListener(event -> { })).isEmpty();
        assertThat(gpus.get(0).memory()).isPresent();
    }

    @Test
    void oneNamedDaemonThreadPerSessionStoppedByClose() throws InterruptedException {
        List<NvmlGpuProfiler> gpus = open();
        List<Thread> threads = eventThreads();
        assertThat(threads).hasSize(1);
        Thread thread = threads.get(0);
        assertThat(thread.isDaemon()).isTrue();
        assertThat(fake.liveEventSets()).isOne();

        gpus.forEach(GpuProfiler::close);

        thread.join(TimeUnit.SECONDS.toMillis(10));
        assertThat(thread.isAlive()).isFalse();
        assertThat(fake.liveEventSets()).isZero();
        assertThat(fake.initDepth()).isZero();
    }

    private static List<Thread> eventThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("calibrax-nvml-events-") && t.isAlive()).toList();
    }

    @Test
    void manyThreadsAddingAndRemovingListenersWhileEventsArrive() throws Exception {
        NvmlGpuProfiler gpu = open().get(0);
        int threads = 8;
        AtomicInteger kept = new AtomicInteger();
        CountDownLatch allReceived = new CountDownLatch(threads * 3);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 200; i++) {
                        gpu.addXidListener(event -> { }).orElseThrow().close();
                    }
                    Optional<GpuProfiler.Registration> keep = gpu.addXidListener(event -> {
                        if (event.xid() == 63) {
                            allReceived.countDown();
                        }
                    });
                    kept.incrementAndGet();
                    return keep.isPresent();
                }));
                fake.postXid(0, 31);
            }
            start.countDown();
            for (Future<?> future : done) {
                assertThat(future.get(10, TimeUnit.SECONDS)).isEqualTo(true);
            }
            for (int i = 0; i < 3; i++) {
                fake.postXid(0, 63);
            }
            assertThat(allReceived.await(10, TimeUnit.SECONDS)).as("every kept listener got the three later XIDs").isTrue();
            assertThat(kept.get()).isEqualTo(threads);
        } finally {
            pool.shutdownNow();
        }
    }
}
