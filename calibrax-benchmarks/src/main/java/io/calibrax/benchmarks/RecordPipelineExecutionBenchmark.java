package io.calibrax.benchmarks;

import io.calibrax.monitoring.AlertManager;
import io.calibrax.monitoring.PipelineRecorder;
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
 * Recording one pipeline execution, against Micrometer's {@code Timer} in the same run:
 * <ul>
 *   <li>{@link #calibraxRecordPipelineExecution} (by name) beside {@link #micrometerTimerRecord}
 *   ({@code Timer.builder(..).tags(..).register(registry).record(..)}: lookup and record, the way a
 *   service records by name);</li>
 *   <li>{@link #calibraxPipelineRecorder} (a {@code PipelineRecorder} kept in a field) beside
 *   {@link #micrometerRegisteredTimerRecord} (a {@code Timer} registered once, then
 *   {@code record(..)}).</li>
 * </ul>
 * 100 pipelines, baselines set, every tenth execution of each pipeline failing; executions stay
 * within their baseline and the recent error rate (0.1) under its limit, so no alert fires (alerts
 * are measured by TriggerAlertBenchmark). {@link #calibraxFourThreads} and
 * {@link #calibraxFourThreadsSamePipeline} are information only: four threads sharing one monitor
 * (different pipelines at a time, or one pipeline, whose lock they then share).
 *
 * @since 0.1.0
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

    /**
     * One monitor shared by every benchmark thread, and a handle per pipeline.
     *
     * @since 0.1.0
     */
    @State(Scope.Benchmark)
    public static class Calibrax {
        ProductionMonitor monitor;
        PipelineRecorder[] recorders = new PipelineRecorder[PIPELINES];

        @Setup(Level.Trial)
        public void setUp() {
            monitor = new ProductionMonitor(new AlertManager());
            for (int p = 0; p < PIPELINES; p++) {
                monitor.setPerformanceBaseline(NAMES[p], 0.100);
                recorders[p] = monitor.pipeline(NAMES[p]);
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            monitor.close();
            monitor.getAlertManager().close();
        }
    }

    /**
     * One Micrometer registry shared by every benchmark thread, with a timer per pipeline and outcome registered.
     *
     * @since 0.1.0
     */
    @State(Scope.Benchmark)
    public static class Micrometer {
        MeterRegistry registry;
        Timer[] successes = new Timer[PIPELINES];
        Timer[] failures = new Timer[PIPELINES];

        @Setup(Level.Trial)
        public void setUp() {
            registry = new SimpleMeterRegistry();
            for (int p = 0; p < PIPELINES; p++) {
                successes[p] = Timer.builder("pipeline.execution").tags("pipeline", NAMES[p], "outcome", "success")
                        .register(registry);
                failures[p] = Timer.builder("pipeline.execution").tags("pipeline", NAMES[p], "outcome", "failure")
                        .register(registry);
            }
        }
    }

    /** Whether execution {@code i} succeeds: every pipeline fails one execution in ten. */
    static boolean succeeds(int i) {
        return (i / PIPELINES) % 10 != 9;
    }

    /**
     * Each thread walks all pipelines in turn, starting from its own offset (threads record
     * different pipelines at a time, as a service's request threads do), with its own outcomes.
     *
     * @since 0.1.0
     */
    @State(Scope.Thread)
    public static class Cursor implements java.util.function.Supplier<Object> {
        int i;

        @Setup(Level.Trial)
        public void setUp(ThreadParams thread) {
            i = thread.getThreadIndex() * (PIPELINES / Math.max(1, thread.getThreadCount()));
        }

        /** The timed call's work: nothing but returning a result. */
        @Override
        public Object get() {
            return this;
        }

        int next() {
            int next = i++;
            if (i == Integer.MAX_VALUE) {
                i = 0;
            }
            return next;
        }
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

    @Benchmark
    public void calibraxPipelineRecorder(Calibrax state, Cursor cursor) {
        int i = cursor.next();
        state.recorders[i % PIPELINES].record(TIMES[i & 1023], succeeds(i));
    }

    @Benchmark
    public void micrometerRegisteredTimerRecord(Micrometer state, Cursor cursor) {
        int i = cursor.next();
        (succeeds(i) ? state.successes : state.failures)[i % PIPELINES].record(DURATIONS[i & 1023]);
    }

    /** A timed call through the handle: the clock read at its start and at its end. */
    @Benchmark
    public Object calibraxPipelineRecorderTimedCall(Calibrax state, Cursor cursor) {
        int i = cursor.next();
        return state.recorders[i % PIPELINES].record(cursor);
    }

    /** The same timed call through a registered Micrometer {@code Timer}. */
    @Benchmark
    public Object micrometerRegisteredTimerTimedCall(Micrometer state, Cursor cursor) {
        int i = cursor.next();
        return state.successes[i % PIPELINES].record(cursor);
    }

    /** Four threads into one monitor, each walking the pipelines from its own offset (information). */
    @Benchmark
    @Threads(4)
    public void calibraxFourThreads(Calibrax state, Cursor cursor) {
        calibraxRecordPipelineExecution(state, cursor);
    }

    /** Four threads recording the same pipeline at once, every tenth execution failing (information). */
    @Benchmark
    @Threads(4)
    public void calibraxFourThreadsSamePipeline(Calibrax state, Cursor cursor) {
        int i = cursor.next();
        state.recorders[0].record(TIMES[i & 1023], (i % 10) != 9);
    }
}
