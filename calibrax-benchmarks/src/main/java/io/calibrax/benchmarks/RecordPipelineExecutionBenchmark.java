package io.calibrax.benchmarks;

import io.calibrax.monitoring.AlertManager;
import io.calibrax.monitoring.ProductionMonitor;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.ThreadParams;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Recording one pipeline execution: Calibrax's {@code recordPipelineExecution} beside Micrometer's
 * {@code Timer.builder(..).tags(..).register(registry).record(..)}, the way a Java service would
 * record the same thing. 100 pipelines, baselines set, every tenth execution of each pipeline
 * failing; executions stay within their baseline and the recent error rate (0.1) under its limit, so
 * no alert fires (alerts are measured by TriggerAlertBenchmark). {@link #calibraxFourThreads} against
 * {@link #calibraxOneThread} is the scaling of one monitor shared by threads that record different
 * pipelines at a time; {@link #calibraxFourThreadsSamePipeline} has four threads record one pipeline
 * (its stripes). {@link #calibraxFourThreadsRandom} against {@link #calibraxOneThreadRandom} is the
 * same scaling when every thread picks pipelines and outcomes at random, and
 * {@link #calibraxFourThreadsLockstep} has the four threads walk the pipelines in step, so that they
 * record the same pipeline at the same moments.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RecordPipelineExecutionBenchmark {
    static final int PIPELINES = 100;
    static final String[] NAMES = new String[PIPELINES];
    static final double[] TIMES = new double[1024];
    static final Duration[] DURATIONS = new Duration[TIMES.length];

    static {
        for (int i = 0; i < PIPELINES; i++) {
            NAMES[i] = "pipeline-" + i;
        }
        java.util.Random random = new java.util.Random(42);
        for (int i = 0; i < TIMES.length; i++) {
            TIMES[i] = 0.050 + random.nextDouble() * 0.050; // 50..100 ms, baseline 100 ms
            DURATIONS[i] = Duration.ofNanos((long) (TIMES[i] * 1e9));
        }
    }

    /** One monitor shared by every benchmark thread. */
    @State(Scope.Benchmark)
    public static class Calibrax {
        ProductionMonitor monitor;

        @Setup(Level.Trial)
        public void setUp() {
            monitor = new ProductionMonitor(new AlertManager());
            for (String name : NAMES) {
                monitor.setPerformanceBaseline(name, 0.100);
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            monitor.close();
            monitor.getAlertManager().close();
        }
    }

    /** One Micrometer registry shared by every benchmark thread. */
    @State(Scope.Benchmark)
    public static class Micrometer {
        MeterRegistry registry;

        @Setup(Level.Trial)
        public void setUp() {
            registry = new SimpleMeterRegistry();
        }
    }

    /** Whether execution {@code i} succeeds: every pipeline fails one execution in ten. */
    static boolean succeeds(int i) {
        return (i / PIPELINES) % 10 != 9;
    }

    /**
     * Each thread walks all pipelines in turn, starting from its own offset (threads record
     * different pipelines at a time, as a service's request threads do), with its own outcomes.
     */
    @State(Scope.Thread)
    public static class Cursor {
        int start;
        int i;

        @Setup(Level.Trial)
        public void setUp(ThreadParams thread) {
            start = thread.getThreadIndex() * (PIPELINES / Math.max(1, thread.getThreadCount()));
            i = start;
        }

        int next() {
            int next = i++;
            if (i == Integer.MAX_VALUE) {
                i = 0;
            }
            return next;
        }
    }

    /** Each thread picks pipelines and outcomes at random (xorshift, its own seed): 1 in 10 fails. */
    @State(Scope.Thread)
    public static class RandomCursor {
        int x;

        @Setup(Level.Trial)
        public void setUp(ThreadParams thread) {
            x = 0x9E3779B9 * (thread.getThreadIndex() + 1);
        }

        int next() {
            x ^= x << 13;
            x ^= x >>> 17;
            x ^= x << 5;
            return x & Integer.MAX_VALUE;
        }
    }

    @Benchmark
    @Threads(4)
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public void calibraxFourThreadsRandom(Calibrax state, RandomCursor cursor) {
        int r = cursor.next();
        state.monitor.recordPipelineExecution(NAMES[r % PIPELINES], TIMES[r & 1023], (r >>> 12) % 10 != 0);
    }

    @Benchmark
    @Threads(1)
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public void calibraxOneThreadRandom(Calibrax state, RandomCursor cursor) {
        calibraxFourThreadsRandom(state, cursor);
    }

    @Benchmark
    @Threads(4)
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public void calibraxFourThreadsLockstep(Calibrax state, Cursor cursor) {
        int i = (cursor.next() - cursor.start) & Integer.MAX_VALUE; // every thread from the first pipeline, in step
        state.monitor.recordPipelineExecution(NAMES[i % PIPELINES], TIMES[i & 1023], succeeds(i));
    }

    @Benchmark
    public void calibraxRecordPipelineExecution(Calibrax state, Cursor cursor) {
        int i = cursor.next();
        state.monitor.recordPipelineExecution(NAMES[i % PIPELINES], TIMES[i & 1023], succeeds(i));
    }

    @Benchmark
    public void micrometerTimerRecord(Micrometer state, Cursor cursor) {
        int i = cursor.next();
        Timer.builder("pipeline.execution")
                .tags("pipeline", NAMES[i % PIPELINES], "outcome", succeeds(i) ? "success" : "failure")
                .register(state.registry)
                .record(DURATIONS[i & 1023]);
    }

    /** Four threads into one monitor: compare its throughput with {@link #calibraxOneThread}. */
    @Benchmark
    @Threads(4)
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public void calibraxFourThreads(Calibrax state, Cursor cursor) {
        calibraxRecordPipelineExecution(state, cursor);
    }

    /** Four threads recording the same pipeline at once (every tenth execution failing). */
    @Benchmark
    @Threads(4)
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public void calibraxFourThreadsSamePipeline(Calibrax state, Cursor cursor) {
        int i = cursor.next();
        state.monitor.recordPipelineExecution(NAMES[0], TIMES[i & 1023], (i % 10) != 9);
    }

    /** One thread: the base of the scaling ratio. */
    @Benchmark
    @Threads(1)
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public void calibraxOneThread(Calibrax state, Cursor cursor) {
        calibraxRecordPipelineExecution(state, cursor);
    }
}
