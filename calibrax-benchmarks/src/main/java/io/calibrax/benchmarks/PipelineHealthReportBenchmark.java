package io.calibrax.benchmarks;

import io.calibrax.monitoring.AlertManager;
import io.calibrax.monitoring.PipelineHealthReport;
import io.calibrax.monitoring.ProductionMonitor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code getPipelineHealthReport()} over 100 pipelines after 10 thousand and after 1 million
 * executions: the cost must not grow with the count (the Python reference is O(n), ~625 ms at 1M),
 * alone and while another thread keeps recording. The executions are recorded by one thread
 * ({@code fillThreads} 1) or by four at once ({@code fillThreads} 4).
 *
 * @since 0.1.0
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class PipelineHealthReportBenchmark {
    @Param({"10000", "1000000"})
    public int executions;

    @Param({"1", "4"})
    public int fillThreads;

    ProductionMonitor monitor;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        monitor = new ProductionMonitor(new AlertManager());
        for (int p = 0; p < RecordPipelineExecutionBenchmark.PIPELINES; p++) {
            monitor.setPerformanceBaseline(RecordPipelineExecutionBenchmark.NAMES[p], 0.100);
        }
        Thread[] threads = new Thread[fillThreads];
        CountDownLatch start = new CountDownLatch(1);
        for (int t = 0; t < fillThreads; t++) {
            int first = t;
            threads[t] = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int i = first; i < executions; i += fillThreads) { // the threads record the same pipelines at once
                    monitor.recordPipelineExecution(RecordPipelineExecutionBenchmark.NAMES[i % RecordPipelineExecutionBenchmark.PIPELINES],
                            RecordPipelineExecutionBenchmark.TIMES[i & 1023], RecordPipelineExecutionBenchmark.succeeds(i));
                }
            }, "calibrax-benchmark-fill-" + t);
            threads[t].start();
        }
        start.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        monitor.close();
        monitor.getAlertManager().close();
    }

    @Benchmark
    public PipelineHealthReport healthReport() {
        return monitor.getPipelineHealthReport();
    }

    /** The report while another thread keeps recording into the same monitor (no report is cached). */
    @Benchmark
    @Group("whileRecording")
    @GroupThreads(1)
    public PipelineHealthReport healthReportWhileRecording() {
        return monitor.getPipelineHealthReport();
    }

    /** The recording thread beside {@link #healthReportWhileRecording}. */
    @Benchmark
    @Group("whileRecording")
    @GroupThreads(1)
    public void recordingMeanwhile(Recorder recorder) {
        int i = recorder.i++ & Integer.MAX_VALUE;
        monitor.recordPipelineExecution(RecordPipelineExecutionBenchmark.NAMES[i % RecordPipelineExecutionBenchmark.PIPELINES],
                RecordPipelineExecutionBenchmark.TIMES[i & 1023], RecordPipelineExecutionBenchmark.succeeds(i));
    }

    /**
     * The recording thread's position.
     *
     * @since 0.1.0
     */
    @State(Scope.Thread)
    public static class Recorder {
        int i;
    }
}
