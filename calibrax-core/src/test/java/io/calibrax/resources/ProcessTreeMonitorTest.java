package io.calibrax.resources;

import io.calibrax.api.GpuProfiler;
import io.calibrax.api.ResourceSample;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/** The process-tree monitor against real child processes. */
class ProcessTreeMonitorTest {
    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stopChildren() {
        for (Process process : started) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    private Process shell(String script) throws IOException {
        Process process = new ProcessBuilder("sh", "-c", script).start();
        started.add(process);
        return process;
    }

    private static double reading(ResourceSample sample, String metric) {
        return sample.asMetrics().get(metric);
    }

    @Test
    void aShellAndBothItsChildrenAreOneTree() throws IOException {
        Process shell = shell("sleep 30 & sleep 30 & wait");
        await().atMost(Duration.ofSeconds(10)).until(() -> shell.descendants().count() == 2);
        ProcessTreeMonitor monitor = new ProcessTreeMonitor(shell.pid(), List.of());

        ResourceSample sample = monitor.sample();

        assertThat(reading(sample, ProcessTreeMonitor.PROCESS_COUNT)).isEqualTo(3);
        assertThat(reading(sample, OshiResourceMonitor.PROCESS_THREADS)).isGreaterThanOrEqualTo(3);
        assertThat(sample.rssMb()).isPositive();
        assertThat(sample.asMetrics()).containsKeys(OshiResourceMonitor.PROCESS_OPEN_FILES,
                OshiResourceMonitor.SYSTEM_CPU_PERCENT).doesNotContainKey(ProcessTreeMonitor.GPU_PROCESS_MEMORY_MB)
                .doesNotContainKey(OshiResourceMonitor.JVM_HEAP_USED_MB);
    }

    @Test
    void aChildStartedLaterIsCountedAtTheNextSample() throws IOException {
        Process shell = shell("read line; sleep 30 & wait");
        ProcessTreeMonitor monitor = new ProcessTreeMonitor(shell.pid(), List.of());
        assertThat(reading(monitor.sample(), ProcessTreeMonitor.PROCESS_COUNT)).isEqualTo(1);

        shell.getOutputStream().write("go\n".getBytes());
        shell.getOutputStream().flush();

        await().atMost(Duration.ofSeconds(10))
                .until(() -> reading(monitor.sample(), ProcessTreeMonitor.PROCESS_COUNT) == 2);
    }

    @Test
    void aBusyChildsCpuIsCountedInPercentOfOneCore() throws IOException {
        Process shell = shell("while :; do :; done");
        ProcessTreeMonitor monitor = new ProcessTreeMonitor(shell.pid(), List.of());
        monitor.sample();

        // a spinning shell uses a good part of a core; on this shared machine, at least some of one
        await().atMost(Duration.ofSeconds(10)).until(() -> monitor.sample().cpuPercent() > 10);
    }

    @Test
    void gpuMemoryCountsOnlyTheTreesProcesses() throws IOException {
        Process shell = shell("sleep 30 & wait");
        await().atMost(Duration.ofSeconds(10)).until(() -> shell.descendants().count() == 1);
        long child = shell.descendants().findFirst().orElseThrow().pid();
        GpuProfiler gpu0 = new ListingGpu(0, Map.of(child, 512.0, ProcessHandle.current().pid(), 1000.0));
        GpuProfiler gpu1 = new ListingGpu(1, Map.of(shell.pid(), 256.0));
        ProcessTreeMonitor monitor = new ProcessTreeMonitor(shell.pid(), List.of(gpu0, gpu1));

        assertThat(reading(monitor.sample(), ProcessTreeMonitor.GPU_PROCESS_MEMORY_MB)).isEqualTo(768.0);
        assertThat(reading(new ProcessTreeMonitor(shell.pid(), List.of(new ListingGpu(0, Map.of()))).sample(),
                ProcessTreeMonitor.GPU_PROCESS_MEMORY_MB)).isZero();
    }

    @Test
    void aTreeWhoseRootEndedSaysSo() throws Exception {
        Process shell = shell("exit 0");
        shell.waitFor();
        ProcessTreeMonitor monitor = new ProcessTreeMonitor(shell.pid(), List.of());

        assertThatIllegalStateException().isThrownBy(monitor::sample).withMessageContaining("has ended");
        assertThatIllegalArgumentException().isThrownBy(() -> new ProcessTreeMonitor(0, List.of()));
    }

    @Test
    void thePortableReaderSeesTheSameTree() throws IOException {
        Process shell = shell("sleep 30 & sleep 30 & wait");
        await().atMost(Duration.ofSeconds(10)).until(() -> shell.descendants().count() == 2);

        List<ProcessTreeReader.Reading> portable = ProcessTreeReader.portable(new oshi.SystemInfo().getOperatingSystem())
                .read((int) shell.pid());
        List<ProcessTreeReader.Reading> procFs = new ProcFsTreeReader().read((int) shell.pid());

        assertThat(portable).extracting(ProcessTreeReader.Reading::pid)
                .containsExactlyInAnyOrderElementsOf(procFs.stream().map(ProcessTreeReader.Reading::pid).toList());
        assertThat(portable.get(0).rssBytes()).isCloseTo(procFs.get(0).rssBytes(),
                org.assertj.core.data.Percentage.withPercentage(50));
    }

    @Test
    void theHostMonitorReportsTheHostNotThisJvm() {
        ResourceSample sample = new HostResourceMonitor().sample();

        assertThat(sample.rssMb()).isGreaterThan(Runtime.getRuntime().totalMemory() / (1024.0 * 1024.0));
        assertThat(sample.asMetrics()).containsKeys(OshiResourceMonitor.SYSTEM_MEMORY_PERCENT)
                .doesNotContainKeys(OshiResourceMonitor.JVM_HEAP_USED_MB, OshiResourceMonitor.PROCESS_THREADS);
    }

    /** A GPU that lists its processes, as NVML does. */
    private record ListingGpu(int index, Map<Long, Double> processes) implements GpuProfiler {
        @Override public String name() { return "listing GPU " + index; }
        @Override public Optional<io.calibrax.api.GpuMemory> memory() { return Optional.empty(); }
        @Override public OptionalDouble utilization() { return OptionalDouble.empty(); }
        @Override public Optional<io.calibrax.api.GpuClocks> clocks() { return Optional.empty(); }
        @Override public Optional<io.calibrax.api.GpuPower> power() { return Optional.empty(); }
        @Override public OptionalDouble temperatureCelsius() { return OptionalDouble.empty(); }
        @Override public Map<Long, Double> processMemoryMb() { return processes; }
    }
}
