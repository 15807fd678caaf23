package io.calibrax.monitoring;

import io.calibrax.api.Alert;
import io.calibrax.api.AlertHandler;
import io.calibrax.api.AlertSeverity;
import io.calibrax.spi.CalibraxConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The one log every handler of a manager reads from: it grows to the queue capacity before a
 * lagging handler loses anything, a handler's losses are its own, and alerts kept from a handler
 * by routing never count as dropped for it, even when the log laps it. Through a real manager.
 */
class DeliveryLogTest {
    private final List<AlertManager> managers = new ArrayList<>();

    @AfterEach
    void closeManagers() {
        managers.forEach(AlertManager::close);
    }

    private AlertManager manager(int queueCapacity) {
        AlertManager manager = AlertManager.builder().queueCapacity(queueCapacity).closeTimeout(Duration.ofSeconds(5))
                .build();
        managers.add(manager);
        return manager;
    }

    /** Keeps the values it receives; blocks on its gate first, once it is closed. */
    private static final class Inbox implements AlertHandler {
        final List<Double> values = new CopyOnWriteArrayList<>();
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch gate;

        Inbox(CountDownLatch gate) {
            this.gate = gate;
        }

        @Override
        public void handle(Alert alert) throws InterruptedException {
            entered.countDown();
            gate.await();
            values.add(alert.metricValue());
        }
    }

    private static HandlerStats stats(AlertManager manager, int index) {
        return manager.handlerStats().get(index);
    }

    @Test
    @Timeout(30)
    void aLaggingHandlerLosesNothingUntilItsQueueIsFullAndALivelyOneLosesNothingAtAll() throws Exception {
        int capacity = 3000; // more than the log's first length, and not a power of two
        AlertManager manager = manager(capacity);
        CountDownLatch gate = new CountDownLatch(1);
        Inbox stuck = new Inbox(gate);
        Inbox lively = new Inbox(new CountDownLatch(0));
        manager.addAlertHandler(stuck, "stuck");
        manager.addAlertHandler(lively, "lively");
        manager.triggerAlert("first", AlertSeverity.INFO, "m", 0, 0);
        stuck.entered.await(); // the first alert is in its hand, which counts in the capacity
        for (int i = 1; i < capacity; i++) {
            manager.triggerAlert("a", AlertSeverity.INFO, "m", i, 0);
            if (i % 500 == 0) { // a burst past the capacity could overflow the lively one's queue too
                int sent = i + 1;
                await().atMost(Duration.ofSeconds(10)).until(() -> lively.values.size() == sent);
            }
        }
        HandlerStats full = stats(manager, 0);
        assertThat(full.dropped()).as("%s", full).isZero();
        assertThat(full.queued()).as("%s", full).isEqualTo(capacity); // the queue and the one in hand

        for (int i = capacity; i < capacity + 5; i++) {
            manager.triggerAlert("a", AlertSeverity.INFO, "m", i, 0);
        }
        HandlerStats over = stats(manager, 0);
        assertThat(over.dropped()).as("%s", over).isEqualTo(5);
        assertThat(over.queued()).isEqualTo(capacity);

        gate.countDown();
        assertThat(manager.flush(Duration.ofSeconds(10))).isTrue();
        List<Double> expected = new ArrayList<>();
        expected.add(0.0);
        for (int i = 6; i < capacity + 5; i++) {
            expected.add((double) i); // the five oldest queued (1 to 5) were the ones lost
        }
        assertThat(stuck.values).containsExactlyElementsOf(expected);
        assertThat(lively.values).hasSize(capacity + 5).isSorted();
        assertThat(stats(manager, 1).dropped()).isZero();
        assertThat(stats(manager, 0).delivered()).isEqualTo(capacity);
    }

    /**
     * A worker idle long enough sleeps until signalled; the producer that offers the next alert
     * without the lock must wake it (no flush or stats call here, which would move the alert
     * along themselves). Ten rounds, each from a new producer thread.
     */
    @Test
    @Timeout(60)
    void aSleepingWorkerIsWokenByTheNextAlert() throws Exception {
        AlertManager manager = manager(64);
        java.util.concurrent.LinkedBlockingQueue<Double> received = new java.util.concurrent.LinkedBlockingQueue<>();
        manager.addAlertHandler(alert -> received.add(alert.metricValue()), "sleepy");
        Thread worker = Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().startsWith("calibrax-alert-sleepy-")).findFirst().orElseThrow();
        for (int round = 0; round < 10; round++) {
            await().atMost(Duration.ofSeconds(10)).until(() -> worker.getState() == Thread.State.WAITING);
            double value = round;
            Thread producer = new Thread(() -> manager.triggerAlert("wake", AlertSeverity.INFO, "m", value, 0));
            producer.start();
            producer.join();
            assertThat(received.poll(5, java.util.concurrent.TimeUnit.SECONDS)).as("round %d", round).isEqualTo(value);
        }
    }

    /**
     * A stuck handler routed to critical alerts keeps its whole capacity of them while thousands of
     * warnings kept from it lap the log many times over; only when its own queue is full does it
     * lose its oldest.
     */
    @Test
    @Timeout(30)
    void aRoutedHandlerKeepsItsCapacityOfAlertsWhileAlertsKeptFromItLapTheLog() throws Exception {
        int capacity = 8;
        AlertManager manager = manager(capacity);
        CountDownLatch gate = new CountDownLatch(1);
        Inbox pager = new Inbox(gate);
        manager.addAlertHandler(pager, "pager");
        manager.configureRouting(CalibraxConfig.of(Map.of("calibrax.route.pager", "severity=critical")));
        manager.triggerAlert("critical", AlertSeverity.CRITICAL, "m", 0, 0);
        pager.entered.await();
        for (int i = 1; i < capacity + 3; i++) {
            for (int w = 0; w < 500; w++) {
                manager.triggerAlert("warning", AlertSeverity.WARNING, "m", -1, 0);
            }
            manager.triggerAlert("critical", AlertSeverity.CRITICAL, "m", i, 0);
        }
        HandlerStats stuck = stats(manager, 0);
        assertThat(stuck.suppressed()).as("%s", stuck).isEqualTo(500L * (capacity + 2));
        assertThat(stuck.dropped()).as("only its own full queue drops: %s", stuck).isEqualTo(3);
        assertThat(stuck.queued()).as("%s", stuck).isEqualTo(capacity);

        gate.countDown();
        assertThat(manager.flush(Duration.ofSeconds(10))).isTrue();
        assertThat(pager.values).containsExactly(0.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0);
    }

    /**
     * Eight threads trigger warnings and critical alerts; a slow handler routed to critical alerts
     * only falls behind a small log again and again, so that the log laps it over entries that
     * routing kept from it. Those must stay suppressed, never dropped: its counts add up exactly.
     */
    @Test
    @Timeout(60)
    void alertsKeptFromALappedHandlerStaySuppressedAndEveryCountAddsUpUnderManyThreads() throws Exception {
        AlertManager manager = manager(32);
        List<Double> slowValues = new CopyOnWriteArrayList<>();
        manager.addAlertHandler(alert -> {
            LockSupport.parkNanos(20_000); // a slow transport
            slowValues.add(alert.metricValue());
        }, "pager");
        manager.addAlertHandler(alert -> { }, "chat");
        manager.configureRouting(CalibraxConfig.of(Map.of("calibrax.route.pager", "severity=critical")));
        int threads = 8;
        int perThread = 4_000;
        AtomicBoolean running = new AtomicBoolean(true);
        List<String> violations = new CopyOnWriteArrayList<>();
        Thread observer = new Thread(() -> {
            while (running.get()) {
                long before = manager.getTotalTriggered();
                List<HandlerStats> all = manager.handlerStats();
                long after = manager.getTotalTriggered();
                for (HandlerStats stats : all) {
                    if (stats.total() > after || stats.total() + threads < before) {
                        violations.add(stats + " between " + before + " and " + after);
                    }
                }
            }
        });
        observer.start();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            futures.add(pool.submit(() -> {
                for (int i = 0; i < perThread; i++) {
                    AlertSeverity severity = i % 4 == 0 ? AlertSeverity.CRITICAL : AlertSeverity.WARNING;
                    manager.triggerAlert("a", severity, "m", thread * perThread + i, 0);
                }
            }));
        }
        for (Future<?> future : futures) {
            future.get();
        }
        pool.shutdown();
        assertThat(manager.flush(Duration.ofSeconds(30))).isTrue();
        running.set(false);
        observer.join();

        assertThat(violations).isEmpty();
        long total = (long) threads * perThread;
        long critical = total / 4;
        HandlerStats pager = stats(manager, 0);
        assertThat(pager.suppressed()).as("%s", pager).isEqualTo(total - critical);
        assertThat(pager.delivered() + pager.dropped()).as("%s", pager).isEqualTo(critical);
        assertThat(pager.dropped()).as("the log lapped the slow handler: %s", pager).isPositive();
        assertThat(pager.delivered()).isEqualTo(slowValues.size());
        assertThat(slowValues).allMatch(value -> value.longValue() % perThread % 4 == 0).doesNotHaveDuplicates();
        HandlerStats chat = stats(manager, 1);
        assertThat(chat.total()).isEqualTo(total);
        assertThat(chat.suppressed()).isZero();
    }
}
