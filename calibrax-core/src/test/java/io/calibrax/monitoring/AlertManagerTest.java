package io.calibrax.monitoring;

import io.calibrax.api.Alert;
import io.calibrax.api.AlertHandler;
import io.calibrax.api.AlertSeverity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AlertManagerTest {
    private final List<AlertManager> managers = new ArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);

    private AlertManager manager(int capacity) {
        AlertManager manager = AlertManager.builder().maxAlerts(capacity).closeTimeout(Duration.ofSeconds(2)).build();
        managers.add(manager);
        return manager;
    }

    @AfterEach
    void closeAll() {
        release.countDown();
        managers.forEach(AlertManager::close);
    }

    private static String seedLine(Alert alert) {
        return String.format(Locale.ROOT, "[%s] %s: %s=%.2f (threshold=%.2f)", alert.severity().value(),
                alert.message(), alert.metricName(), alert.metricValue(), alert.threshold());
    }

    @Test
    void seedWalkthroughPrintsTheSeedLine() {
        AlertManager manager = manager(1000);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        manager.addAlertHandler(alert -> out.println(seedLine(alert)));

        Alert alert = manager.triggerAlert("Throughput below minimum", AlertSeverity.WARNING, "throughput", 850.0, 1000.0);

        assertThat(manager.flush(Duration.ofSeconds(5))).isTrue();
        assertThat(bytes.toString(StandardCharsets.UTF_8))
                .isEqualTo("[warning] Throughput below minimum: throughput=850.00 (threshold=1000.00)" + System.lineSeparator());
        assertThat(alert.toMap()).containsEntry("severity", "warning").containsEntry("metric_name", "throughput");
    }

    @Test
    void recentAlertsAreNewestFirstAndFilteringAndClearingWork() {
        AlertManager manager = manager(1000);
        manager.triggerAlert("first", AlertSeverity.INFO, "m", 1, 0);
        manager.triggerAlert("second", AlertSeverity.ERROR, "m", 2, 0);
        manager.triggerAlert("third", AlertSeverity.WARNING, "m", 3, 0);
        manager.triggerAlert("fourth", AlertSeverity.ERROR, "m", 4, 0);

        assertThat(manager.getRecentAlerts(2)).extracting(Alert::message).containsExactly("fourth", "third");
        assertThat(manager.getRecentAlerts()).extracting(Alert::message).containsExactly("fourth", "third", "second", "first");
        assertThat(manager.getAlertsBySeverity(AlertSeverity.ERROR)).extracting(Alert::message).containsExactly("second", "fourth");
        assertThat(manager.getAlertsBySeverity(AlertSeverity.CRITICAL)).isEmpty();

        manager.clearAlerts();
        assertThat(manager.getRecentAlerts()).isEmpty();
        assertThat(manager.getAlertsBySeverity(AlertSeverity.ERROR)).isEmpty();
        assertThat(manager.getTotalTriggered()).isEqualTo(4);
    }

    @Test
    void storeKeepsTheNewestAlertsUpToItsCapacity() {
        AlertManager manager = manager(5);
        for (int i = 0; i < 10; i++) {
            manager.triggerAlert("alert " + i, AlertSeverity.INFO, "m", i, 0);
        }
        assertThat(manager.getRecentAlerts(100)).extracting(Alert::metricValue)
                .containsExactly(9.0, 8.0, 7.0, 6.0, 5.0);
        assertThat(manager.getAlertCount()).isEqualTo(5);
    }

    @Test
    void defaultManagerKeepsOneThousand() {
        AlertManager manager = new AlertManager();
        managers.add(manager);
        for (int i = 0; i < 1500; i++) {
            manager.triggerAlert("a", AlertSeverity.INFO, "m", i, 0);
        }
        assertThat(manager.getRecentAlerts(5000)).hasSize(1000).first().extracting(Alert::metricValue).isEqualTo(1499.0);
    }

    @Test
    void storedAlertIsVisibleAsSoonAsTriggerReturns() {
        AlertManager manager = manager(10);
        manager.addAlertHandler(alert -> release.await());
        Alert alert = manager.triggerAlert("now", AlertSeverity.CRITICAL, "m", 1, 0);
        assertThat(manager.getRecentAlerts(1)).containsExactly(alert);
    }

    @Test
    @Timeout(30)
    void hungHandlerNeitherBlocksTriggerNorDelaysOtherHandlers() throws InterruptedException {
        AlertManager manager = manager(2000);
        manager.addAlertHandler(alert -> release.await()); // never returns until the test ends
        manager.addAlertHandler(alert -> Thread.sleep(50));  // slow
        List<Alert> received = new CopyOnWriteArrayList<>();
        CountDownLatch all = new CountDownLatch(1000);
        manager.addAlertHandler(alert -> {
            received.add(alert);
            all.countDown();
        });

        long start = System.nanoTime();
        for (int i = 0; i < 1000; i++) {
            manager.triggerAlert("alert " + i, AlertSeverity.WARNING, "m", i, 0);
        }
        long elapsed = System.nanoTime() - start;

        assertThat(Duration.ofNanos(elapsed)).isLessThan(Duration.ofMillis(500));
        assertThat(all.await(10, TimeUnit.SECONDS)).as("the healthy handler got all 1000").isTrue();
        assertThat(received).hasSize(1000);
        for (int i = 0; i < 1000; i++) {
            assertThat(received.get(i).metricValue()).isEqualTo(i); // order kept
        }
        assertThat(manager.flush(Duration.ofMillis(100))).isFalse(); // the hung one is still busy
    }

    @Test
    void throwingHandlerIsCountedAsFailedAndOthersUnaffected() {
        AlertManager manager = manager(100);
        manager.addAlertHandler(new AlertHandler() {
            @Override
            public void handle(Alert alert) {
                throw new IllegalStateException("boom");
            }

            @Override
            public String name() {
                return "broken";
            }
        });
        AtomicInteger good = new AtomicInteger();
        manager.addAlertHandler(new AlertHandler() {
            @Override
            public void handle(Alert alert) {
                good.incrementAndGet();
            }

            @Override
            public String name() {
                return "good";
            }
        });
        for (int i = 0; i < 20; i++) {
            manager.triggerAlert("a", AlertSeverity.ERROR, "m", i, 0);
        }
        // each of the broken handler's alerts gets the default policy's three quick tries
        assertThat(manager.flush(Duration.ofSeconds(15))).isTrue();

        assertThat(manager.handlerStats()).containsExactly(
                new HandlerStats("broken", 0, 20, 0, 0),
                new HandlerStats("good", 20, 0, 0, 0));
        assertThat(good).hasValue(20);
    }

    @Test
    @Timeout(60)
    void concurrentTriggersAreAllStoredAndAllAccountedFor() throws Exception {
        int threads = 4;
        int perThread = 50_000;
        AlertManager manager = AlertManager.builder().maxAlerts(threads * perThread).queueCapacity(1024).build();
        managers.add(manager);
        AtomicInteger fast = new AtomicInteger();
        manager.addAlertHandler(alert -> fast.incrementAndGet());
        manager.addAlertHandler(alert -> Thread.sleep(1)); // slow: its small queue overflows
        manager.addAlertHandler(alert -> release.await()); // hung: drops almost everything

        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < perThread; i++) {
                        manager.triggerAlert("t" + thread, AlertSeverity.WARNING, "m", i, 0);
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> future : futures) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        long total = (long) threads * perThread;
        assertThat(manager.getRecentAlerts(Integer.MAX_VALUE)).hasSize((int) total);
        assertThat(manager.getTotalTriggered()).isEqualTo(total);
        for (HandlerStats stats : manager.handlerStats()) {
            assertThat(stats.delivered() + stats.failed() + stats.dropped() + stats.queued())
                    .as("accounting of %s", stats).isEqualTo(total);
        }
        HandlerStats hung = manager.handlerStats().get(2);
        assertThat(hung.dropped()).isGreaterThan(0);
    }

    @Test
    @Timeout(30)
    void closeDeliversWhatWasAcceptedThenReturns() {
        AlertManager manager = manager(100);
        List<Alert> received = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger closes = new AtomicInteger();
        manager.addAlertHandler(new AlertHandler() {
            @Override
            public void handle(Alert alert) throws InterruptedException {
                Thread.sleep(5);
                received.add(alert);
            }

            @Override
            public void close() {
                closes.incrementAndGet();
            }
        });
        for (int i = 0; i < 50; i++) {
            manager.triggerAlert("a", AlertSeverity.INFO, "m", i, 0);
        }
        manager.close();

        assertThat(received).hasSize(50);
        assertThat(closes).hasValue(1);
        manager.close(); // idempotent
        assertThat(closes).hasValue(1);

        manager.triggerAlert("late", AlertSeverity.INFO, "m", 1, 0);
        assertThat(manager.getRecentAlerts(1)).extracting(Alert::message).containsExactly("late");
        assertThat(manager.handlerStats().get(0).dropped()).isEqualTo(1);
        assertThatThrownBy(() -> manager.addAlertHandler(alert -> { })).isInstanceOf(IllegalStateException.class);
    }

    @Test
    @Timeout(30)
    void closeGivesUpOnAHungHandlerAtItsDeadline() {
        AlertManager manager = AlertManager.builder().closeTimeout(Duration.ofMillis(300)).build();
        CountDownLatch never = new CountDownLatch(1);
        manager.addAlertHandler(alert -> never.await());
        for (int i = 0; i < 5; i++) {
            manager.triggerAlert("a", AlertSeverity.INFO, "m", i, 0);
        }
        long start = System.nanoTime();
        manager.close();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        HandlerStats stats = manager.handlerStats().get(0);
        assertThat(stats.total()).isEqualTo(5);
        assertThat(stats.dropped()).isGreaterThanOrEqualTo(4);
    }

    @Test
    void handlerThreadsAreNamedDaemons() throws Exception {
        AlertManager manager = manager(10);
        CompletableThread seen = new CompletableThread();
        manager.addAlertHandler(alert -> seen.set(Thread.currentThread()));
        manager.triggerAlert("a", AlertSeverity.INFO, "m", 1, 0);
        Thread thread = seen.get();
        assertThat(thread.getName()).startsWith("calibrax-");
        assertThat(thread.isDaemon()).isTrue();
    }

    @Test
    @Timeout(30)
    void handlerThatFallsAWholeQueueBehindLosesTheOldestAndKeepsOrder() throws Exception {
        AlertManager manager = AlertManager.builder().queueCapacity(16).build();
        managers.add(manager);
        CountDownLatch gate = new CountDownLatch(1);
        List<Double> received = new CopyOnWriteArrayList<>();
        manager.addAlertHandler(alert -> {
            gate.await();
            received.add(alert.metricValue());
        });
        for (int i = 0; i < 100; i++) {
            manager.triggerAlert("a", AlertSeverity.INFO, "m", i, 0);
        }
        HandlerStats blocked = manager.handlerStats().get(0);
        assertThat(blocked.dropped()).as("counted while the handler is stuck: %s", blocked).isGreaterThanOrEqualTo(100 - 16 - 1);
        assertThat(blocked.total()).isEqualTo(100);

        gate.countDown();
        assertThat(manager.flush(Duration.ofSeconds(10))).isTrue();

        HandlerStats stats = manager.handlerStats().get(0);
        assertThat(stats.delivered()).isEqualTo(received.size());
        assertThat(stats.delivered() + stats.dropped()).isEqualTo(100);
        assertThat(received).isSorted().contains(99.0).doesNotHaveDuplicates();
    }

    @Test
    void handlerAddedLaterReceivesOnlyLaterAlerts() {
        AlertManager manager = manager(10);
        manager.addAlertHandler(alert -> { });
        manager.triggerAlert("before", AlertSeverity.INFO, "m", 1, 0);
        List<Alert> late = new CopyOnWriteArrayList<>();
        manager.addAlertHandler(late::add);
        manager.triggerAlert("after", AlertSeverity.INFO, "m", 2, 0);
        assertThat(manager.flush(Duration.ofSeconds(5))).isTrue();
        assertThat(late).extracting(Alert::message).containsExactly("after");
        assertThat(manager.handlerStats()).extracting(HandlerStats::total).containsExactly(2L, 1L);
    }

    @Test
    @Timeout(60)
    void eachProducersAlertsArriveInTheOrderTheyWereTriggered() throws Exception {
        AlertManager manager = AlertManager.builder().maxAlerts(100).queueCapacity(1 << 20).build();
        managers.add(manager);
        List<Alert> received = Collections.synchronizedList(new ArrayList<>());
        manager.addAlertHandler(received::add);
        int producers = 4;
        int each = 20_000;
        Thread[] threads = new Thread[producers];
        for (int p = 0; p < producers; p++) {
            String metric = "producer" + p;
            threads[p] = new Thread(() -> {
                for (int i = 0; i < each; i++) {
                    manager.triggerAlert("a", AlertSeverity.INFO, metric, i, 0);
                }
            });
            threads[p].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(manager.flush(Duration.ofSeconds(30))).isTrue();
        assertThat(received).hasSize(producers * each);
        for (int p = 0; p < producers; p++) {
            String metric = "producer" + p;
            assertThat(received.stream().filter(a -> a.metricName().equals(metric)).map(Alert::metricValue).toList())
                    .hasSize(each).isSorted();
        }
    }

    @Test
    void addingTheSameHandlerTwiceDeliversTwiceAndIsCountedPerRegistration() {
        AlertManager manager = manager(10);
        AtomicInteger calls = new AtomicInteger();
        AlertHandler handler = alert -> calls.incrementAndGet();
        manager.addAlertHandler(handler);
        manager.addAlertHandler(handler); // logged as a warning, never silent
        manager.triggerAlert("a", AlertSeverity.INFO, "m", 1, 0);
        assertThat(manager.flush(Duration.ofSeconds(5))).isTrue();
        assertThat(calls).hasValue(2);
        assertThat(manager.handlerStats()).hasSize(2).allSatisfy(stats -> assertThat(stats.delivered()).isEqualTo(1));
    }

    @Test
    void flushWithoutHandlersIsImmediatelyTrue() {
        AlertManager manager = manager(10);
        manager.triggerAlert("a", AlertSeverity.INFO, "m", 1, 0);
        assertThat(manager.flush(Duration.ZERO)).isTrue();
    }

    @Test
    void badInputIsRefusedNamingTheArgumentAndNothingStoredIsLost() {
        assertThatThrownBy(() -> new AlertManager(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxAlerts");
        assertThatThrownBy(() -> new AlertManager(-3)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxAlerts");

        AlertManager manager = manager(10);
        manager.triggerAlert("kept", AlertSeverity.INFO, "m", 1, 0);

        assertThatNullPointerException().isThrownBy(() -> manager.triggerAlert(null, AlertSeverity.INFO, "m", 1, 0))
                .withMessageContaining("message");
        assertThatNullPointerException().isThrownBy(() -> manager.triggerAlert("x", null, "m", 1, 0))
                .withMessageContaining("severity");
        assertThatNullPointerException().isThrownBy(() -> manager.triggerAlert("x", AlertSeverity.INFO, null, 1, 0))
                .withMessageContaining("metricName");
        assertThatThrownBy(() -> manager.triggerAlert("x", AlertSeverity.INFO, "  ", 1, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("metricName");
        assertThatThrownBy(() -> manager.triggerAlert("x", AlertSeverity.INFO, "m", Double.NaN, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("metricValue");
        assertThatThrownBy(() -> manager.triggerAlert("x", AlertSeverity.INFO, "m", Double.POSITIVE_INFINITY, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("metricValue");
        assertThatThrownBy(() -> manager.triggerAlert("x", AlertSeverity.INFO, "m", 1, Double.NaN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("threshold");
        assertThatThrownBy(() -> manager.triggerAlert("x", AlertSeverity.INFO, "m", 1, Double.NEGATIVE_INFINITY))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("threshold");
        assertThatNullPointerException().isThrownBy(() -> manager.addAlertHandler(null)).withMessageContaining("handler");
        assertThatThrownBy(() -> manager.getRecentAlerts(-1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("count");

        assertThat(manager.getRecentAlerts()).extracting(Alert::message).containsExactly("kept");
        assertThat(manager.getTotalTriggered()).isEqualTo(1);
    }

    @Test
    void metadataIsCopiedAndKeptInOrder() {
        AlertManager manager = manager(10);
        Map<String, Object> metadata = new java.util.LinkedHashMap<>();
        metadata.put("error", "timeout");
        metadata.put("attempt", 3);
        Alert alert = manager.triggerAlert("a", AlertSeverity.ERROR, "m", 1, 0, metadata);
        metadata.put("late", true);
        assertThat(alert.metadata()).containsExactly(Map.entry("error", "timeout"), Map.entry("attempt", 3));
        assertThatThrownBy(() -> alert.metadata().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
    }

    /** A one-shot holder that the handler thread fills and the test waits on. */
    private static final class CompletableThread {
        private final CountDownLatch latch = new CountDownLatch(1);
        private volatile Thread thread;

        void set(Thread thread) {
            this.thread = thread;
            latch.countDown();
        }

        Thread get() throws InterruptedException {
            assertThat(latch.await(5, TimeUnit.SECONDS)).isTrue();
            return thread;
        }
    }
}
