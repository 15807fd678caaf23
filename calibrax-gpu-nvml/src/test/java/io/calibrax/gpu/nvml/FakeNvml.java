package io.calibrax.gpu.nvml;

import com.sun.jna.Library;
import com.sun.jna.Native;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The control side of the fake NVML (src/test/c/fake_nvml.c), compiled by the test build: sets
 * the fake's devices and reads its call counters. The fake's state is process-wide, so every
 * test starts with {@link #reset()}.
 */
final class FakeNvml {
    static final int NOT_SUPPORTED = 3;
    static final int NO_PERMISSION = 4;
    static final int DRIVER_NOT_LOADED = 9;
    static final int ARGUMENT_VERSION_MISMATCH = 25;
    static final int UNKNOWN = 999;

    /** The control exports of the fake; only tests call them. */
    interface Control extends Library {
        void fake_reset();

        void fake_set_device_count(int count);

        void fake_set_init_result(int result);

        int fake_set_result(int index, String function, int result);

        int fake_set_lost(int index, int lost);

        int fake_set_string(int index, String field, String value);

        int fake_set_value(int index, String field, long value);

        int fake_add_process(int index, int pid, long usedMemory);

        int fake_add_graphics_process(int index, int pid, long usedMemory);

        int fake_add_mig(int index, String name, long totalBytes, long usedBytes);

        int fake_post_xid(int index, long xid);

        int fake_live_event_sets();

        int fake_init_calls();

        int fake_shutdown_calls();

        int fake_init_depth();

        int fake_last_memory_v2_version();

        int fake_calls(String function);
    }

    private final Path path;
    private final Control control;

    private FakeNvml(Path path) {
        this.path = path;
        this.control = Native.load(path.toString(), Control.class);
    }

    /** The current-driver fake. */
    static FakeNvml current() {
        return load("calibrax.test.fake-nvml");
    }

    /** The older-driver fake: no memory v2, no clocks event reasons, no process lists v3/v2, no nvmlErrorString. */
    static FakeNvml legacy() {
        return load("calibrax.test.fake-nvml-legacy");
    }

    private static FakeNvml load(String property) {
        String file = Objects.requireNonNull(System.getProperty(property),
                property + " is not set: run the tests through Maven, which builds the fake NVML");
        Path path = Path.of(file);
        assertThat(Files.isRegularFile(path)).as("fake NVML built at %s", path).isTrue();
        return new FakeNvml(path);
    }

    /** The library file, for {@code calibrax.nvml.library}. */
    String path() {
        return path.toString();
    }

    /** Config that loads this fake. */
    io.calibrax.spi.CalibraxConfig config() {
        return io.calibrax.spi.CalibraxConfig.of(Map.of(NvmlGpuProfilerProvider.LIBRARY_KEY, path()));
    }

    FakeNvml reset() {
        control.fake_reset();
        return this;
    }

    FakeNvml deviceCount(int count) {
        control.fake_set_device_count(count);
        return this;
    }

    FakeNvml initResult(int result) {
        control.fake_set_init_result(result);
        return this;
    }

    /** Makes {@code function} answer {@code result} on device {@code index} (-1: every device). */
    FakeNvml result(int index, String function, int result) {
        assertThat(control.fake_set_result(index, function, result)).isZero();
        return this;
    }

    FakeNvml lost(int index) {
        assertThat(control.fake_set_lost(index, 1)).isZero();
        return this;
    }

    /** Device {@code index} answers again after {@link #lost(int)}. */
    FakeNvml found(int index) {
        assertThat(control.fake_set_lost(index, 0)).isZero();
        return this;
    }

    /** Sets one raw value of device {@code index} ({@code event_reasons}, {@code ecc_uncorrected_volatile}, ...). */
    FakeNvml value(int index, String field, long value) {
        assertThat(control.fake_set_value(index, field, value)).as(field).isZero();
        return this;
    }

    /** Adds a MIG device (memory in bytes) to GPU {@code index}, turning its MIG mode on. */
    FakeNvml mig(int index, String name, long totalBytes, long usedBytes) {
        assertThat(control.fake_add_mig(index, name, totalBytes, usedBytes)).isZero();
        return this;
    }

    /** Queues XID {@code xid} on GPU {@code index}; the number of event sets it reached. */
    int postXid(int index, long xid) {
        return control.fake_post_xid(index, xid);
    }

    /** Event sets created and not yet freed. */
    int liveEventSets() {
        return control.fake_live_event_sets();
    }

    /** Gives device {@code index} every value of {@code gpu}. */
    FakeNvml device(int index, FakeGpu gpu) {
        assertThat(control.fake_set_string(index, "name", gpu.name())).isZero();
        assertThat(control.fake_set_string(index, "uuid", gpu.uuid())).isZero();
        gpu.values().forEach((field, value) ->
                assertThat(control.fake_set_value(index, field, value)).as(field).isZero());
        for (FakeGpu.Process process : gpu.processes()) {
            computeProcess(index, process.pid(), process.usedBytes());
        }
        return this;
    }

    /** Adds a process to GPU {@code index}'s compute list; {@code usedBytes} -1 is NVML_VALUE_NOT_AVAILABLE. */
    FakeNvml computeProcess(int index, long pid, long usedBytes) {
        assertThat(control.fake_add_process(index, (int) pid, usedBytes)).isZero();
        return this;
    }

    /** Adds a process to GPU {@code index}'s graphics list; {@code usedBytes} -1 is NVML_VALUE_NOT_AVAILABLE. */
    FakeNvml graphicsProcess(int index, long pid, long usedBytes) {
        assertThat(control.fake_add_graphics_process(index, (int) pid, usedBytes)).isZero();
        return this;
    }

    int initCalls() {
        return control.fake_init_calls();
    }

    int shutdownCalls() {
        return control.fake_shutdown_calls();
    }

    /** nvmlInit_v2 calls not yet matched by nvmlShutdown. */
    int initDepth() {
        return control.fake_init_depth();
    }

    int lastMemoryV2Version() {
        return control.fake_last_memory_v2_version();
    }

    int calls(String function) {
        return control.fake_calls(function);
    }

    /**
     * The raw values one fake device reports, in NVML's units (bytes, MHz, mW, mJ).
     */
    record FakeGpu(String name, String uuid, long memoryTotal, long memoryFree, long memoryReserved,
                   int utilization, int graphicsClock, int smClock, int memoryClock, int powerMilliwatts,
                   int powerLimitMilliwatts, int temperature, int fan, long energyMillijoules,
                   long eventReasons, int performanceState, long eccCorrectedVolatile,
                   long eccUncorrectedVolatile, long eccCorrectedAggregate, long eccUncorrectedAggregate,
                   List<Process> processes) {

        /** A running process; {@code usedBytes} -1 is NVML_VALUE_NOT_AVAILABLE. */
        record Process(long pid, long usedBytes) {
        }

        Map<String, Long> values() {
            return Map.ofEntries(
                    Map.entry("memory_total", memoryTotal), Map.entry("memory_free", memoryFree),
                    Map.entry("memory_reserved", memoryReserved), Map.entry("util_gpu", (long) utilization),
                    Map.entry("clock_graphics", (long) graphicsClock), Map.entry("clock_sm", (long) smClock),
                    Map.entry("clock_mem", (long) memoryClock), Map.entry("power_mw", (long) powerMilliwatts),
                    Map.entry("power_limit_mw", (long) powerLimitMilliwatts),
                    Map.entry("temperature", (long) temperature), Map.entry("fan", (long) fan),
                    Map.entry("energy_mj", energyMillijoules), Map.entry("event_reasons", eventReasons),
                    Map.entry("pstate", (long) performanceState),
                    Map.entry("ecc_corrected_volatile", eccCorrectedVolatile),
                    Map.entry("ecc_uncorrected_volatile", eccUncorrectedVolatile),
                    Map.entry("ecc_corrected_aggregate", eccCorrectedAggregate),
                    Map.entry("ecc_uncorrected_aggregate", eccUncorrectedAggregate));
        }
    }

    /** A data-centre board: no fan, ECC on, two processes (one whose memory NVML cannot tell). */
    static final FakeGpu A100 = new FakeGpu("NVIDIA A100-SXM4-40GB", "GPU-5a0b6c1e-7d3f-4d7e-9a11-2b8c0d4e6f10",
            42_949_672_960L, 30_064_771_072L, 566_231_040L, 37, 1410, 1395, 1215, 251_337, 400_000, 64, 0,
            987_654_321L, 0x1L | 0x4L | 0x400L, 0, 3, 1, 17, 2,
            List.of(new FakeGpu.Process(4242, 1_073_741_824L), new FakeGpu.Process(4343, -1L)));

    /** A desktop board: a fan, no ECC, no process. */
    static final FakeGpu RTX_4090 = new FakeGpu("NVIDIA GeForce RTX 4090", "GPU-0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0",
            25_757_220_864L, 1_048_576_000L, 314_572_800L, 88, 2520, 2505, 10501, 402_123, 450_000, 71, 30,
            12_345L, 0x20L | 0x40L, 2, 0, 0, 0, 0, List.of());

    /** The usual two-device fake: an A100 without fan support, an RTX 4090 without ECC support. */
    FakeNvml twoDevices() {
        return reset().device(0, A100).device(1, RTX_4090)
                .result(0, "nvmlDeviceGetFanSpeed", NOT_SUPPORTED)
                .result(1, "nvmlDeviceGetTotalEccErrors", NOT_SUPPORTED);
    }
}
