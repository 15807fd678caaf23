package io.calibrax.gpu.nvml;

import ch.qos.logback.classic.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link NvmlGpuProfiler#processMemoryMb()}: NVML's compute and graphics process lists, merged by PID. */
class ProcessMemoryTest {
    private static final long MIB = 1024L * 1024L;
    private static final long NOT_AVAILABLE = -1L;

    private final List<NvmlGpuProfiler> opened = new ArrayList<>();

    @AfterEach
    void closeEverything() {
        opened.forEach(NvmlGpuProfiler::close);
    }

    private List<NvmlGpuProfiler> open(FakeNvml fake) {
        List<NvmlGpuProfiler> profilers = new NvmlGpuProfilerProvider().openProfilers(fake.config());
        opened.addAll(profilers);
        return profilers;
    }

    /** GPU 0: the A100's compute list (4242: 1 GiB, 4343: unknown) and a graphics list beside it. */
    private static FakeNvml withGraphics(FakeNvml fake) {
        return fake.twoDevices()
                .graphicsProcess(0, 4242, 512 * MIB)   // also in the compute list, with more
                .graphicsProcess(0, 4343, 300 * MIB)   // unknown in the compute list
                .graphicsProcess(0, 4444, 256 * MIB)   // graphics only
                .graphicsProcess(0, 4545, NOT_AVAILABLE);
    }

    @Test
    void computeAndGraphicsMergeByPidTakingTheLargerAndLeavingUnknownMemoryOut() {
        List<NvmlGpuProfiler> gpus = open(withGraphics(FakeNvml.current()));

        assertThat(gpus.get(0).processMemoryMb()).isEqualTo(Map.of(4242L, 1024.0, 4343L, 300.0, 4444L, 256.0));
        assertThat(gpus.get(1).processMemoryMb()).as("no process on the RTX 4090").isEmpty();
    }

    @Test
    void anOlderDriverIsReadThroughTheFirstExports() {
        FakeNvml fake = withGraphics(FakeNvml.legacy());
        List<NvmlGpuProfiler> gpus = open(fake);

        assertThat(gpus.get(0).processMemoryMb()).isEqualTo(Map.of(4242L, 1024.0, 4343L, 300.0, 4444L, 256.0));
        assertThat(gpus.get(0).processMemoryMb()).hasSize(3);
        assertThat(fake.calls("nvmlDeviceGetGraphicsRunningProcesses"))
                .as("a sizing call and a reading call per reading").isEqualTo(4);
    }

    @Test
    void aListTheDeviceDoesNotGiveAddsNothingAndIsLoggedOnce() {
        FakeNvml fake = withGraphics(FakeNvml.current())
                .result(0, "nvmlDeviceGetGraphicsRunningProcesses_v3", FakeNvml.NOT_SUPPORTED);
        NvmlGpuProfiler gpu = open(fake).get(0);

        try (LogCapture log = new LogCapture()) {
            assertThat(gpu.processMemoryMb()).isEqualTo(Map.of(4242L, 1024.0));
            assertThat(gpu.processMemoryMb()).isEqualTo(Map.of(4242L, 1024.0));

            assertThat(log.atLeast(Level.INFO)).singleElement().satisfies(event -> {
                assertThat(event.getLevel()).isEqualTo(Level.INFO);
                assertThat(event.getFormattedMessage())
                        .contains("GPU 0", "nvmlDeviceGetGraphicsRunningProcesses");
            });
        }
    }

    @Test
    void neitherListGivenIsAnEmptyMap() {
        FakeNvml fake = withGraphics(FakeNvml.current())
                .result(0, "nvmlDeviceGetGraphicsRunningProcesses_v3", FakeNvml.NOT_SUPPORTED)
                .result(0, "nvmlDeviceGetComputeRunningProcesses_v3", FakeNvml.NOT_SUPPORTED);

        assertThat(open(fake).get(0).processMemoryMb()).isEmpty();
    }

    @Test
    void anotherNvmlErrorThrows() {
        FakeNvml fake = withGraphics(FakeNvml.current())
                .result(0, "nvmlDeviceGetGraphicsRunningProcesses_v3", FakeNvml.NO_PERMISSION);
        NvmlGpuProfiler gpu = open(fake).get(0);

        assertThatThrownBy(gpu::processMemoryMb).isInstanceOfSatisfying(NvmlException.class, e -> {
            assertThat(e.code()).isEqualTo(FakeNvml.NO_PERMISSION);
            assertThat(e.function()).isEqualTo("nvmlDeviceGetGraphicsRunningProcesses_v3");
        });
    }

    @Test
    void manyThreadsReadTheSameMap() throws Exception {
        NvmlGpuProfiler gpu = open(withGraphics(FakeNvml.current())).get(0);
        Map<Long, Double> expected = Map.of(4242L, 1024.0, 4343L, 300.0, 4444L, 256.0);
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Callable<Boolean>> readers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                readers.add(() -> {
                    for (int i = 0; i < 200; i++) {
                        if (!gpu.processMemoryMb().equals(expected)) {
                            return false;
                        }
                    }
                    return true;
                });
            }
            for (Future<Boolean> result : pool.invokeAll(readers)) {
                assertThat(result.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
