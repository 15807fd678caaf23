package io.calibrax.benchmarks;

import io.calibrax.api.AlertSeverity;
import io.calibrax.monitoring.AlertManager;
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

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What {@code triggerAlert} costs its caller, beside the floor of any hand-off between threads: one
 * {@link ArrayBlockingQueue} offer and poll.
 *
 * @since 0.1.0
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TriggerAlertBenchmark {

    /**
     * Three handlers that keep up.
     *
     * @since 0.1.0
     */
    @State(Scope.Benchmark)
    public static class ThreeHandlers {
        AlertManager manager;

        @Setup(Level.Trial)
        public void setUp() {
            manager = new AlertManager(1000);
            for (int i = 0; i < 3; i++) {
                manager.addAlertHandler(alert -> { });
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            manager.close(Duration.ofSeconds(5));
        }
    }

    /**
     * One handler that never returns, so its queue is full and every alert is dropped for it.
     *
     * @since 0.1.0
     */
    @State(Scope.Benchmark)
    public static class HungHandler {
        AlertManager manager;
        final CountDownLatch release = new CountDownLatch(1);

        @Setup(Level.Trial)
        public void setUp() {
            manager = AlertManager.builder().maxAlerts(1000).queueCapacity(1024).closeTimeout(Duration.ZERO).build();
            manager.addAlertHandler(alert -> release.await());
            for (int i = 0; i < 2000; i++) {
                manager.triggerAlert("fill", AlertSeverity.WARNING, "latency", i, 1.0);
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            release.countDown();
            manager.close(Duration.ofSeconds(1));
        }
    }

    /**
     * The peer: the cheapest hand-off through a bounded queue.
     *
     * @since 0.1.0
     */
    @State(Scope.Thread)
    public static class Floor {
        final ArrayBlockingQueue<Object> queue = new ArrayBlockingQueue<>(1024);
        final Object item = new Object();
    }

    @Benchmark
    public Object triggerAlertWithThreeHandlers(ThreeHandlers state) {
        return state.manager.triggerAlert("Latency above threshold", AlertSeverity.WARNING, "latency", 2.5, 1.5);
    }

    @Benchmark
    public Object triggerAlertWithHungHandlerQueueFull(HungHandler state) {
        return state.manager.triggerAlert("Latency above threshold", AlertSeverity.WARNING, "latency", 2.5, 1.5);
    }

    @Benchmark
    public Object arrayBlockingQueueOfferPollFloor(Floor state) {
        state.queue.offer(state.item);
        return state.queue.poll();
    }
}
