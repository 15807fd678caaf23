package io.calibrax.gpu.nvml;

import io.calibrax.api.GpuProfiler;
import io.calibrax.api.ResourceSample;
import io.calibrax.resources.ProcessTreeMonitor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@code calibrax run} and {@code watch --pid} sample: a {@link ProcessTreeMonitor}
 * (calibrax-core) over a real process tree, with NVML profilers on the fake NVML whose process
 * lists name the tree's PIDs.
 */
class ProcessTreeWithNvmlTest {
    private static final long MIB = 1024L * 1024L;

    private final FakeNvml fake = FakeNvml.current().twoDevices();
    private final List<NvmlGpuProfiler> gpus = new NvmlGpuProfilerProvider().openProfilers(fake.config());
    private Process shell;

    @AfterEach
    void stopTreeAndCloseProfilers() throws InterruptedException {
        if (shell != null) {
            shell.descendants().forEach(ProcessHandle::destroy);
            shell.destroy();
            assertThat(shell.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
        gpus.forEach(NvmlGpuProfiler::close);
        assertThat(fake.initDepth()).isZero();
    }

    @Test
    void gpuProcessMemoryIsTheTreesShareOfEveryGpusProcessLists() throws Exception {
        // a shell and the child it starts, whose PID it prints
        shell = new ProcessBuilder("sh", "-c", "sleep 60 & echo $!; wait").start();
        long child;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(shell.getInputStream(), StandardCharsets.UTF_8))) {
            child = Long.parseLong(out.readLine().strip());
        }
        long outsider = ProcessHandle.current().pid();
        fake.computeProcess(0, child, 1024 * MIB)
                .graphicsProcess(0, child, 512 * MIB)      // the same process in both lists counts once
                .graphicsProcess(0, shell.pid(), 100 * MIB)
                .computeProcess(1, child, 256 * MIB)       // and again on another GPU
                .computeProcess(1, shell.pid(), -1L)        // memory NVML cannot tell
                .computeProcess(0, outsider, 4096 * MIB);  // not in the tree

        ProcessTreeMonitor monitor = new ProcessTreeMonitor(shell.pid(), List.<GpuProfiler>copyOf(gpus));
        ResourceSample sample = monitor.sample();

        assertThat(sample.metrics()).containsEntry(ProcessTreeMonitor.PROCESS_COUNT, 2.0)
                .containsEntry(ProcessTreeMonitor.GPU_PROCESS_MEMORY_MB, 1024.0 + 100.0 + 256.0);
    }
}
