package io.calibrax.benchmarks;

import com.sun.jna.Library;
import com.sun.jna.Native;
import io.calibrax.api.GpuProfiler;
import io.calibrax.api.ResourceSample;
import io.calibrax.gpu.nvml.NvmlGpuProfiler;
import io.calibrax.gpu.nvml.NvmlGpuProfilerProvider;
import io.calibrax.monitoring.AdvancedMonitor;
import io.calibrax.monitoring.AlertManager;
import io.calibrax.spi.CalibraxConfig;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One monitor cycle that reads 8 GPUs through NVML, against the fake NVML that the build compiles
 * into {@code calibrax-benchmarks/target/fake-nvml/} (system property {@code calibrax.bench.fake-nvml}
 * names another file): {@link #monitorCycleOf8Gpus} is what the monitor's loop runs each interval
 * (every reading, the fault readings included, and the thresholds' bookkeeping);
 * {@link #sixOriginalReadingsOf8Gpus}, the peer, calls only the readings the monitor took before
 * the fault readings existed, so the difference is what they add. Run from the repository root.
 *
 * @since 0.1.0
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class GpuReadCycleBenchmark {
    private static final int GPUS = 8;
    private static final long GIB = 1024L * 1024 * 1024;

    /**
     * The control exports of the fake NVML.
     *
     * @since 0.1.0
     */
    public interface FakeControl extends Library {
        void fake_reset();

        void fake_set_device_count(int count);

        int fake_set_value(int index, String field, long value);
    }

    List<NvmlGpuProfiler> gpus;
    AdvancedMonitor monitor;

    @Setup(Level.Trial)
    public void setUp() {
        Path library = Path.of(System.getProperty("calibrax.bench.fake-nvml",
                "calibrax-benchmarks/target/fake-nvml/libnvidia-ml.so.1")).toAbsolutePath();
        if (!Files.isRegularFile(library)) {
            throw new IllegalStateException("no fake NVML at " + library + ": build calibrax-benchmarks with gcc "
                    + "present, run from the repository root, or set -Dcalibrax.bench.fake-nvml");
        }
        FakeControl fake = Native.load(library.toString(), FakeControl.class);
        fake.fake_reset();
        fake.fake_set_device_count(GPUS);
        for (int i = 0; i < GPUS; i++) {
            fake.fake_set_value(i, "memory_total", 80 * GIB);
            fake.fake_set_value(i, "memory_free", 60 * GIB);
            fake.fake_set_value(i, "util_gpu", 50 + i);
            fake.fake_set_value(i, "temperature", 60);
            fake.fake_set_value(i, "power_mw", 300_000);
            fake.fake_set_value(i, "power_limit_mw", 700_000);
            fake.fake_set_value(i, "clock_graphics", 1980);
            fake.fake_set_value(i, "clock_mem", 2619);
            fake.fake_set_value(i, "event_reasons", 0x1);
        }
        gpus = new NvmlGpuProfilerProvider().openProfilers(
                CalibraxConfig.of(Map.of(NvmlGpuProfilerProvider.LIBRARY_KEY, library.toString())));
        if (gpus.size() != GPUS) {
            throw new IllegalStateException("the fake NVML gave " + gpus.size() + " GPUs, not " + GPUS);
        }
        monitor = AdvancedMonitor.builder().alertManager(new AlertManager())
                .resourceMonitor(() -> new ResourceSample(Instant.EPOCH, 1, 100))
                .gpuProfilers(gpus).build();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        monitor.close();
        monitor.getAlertManager().close();
        gpus.forEach(GpuProfiler::close);
    }

    @Benchmark
    public void monitorCycleOf8Gpus() {
        monitor.runCycle();
    }

    @Benchmark
    public void sixOriginalReadingsOf8Gpus(Blackhole sink) {
        for (NvmlGpuProfiler gpu : gpus) {
            sink.consume(gpu.utilization());
            sink.consume(gpu.memory());
            sink.consume(gpu.temperatureCelsius());
            sink.consume(gpu.power());
            sink.consume(gpu.clocks());
        }
    }
}
