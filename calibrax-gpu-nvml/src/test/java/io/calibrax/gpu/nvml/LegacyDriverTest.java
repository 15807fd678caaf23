package io.calibrax.gpu.nvml;

import io.calibrax.api.GpuMemory;
import io.calibrax.gpu.nvml.FakeNvml.FakeGpu;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.OptionalDouble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An older driver's library (the fake built with -DFAKE_NVML_LEGACY): no memory v2, no clocks
 * event reasons under the new name, only the first running-processes export, no nvmlErrorString.
 */
class LegacyDriverTest {
    private static final double MB = 1024.0 * 1024.0;

    private final FakeNvml fake = FakeNvml.legacy();
    private List<NvmlGpuProfiler> gpus;

    @BeforeEach
    void open() {
        fake.twoDevices();
        gpus = new NvmlGpuProfilerProvider().openProfilers(fake.config());
    }

    @AfterEach
    void close() {
        gpus.forEach(NvmlGpuProfiler::close);
        assertThat(fake.initDepth()).isZero();
    }

    @Test
    void memoryFallsBackToV1WhereV2IsMissing() {
        FakeGpu raw = FakeNvml.A100;

        assertThat(gpus.get(0).memory()).contains(
                new GpuMemory((raw.memoryTotal() - raw.memoryFree()) / MB, raw.memoryTotal() / MB));
        assertThat(fake.calls("nvmlDeviceGetMemoryInfo")).isEqualTo(1);
    }

    @Test
    void clocksEventReasonsComeFromTheThrottleReasonsExport() {
        assertThat(gpus.get(1).clocksEventReasons()).contains(new ClocksEventReasons(FakeNvml.RTX_4090.eventReasons()));
        assertThat(gpus.get(0).clocksEventReasons()).contains(new ClocksEventReasons(FakeNvml.A100.eventReasons()));
        assertThat(fake.calls("nvmlDeviceGetCurrentClocksThrottleReasons")).isEqualTo(2);
    }

    @Test
    void processesComeFromTheFirstExportWithItsSmallerStruct() {
        assertThat(gpus.get(0).computeProcesses()).contains(List.of(
                new GpuProcess(4242, OptionalDouble.of(1024.0)), new GpuProcess(4343, OptionalDouble.empty())));
        assertThat(gpus.get(1).computeProcesses()).contains(List.of());
    }

    @Test
    void errorsAreDescribedWithoutNvmlErrorString() {
        fake.result(0, "nvmlDeviceGetPowerUsage", FakeNvml.NO_PERMISSION);

        assertThatThrownBy(gpus.get(0)::powerDrawWatts)
                .isInstanceOfSatisfying(NvmlException.class, e -> {
                    assertThat(e.code()).isEqualTo(FakeNvml.NO_PERMISSION);
                    assertThat(e.errorString()).isEqualTo("No permission");
                });
    }

    @Test
    void theOtherReadingsAreTheSame() {
        NvmlGpuProfiler gpu = gpus.get(1);
        FakeGpu raw = FakeNvml.RTX_4090;

        assertThat(gpu.name()).isEqualTo(raw.name());
        assertThat(gpu.utilization()).hasValue(raw.utilization());
        assertThat(gpu.temperatureCelsius()).hasValue(raw.temperature());
        assertThat(gpu.powerDrawWatts()).hasValue(raw.powerMilliwatts() / 1000.0);
    }

    @Test
    void withoutTheEventAndMigExportsThoseFeaturesAreUnsupportedAndLoggedOnce() {
        gpus.forEach(NvmlGpuProfiler::close);
        try (LogCapture log = new LogCapture()) {
            gpus = new NvmlGpuProfilerProvider().openProfilers(fake.config());
            assertThat(gpus).hasSize(2);
            for (int i = 0; i < 3; i++) {
                assertThat(gpus.get(0).migDevices()).isEmpty();
                assertThat(gpus.get(1).migDevices()).isEmpty();
            }
            assertThat(gpus.get(0).addXidListener(event -> { })).isEmpty();
            assertThat(gpus.get(0).memory()).isPresent();
            assertThat(gpus.get(0).throttled()).contains(true);

            List<String> lines = log.atLeast(ch.qos.logback.classic.Level.INFO).stream()
                    .map(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage).toList();
            assertThat(lines.stream().filter(line -> line.contains("does not export nvmlEventSetCreate"))).hasSize(1);
            assertThat(lines.stream().filter(line -> line.contains("does not export nvmlDeviceGetMigMode"))).hasSize(1);
            assertThat(log.atLeast(ch.qos.logback.classic.Level.WARN)).isEmpty();
        }
    }
}
