package io.calibrax.examples;

import io.calibrax.api.MetricSource;
import io.calibrax.monitoring.AdvancedMonitor;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Monitoring something the application already measures: an adapter {@link MetricSource} turns a
 * worker pool's queue depth, busy workers and completed tasks into readings that the monitor
 * polls every cycle, and a threshold on the queue depth alerts when work piles up.
 * Run it with {@code java -cp calibrax.jar io.calibrax.examples.QueueMetricSourceExample}.
 *
 * @since 0.1.0
 */
public final class QueueMetricSourceExample {
    private QueueMetricSourceExample() {
    }

    /**
     * The adapter: reads a {@link ThreadPoolExecutor} each cycle. Called from the monitor's thread.
     *
     * @since 0.1.0
     */
    public record ExecutorMetricSource(String name, ThreadPoolExecutor executor) implements MetricSource {
        @Override
        public Map<String, Double> collect() {
            return Map.of(
                    name + "_queue_depth", (double) executor.getQueue().size(),
                    name + "_busy_workers", (double) executor.getActiveCount(),
                    name + "_completed_tasks", (double) executor.getCompletedTaskCount());
        }
    }

    public static void main(String[] args) throws InterruptedException {
        run(new PrintWriter(System.out, true));
    }

    /** Runs the example (about a second), printing to {@code out}. */
    public static void run(PrintWriter out) throws InterruptedException {
        ThreadPoolExecutor workers = new ThreadPoolExecutor(2, 2, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1000));
        CountDownLatch alerted = new CountDownLatch(1);
        try (AdvancedMonitor monitor = new AdvancedMonitor()) {
            monitor.getAlertManager().addAlertHandler(alert -> {
                out.printf(Locale.ROOT, "[%s] %s%n", alert.severity().value(), alert.message());
                alerted.countDown();
            });
            monitor.addMetricSource(new ExecutorMetricSource("render", workers));
            monitor.setThreshold("render_queue_depth", 50);
            monitor.startMonitoring(Duration.ofMillis(100));

            // A burst of work: 200 tasks of 20 ms each on 2 workers take 2 seconds to drain.
            for (int i = 0; i < 200; i++) {
                workers.execute(() -> sleepQuietly(20));
            }
            boolean raised = alerted.await(5, TimeUnit.SECONDS);

            monitor.stopMonitoring();
            var history = monitor.getMonitoringSummary().metricHistory().get("render_queue_depth");
            out.printf(Locale.ROOT, "Queue alert raised: %s; queue depth max=%.0f over %d readings%n",
                    raised, history.max(), history.samples());
        } finally {
            workers.shutdownNow();
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
