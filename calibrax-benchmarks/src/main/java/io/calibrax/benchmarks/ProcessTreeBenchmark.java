package io.calibrax.benchmarks;

import io.calibrax.resources.OshiResourceMonitor;
import io.calibrax.resources.ProcessTreeMonitor;
import org.openjdk.jmh.annotations.AuxCounters;
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

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What {@code calibrax run --interval 100ms} costs: one sample of a 4-process tree (a shell and
 * three children), children re-scanned by parent PID as every sample does. At a 100 ms interval a
 * sample of S microseconds costs S / 1,000 percent of one core (the sample is reads of
 * {@code /proc}: its wall time is its CPU time). Beside it, in the same run: the JDK's own way to
 * walk a tree ({@code ProcessHandle.descendants()} and each one's CPU time, no memory) and the
 * default monitor's sample of the JVM alone. {@link #treeSampleEvery100ms} samples once per 100 ms,
 * as {@code run --interval 100ms} does (so no cache stays warm), and reports the thread's CPU time
 * over the wall time as {@code cpuPercentOfOneCore}: on a loaded machine the wall time of one
 * sample includes waiting for a core, the CPU time does not.
 *
 * @since 0.1.0
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class ProcessTreeBenchmark {
    Process shell;
    ProcessTreeMonitor tree;
    OshiResourceMonitor self;

    @Setup(Level.Trial)
    public void setUp() throws IOException, InterruptedException {
        shell = new ProcessBuilder("sh", "-c", "sleep 600 & sleep 600 & sleep 600 & wait").start();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (shell.descendants().count() < 3) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the shell did not start its three children");
            }
            if (!shell.isAlive()) {
                throw new IllegalStateException("the shell ended early");
            }
            Thread.sleep(10);
        }
        tree = new ProcessTreeMonitor(shell.pid(), List.of());
        self = new OshiResourceMonitor();
        if (tree.sample().asMetrics().get(ProcessTreeMonitor.PROCESS_COUNT) != 4.0) {
            throw new IllegalStateException("expected a 4-process tree");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        shell.descendants().forEach(ProcessHandle::destroy);
        shell.destroy();
    }

    @Benchmark
    public Object treeSample() {
        return tree.sample();
    }

    @Benchmark
    public void jdkDescendantsCpuOnly(Blackhole blackhole) {
        blackhole.consume(shell.info().totalCpuDuration());
        shell.descendants().forEach(process -> blackhole.consume(process.info().totalCpuDuration()));
    }

    @Benchmark
    public Object selfSample() {
        return self.sample();
    }

    /**
     * The CPU time the benchmark thread spends, as a share of the wall time since the iteration
     * began, in percent of one core: with one sample per 100 ms, what {@code --interval 100ms} costs.
     *
     * @since 0.1.0
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class CpuCost {
        private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
        private long cpuStart;
        private long wallStart;
        public double cpuPercentOfOneCore;

        @Setup(Level.Iteration)
        public void reset() {
            cpuStart = THREADS.getCurrentThreadCpuTime();
            wallStart = System.nanoTime();
        }

        void update() {
            long wall = System.nanoTime() - wallStart;
            cpuPercentOfOneCore = wall > 0 ? (THREADS.getCurrentThreadCpuTime() - cpuStart) * 100.0 / wall : 0;
        }
    }

    /** One 100 ms tick of {@code calibrax run --interval 100ms}: wait for it, then sample the tree. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 1, time = 10)
    @Measurement(iterations = 3, time = 10)
    public Object treeSampleEvery100ms(CpuCost cost) throws InterruptedException {
        Thread.sleep(100);
        Object sample = tree.sample();
        cost.update();
        return sample;
    }

    /** The same tick with the JDK's walk of the tree instead (CPU times only, no memory). */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 1, time = 10)
    @Measurement(iterations = 3, time = 10)
    public void jdkDescendantsEvery100ms(CpuCost cost, Blackhole blackhole) throws InterruptedException {
        Thread.sleep(100);
        jdkDescendantsCpuOnly(blackhole);
        cost.update();
    }
}
