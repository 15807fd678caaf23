package io.calibrax.gpu.nvml;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.calibrax.api.GpuClocks;
import io.calibrax.api.GpuMemory;
import io.calibrax.api.GpuPower;
import io.calibrax.api.GpuProfiler;
import io.calibrax.gpu.nvml.FakeNvml.FakeGpu;
import io.calibrax.spi.CalibraxConfig;
import io.calibrax.spi.GpuProfilerProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The NVML profiler against the fake NVML (src/test/c/fake_nvml.c) loaded through calibrax.nvml.library. */
class NvmlGpuProfilerTest {
    private static final double MB = 1024.0 * 1024.0;

    private final FakeNvml fake = FakeNvml.current();
    private final NvmlGpuProfilerProvider provider = new NvmlGpuProfilerProvider();
    private final List<GpuProfiler> opened = new ArrayList<>();

    @BeforeEach
    void twoFakeDevices() {
        fake.twoDevices();
    }

    @AfterEach
    void closeEverything() {
        opened.forEach(GpuProfiler::close);
    }

    private List<NvmlGpuProfiler> open() {
        List<NvmlGpuProfiler> profilers = provider.openProfilers(fake.config());
        opened.addAll(profilers);
        return profilers;
    }

    @Test
    void everyReadingMatchesTheFakeAfterConversion() {
        List<NvmlGpuProfiler> gpus = open();

        assertThat(gpus).hasSize(2);
        assertReadings(gpus.get(0), 0, FakeNvml.A100);
        assertReadings(gpus.get(1), 1, FakeNvml.RTX_4090);
    }

    private static void assertReadings(NvmlGpuProfiler gpu, int index, FakeGpu raw) {
        assertThat(gpu.index()).isEqualTo(index);
        assertThat(gpu.name()).isEqualTo(raw.name());
        assertThat(gpu.uuid()).contains(raw.uuid());
        assertThat(gpu.isLost()).isFalse();
        // memory v2: used excludes the reserved memory
        assertThat(gpu.memory()).contains(new GpuMemory(
                (raw.memoryTotal() - raw.memoryFree() - raw.memoryReserved()) / MB, raw.memoryTotal() / MB));
        assertThat(gpu.utilization()).hasValue(raw.utilization());
        assertThat(gpu.clocks()).contains(new GpuClocks(raw.graphicsClock(), raw.memoryClock()));
        assertThat(gpu.graphicsClockMhz()).hasValue(raw.graphicsClock());
        assertThat(gpu.smClockMhz()).hasValue(raw.smClock());
        assertThat(gpu.memoryClockMhz()).hasValue(raw.memoryClock());
        assertThat(gpu.power()).contains(new GpuPower(raw.powerMilliwatts() / 1000.0, raw.powerLimitMilliwatts() / 1000.0));
        assertThat(gpu.powerDrawWatts()).hasValue(raw.powerMilliwatts() / 1000.0);
        assertThat(gpu.powerLimitWatts()).hasValue(raw.powerLimitMilliwatts() / 1000.0);
        assertThat(gpu.temperatureCelsius()).hasValue(raw.temperature());
        assertThat(gpu.totalEnergyJoules()).hasValue(raw.energyMillijoules() / 1000.0);
        assertThat(gpu.performanceState()).hasValue(raw.performanceState());
        assertThat(gpu.clocksEventReasons()).contains(new ClocksEventReasons(raw.eventReasons()));
        if (index == 0) {
            assertThat(gpu.fanSpeedPercent()).isEmpty(); // the fake's A100 has no fan
            assertThat(gpu.eccErrors(EccCounter.VOLATILE)).contains(new EccErrorCounts(EccCounter.VOLATILE,
                    raw.eccCorrectedVolatile(), raw.eccUncorrectedVolatile()));
            assertThat(gpu.eccErrors(EccCounter.AGGREGATE)).contains(new EccErrorCounts(EccCounter.AGGREGATE,
                    raw.eccCorrectedAggregate(), raw.eccUncorrectedAggregate()));
            assertThat(gpu.computeProcesses()).contains(List.of(
                    new GpuProcess(4242, OptionalDouble.of(1024.0)),
                    new GpuProcess(4343, OptionalDouble.empty())));
            assertThat(gpu.clocksEventReasons().orElseThrow().reasons())
                    .containsExactly(ClocksEventReason.GPU_IDLE, ClocksEventReason.SW_POWER_CAP);
            assertThat(gpu.clocksEventReasons().orElseThrow().unknownBits()).isEqualTo(0x400L);
        } else {
            assertThat(gpu.fanSpeedPercent()).hasValue(raw.fan());
            assertThat(gpu.eccErrors(EccCounter.VOLATILE)).isEmpty(); // no ECC on the fake's RTX 4090
            assertThat(gpu.computeProcesses()).contains(List.of());
            assertThat(gpu.clocksEventReasons().orElseThrow().reasons())
                    .containsExactly(ClocksEventReason.SW_THERMAL_SLOWDOWN, ClocksEventReason.HW_THERMAL_SLOWDOWN);
        }
    }

    @Test
    void memoryIsReadWithTheVersionedV2Struct() {
        NvmlGpuProfiler gpu = open().get(0);

        gpu.memory();

        assertThat(fake.lastMemoryV2Version()).isEqualTo(0x02000028);
        assertThat(fake.calls("nvmlDeviceGetMemoryInfo_v2")).isEqualTo(1);
        assertThat(fake.calls("nvmlDeviceGetMemoryInfo")).isZero();
    }

    @Test
    void memoryFallsBackToV1WhereV2IsRefused() {
        fake.result(-1, "nvmlDeviceGetMemoryInfo_v2", FakeNvml.ARGUMENT_VERSION_MISMATCH);
        NvmlGpuProfiler gpu = open().get(1);
        FakeGpu raw = FakeNvml.RTX_4090;
        // v1's used counts the reserved memory
        GpuMemory expected = new GpuMemory((raw.memoryTotal() - raw.memoryFree()) / MB, raw.memoryTotal() / MB);

        assertThat(gpu.memory()).contains(expected);
        assertThat(gpu.memory()).contains(expected);

        assertThat(fake.calls("nvmlDeviceGetMemoryInfo_v2")).as("v2 not asked again once refused").isEqualTo(1);
        assertThat(fake.calls("nvmlDeviceGetMemoryInfo")).isEqualTo(2);
    }

    @Test
    void aReadingTheDeviceDoesNotSupportIsEmpty() {
        Map<String, Function<NvmlGpuProfiler, Object>> readings = Map.ofEntries(
                Map.entry("nvmlDeviceGetUtilizationRates", NvmlGpuProfiler::utilization),
                Map.entry("nvmlDeviceGetClockInfo/graphics", NvmlGpuProfiler::graphicsClockMhz),
                Map.entry("nvmlDeviceGetClockInfo/sm", NvmlGpuProfiler::smClockMhz),
                Map.entry("nvmlDeviceGetClockInfo/mem", NvmlGpuProfiler::memoryClockMhz),
                Map.entry("nvmlDeviceGetPowerUsage", NvmlGpuProfiler::powerDrawWatts),
                Map.entry("nvmlDeviceGetEnforcedPowerLimit", NvmlGpuProfiler::powerLimitWatts),
                Map.entry("nvmlDeviceGetTemperature", NvmlGpuProfiler::temperatureCelsius),
                Map.entry("nvmlDeviceGetFanSpeed", NvmlGpuProfiler::fanSpeedPercent),
                Map.entry("nvmlDeviceGetTotalEnergyConsumption", NvmlGpuProfiler::totalEnergyJoules),
                Map.entry("nvmlDeviceGetCurrentClocksEventReasons", NvmlGpuProfiler::clocksEventReasons),
                Map.entry("nvmlDeviceGetTotalEccErrors", gpu -> gpu.eccErrors(EccCounter.AGGREGATE)),
                Map.entry("nvmlDeviceGetPerformanceState", NvmlGpuProfiler::performanceState),
                Map.entry("nvmlDeviceGetComputeRunningProcesses_v3", NvmlGpuProfiler::computeProcesses));
        fake.reset().device(0, FakeNvml.A100).device(1, FakeNvml.RTX_4090);
        List<NvmlGpuProfiler> gpus = open();
        NvmlGpuProfiler other = gpus.get(0);
        NvmlGpuProfiler gpu = gpus.get(1);
        readings.forEach((function, reading) -> assertThat(isEmpty(reading.apply(gpu))).as(function).isFalse());
        assertThat(gpu.memory()).isPresent();

        readings.keySet().forEach(function -> fake.result(1, function, FakeNvml.NOT_SUPPORTED));
        fake.result(1, "nvmlDeviceGetMemoryInfo_v2", FakeNvml.NOT_SUPPORTED)
                .result(1, "nvmlDeviceGetMemoryInfo", FakeNvml.NOT_SUPPORTED);

        readings.forEach((function, reading) -> assertThat(isEmpty(reading.apply(gpu))).as(function).isTrue());
        assertThat(gpu.memory()).isEmpty();
        assertThat(gpu.clocks()).isEmpty();
        assertThat(gpu.power()).isEmpty();
        assertThat(other.memory()).isPresent();
        assertThat(other.temperatureCelsius()).hasValue(FakeNvml.A100.temperature());
    }

    private static boolean isEmpty(Object reading) {
        if (reading instanceof Optional<?> optional) {
            return optional.isEmpty();
        }
        if (reading instanceof OptionalDouble optional) {
            return optional.isEmpty();
        }
        return ((OptionalInt) reading).isEmpty();
    }

    @Test
    void notSupportedOnOneClockEmptiesTheClocksPair() {
        fake.result(0, "nvmlDeviceGetClockInfo/mem", FakeNvml.NOT_SUPPORTED)
                .result(0, "nvmlDeviceGetEnforcedPowerLimit", FakeNvml.NOT_SUPPORTED);
        NvmlGpuProfiler gpu = open().get(0);

        assertThat(gpu.clocks()).isEmpty();
        assertThat(gpu.graphicsClockMhz()).hasValue(FakeNvml.A100.graphicsClock());
        assertThat(gpu.power()).isEmpty();
        assertThat(gpu.powerDrawWatts()).hasValue(FakeNvml.A100.powerMilliwatts() / 1000.0);
    }

    @Test
    void otherErrorsThrowWithNvmlsErrorStringAndCode() {
        fake.result(1, "nvmlDeviceGetPowerUsage", FakeNvml.NO_PERMISSION)
                .result(1, "nvmlDeviceGetTemperature", FakeNvml.UNKNOWN);
        NvmlGpuProfiler gpu = open().get(1);

        assertThatThrownBy(gpu::power)
                .isInstanceOfSatisfying(NvmlException.class, e -> {
                    assertThat(e.code()).isEqualTo(FakeNvml.NO_PERMISSION);
                    assertThat(e.errorString()).isEqualTo("Insufficient Permissions");
                    assertThat(e.function()).isEqualTo("nvmlDeviceGetPowerUsage");
                    assertThat(e.deviceIndex()).hasValue(1);
                    assertThat(e.codeName()).isEqualTo("NVML_ERROR_NO_PERMISSION");
                    assertThat(e.isGpuLost()).isFalse();
                })
                .hasMessage("nvmlDeviceGetPowerUsage on GPU 1 failed: Insufficient Permissions "
                        + "(NVML_ERROR_NO_PERMISSION, code 4)");
        assertThatThrownBy(gpu::temperatureCelsius)
                .isInstanceOfSatisfying(NvmlException.class, e -> {
                    assertThat(e.code()).isEqualTo(999);
                    assertThat(e.errorString()).isEqualTo("Unknown Error");
                });
        assertThat(gpu.isLost()).isFalse();
        assertThat(gpu.utilization()).hasValue(FakeNvml.RTX_4090.utilization());
    }

    @Test
    void aLostDeviceThrowsWhileTheOtherKeepsReading() {
        List<NvmlGpuProfiler> gpus = open();
        NvmlGpuProfiler healthy = gpus.get(0);
        NvmlGpuProfiler lost = gpus.get(1);
        fake.lost(1);

        assertThatThrownBy(lost::temperatureCelsius)
                .isInstanceOfSatisfying(NvmlException.class, e -> {
                    assertThat(e.isGpuLost()).isTrue();
                    assertThat(e.code()).isEqualTo(NvmlException.GPU_IS_LOST);
                    assertThat(e.errorString()).isEqualTo("GPU is lost");
                    assertThat(e.deviceIndex()).hasValue(1);
                });
        assertThat(lost.isLost()).isTrue();
        int callsWhenLost = fake.calls("nvmlDeviceGetUtilizationRates");
        assertThatThrownBy(lost::utilization)
                .isInstanceOfSatisfying(NvmlException.class, e -> assertThat(e.isGpuLost()).isTrue());
        assertThatThrownBy(lost::memory).isInstanceOf(NvmlException.class);
        assertThat(fake.calls("nvmlDeviceGetUtilizationRates"))
                .as("a lost device is not asked again").isEqualTo(callsWhenLost);

        assertThat(healthy.isLost()).isFalse();
        assertThat(healthy.temperatureCelsius()).hasValue(FakeNvml.A100.temperature());
        assertThat(healthy.utilization()).hasValue(FakeNvml.A100.utilization());
        assertThat(healthy.memory()).isPresent();
    }

    @Test
    void initAndShutdownBalanceAfterClose() {
        List<NvmlGpuProfiler> gpus = open();
        assertThat(fake.initCalls()).isEqualTo(1);
        assertThat(fake.initDepth()).isEqualTo(1);

        gpus.get(0).close();
        assertThat(fake.shutdownCalls()).as("another profiler of the session is open").isZero();
        assertThat(gpus.get(1).temperatureCelsius()).hasValue(FakeNvml.RTX_4090.temperature());

        gpus.get(1).close();
        gpus.get(1).close();
        gpus.get(0).close();
        assertThat(fake.initCalls()).isEqualTo(1);
        assertThat(fake.shutdownCalls()).isEqualTo(1);
        assertThat(fake.initDepth()).isZero();
        assertThatThrownBy(gpus.get(0)::utilization).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void eachOpenIsItsOwnSession() {
        List<NvmlGpuProfiler> first = open();
        List<NvmlGpuProfiler> second = open();
        assertThat(fake.initCalls()).isEqualTo(2);

        first.forEach(NvmlGpuProfiler::close);

        assertThat(fake.shutdownCalls()).isEqualTo(1);
        assertThat(second.get(1).utilization()).hasValue(FakeNvml.RTX_4090.utilization());
        second.forEach(NvmlGpuProfiler::close);
        assertThat(fake.initDepth()).isZero();
    }

    @Test
    void readingsNeverReinitialiseNvml() {
        NvmlGpuProfiler gpu = open().get(0);

        for (int i = 0; i < 200; i++) {
            gpu.memory();
            gpu.utilization();
            gpu.clocks();
            gpu.power();
            gpu.temperatureCelsius();
        }

        assertThat(fake.initCalls()).isEqualTo(1);
        assertThat(fake.calls("nvmlDeviceGetHandleByIndex_v2")).isEqualTo(2);
        assertThat(fake.calls("nvmlDeviceGetTemperature")).isEqualTo(200);
    }

    @Test
    void aDeviceWhoseHandleIsRefusedIsSkippedWithALogLine() {
        fake.result(0, "nvmlDeviceGetHandleByIndex_v2", FakeNvml.NO_PERMISSION);
        List<NvmlGpuProfiler> gpus;
        try (LogCapture log = new LogCapture()) {
            gpus = open();

            assertThat(log.atLeast(Level.WARN)).singleElement()
                    .extracting(ILoggingEvent::getFormattedMessage).asString()
                    .contains("GPU 0 skipped", "Insufficient Permissions");
        }
        assertThat(gpus).singleElement().satisfies(gpu -> {
            assertThat(gpu.index()).isEqualTo(1);
            assertThat(gpu.name()).isEqualTo(FakeNvml.RTX_4090.name());
        });
        gpus.get(0).close();
        assertThat(fake.initDepth()).isZero();
    }

    @Test
    void noUsableDeviceGivesAnEmptyListWithNvmlShutDown() {
        fake.deviceCount(0);
        try (LogCapture log = new LogCapture()) {
            assertThat(open()).isEmpty();

            assertThat(log.atLeast(Level.INFO)).singleElement().satisfies(event -> {
                assertThat(event.getLevel()).isEqualTo(Level.INFO);
                assertThat(event.getFormattedMessage()).contains("found no usable GPU");
            });
        }
        assertThat(fake.initCalls()).isEqualTo(1);
        assertThat(fake.shutdownCalls()).isEqualTo(1);
    }

    @Test
    void anInitFailureGivesAnEmptyListAndOneInfoLine() {
        fake.initResult(FakeNvml.DRIVER_NOT_LOADED);
        try (LogCapture log = new LogCapture()) {
            assertThat(open()).isEmpty();

            assertThat(log.atLeast(Level.INFO)).singleElement().satisfies(event -> {
                assertThat(event.getLevel()).isEqualTo(Level.INFO);
                assertThat(event.getFormattedMessage()).contains("Driver Not Loaded", "NVML_ERROR_DRIVER_NOT_LOADED");
                assertThat(event.getThrowableProxy()).isNull();
            });
        }
        assertThat(fake.shutdownCalls()).isZero();
    }

    @Test
    void theSystemPropertyNamesTheLibraryToo() {
        String before = System.getProperty(NvmlGpuProfilerProvider.LIBRARY_KEY);
        System.setProperty(NvmlGpuProfilerProvider.LIBRARY_KEY, fake.path());
        try {
            List<GpuProfiler> gpus = provider.open(CalibraxConfig.empty());
            opened.addAll(gpus);

            assertThat(gpus).extracting(GpuProfiler::name)
                    .containsExactly(FakeNvml.A100.name(), FakeNvml.RTX_4090.name());
        } finally {
            if (before == null) {
                System.clearProperty(NvmlGpuProfilerProvider.LIBRARY_KEY);
            } else {
                System.setProperty(NvmlGpuProfilerProvider.LIBRARY_KEY, before);
            }
        }
    }

    @Test
    void theProviderIsFoundByServiceLoader() {
        assertThat(ServiceLoader.load(GpuProfilerProvider.class).stream().map(ServiceLoader.Provider::type))
                .contains(NvmlGpuProfilerProvider.class);
    }

    @Test
    void concurrentReadersAndTheLastCloseNeverOverlapShutdown() throws Exception {
        List<NvmlGpuProfiler> gpus = open();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch reading = new CountDownLatch(4);
        try {
            List<Future<Integer>> readers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                NvmlGpuProfiler gpu = gpus.get(t % 2);
                readers.add(pool.submit((Callable<Integer>) () -> {
                    int reads = 0;
                    reading.countDown();
                    try {
                        while (true) {
                            assertThat(gpu.temperatureCelsius()).isPresent();
                            reads++;
                        }
                    } catch (IllegalStateException closed) {
                        return reads;
                    }
                }));
            }
            assertThat(reading.await(10, TimeUnit.SECONDS)).isTrue();
            gpus.forEach(NvmlGpuProfiler::close);
            for (Future<Integer> reader : readers) {
                // every reader ends with "closed", never with UNINITIALIZED from a call after shutdown
                assertThat(reader.get(10, TimeUnit.SECONDS)).isNotNegative();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(fake.initDepth()).isZero();
        assertThat(fake.shutdownCalls()).isEqualTo(1);
    }

    @Test
    void clocksEventReasonsDecodeEveryKnownBit() {
        long all = 0;
        for (ClocksEventReason reason : ClocksEventReason.values()) {
            all |= reason.bit();
        }

        assertThat(new ClocksEventReasons(all).reasons()).containsExactlyElementsOf(EnumSet.allOf(ClocksEventReason.class));
        assertThat(new ClocksEventReasons(all).unknownBits()).isZero();
        assertThat(new ClocksEventReasons(0).none()).isTrue();
        assertThat(ClocksEventReason.HW_POWER_BRAKE_SLOWDOWN.bit()).isEqualTo(0x80L);
        assertThat(ClocksEventReason.DISPLAY_CLOCK_SETTING.bit()).isEqualTo(0x100L);
    }

    @Test
    void megabytesAreMebibytes() {
        fake.reset().device(0, FakeNvml.A100).deviceCount(1);
        NvmlGpuProfiler gpu = open().get(0);

        assertThat(gpu.memory().orElseThrow().totalMb()).isCloseTo(40_960.0, within(1e-9));
    }
}
