package io.calibrax.benchmarks;

import io.calibrax.monitoring.AdvancedMonitor;
import io.calibrax.monitoring.AlertManager;
import io.calibrax.resources.ResourceMonitors;
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

import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One AdvancedMonitor cycle as the background loop runs it: the default (OSHI) resource monitor,
 * two metric sources and 20 thresholds. At a 1 s interval, a cycle of C microseconds costs
 * C / 10,000 percent of one core. {@link #oneMonitorCycle} runs cycles back to back, so that OSHI
 * may answer from its caches; {@link #oneMonitorCycleAfterAPause} runs one cycle 1.1 s after the
 * last, as the background loop does, in single-shot mode.
 *
 * @since 0.1.0
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class MonitorCycleBenchmark {
    AdvancedMonitor monitor;
    double tick;

    @Setup(Level.Trial)
    public void setUp() {
        monitor = new AdvancedMonitor(new AlertManager(), null, ResourceMonitors.defaultMonitor().orElseThrow());
        monitor.addMetricSource(() -> Map.of("queue_depth", 10 + (tick++ % 5), "queue_age_s", 0.5));
        monitor.addMetricSource(() -> Map.of("model_latency_ms", 12.0, "model_rps", 340.0, "model_errors", 0.0));
        String[] watched = {"cpu_percent", "memory_rss_mb", "queue_depth", "queue_age_s", "model_latency_ms",
            "model_rps", "model_errors"};
        for (int i = 0; i < 20; i++) {
            // thresholds high enough that nothing fires: this measures the polling and checking itself
            monitor.setThreshold(i < watched.length ? watched[i] : "unused_" + i, 1e12);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        monitor.close();
        monitor.getAlertManager().close();
    }

    @Benchmark
    public void oneMonitorCycle() {
        monitor.runCycle();
    }

    /**
     * A pause of 1.1 s before every measured cycle (not measured), longer than OSHI's caches last.
     *
     * @since 0.1.0
     */
    @State(Scope.Thread)
    public static class Pause {
        @Setup(Level.Invocation)
        public void pause() throws InterruptedException {
            Thread.sleep(1_100);
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @Warmup(iterations = 3)
    @Measurement(iterations = 5)
    public void oneMonitorCycleAfterAPause(Pause pause) {
        monitor.runCycle();
    }
}
