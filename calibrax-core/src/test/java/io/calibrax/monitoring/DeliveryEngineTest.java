package io.calibrax.monitoring;

import io.calibrax.api.Alert;
import io.calibrax.api.AlertHandler;
import io.calibrax.api.AlertSeverity;
import io.calibrax.api.DeliveryException;
import io.calibrax.api.DeliveryPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Core's delivery engine: retries, Retry-After, digests, rate, honest counts, the close deadline. */
class DeliveryEngineTest {
    private final List<AlertManager> managers = new ArrayList<>();

    private AlertManager manager(int queueCapacity) {
        AlertManager manager = AlertManager.builder().queueCapacity(queueCapacity).closeTimeout(Duration.ofSeconds(2))
                .build();
        managers.add(manager);
        return manager;
    }

    @AfterEach
    void closeManagers() {
        managers.forEach(AlertManager::close);
    }

    private static void trigger(AlertManager manager, int count) {
        for (int i = 0; i < count; i++) {
            manager.triggerAlert("alert " + i, AlertSeverity.ERROR, "m", i, 0);
        }
    }

    /** A handler with a policy, whose calls are recorded with their time. */
    private static class Recording implements AlertHandler {
        final DeliveryPolicy policy;
        final List<Long> callNanos = new CopyOnWriteArrayList<>();
        final List<Integer> batchSizes = new CopyOnWriteArrayList<>();

        Recording(DeliveryPolicy policy) {
            this.policy = policy;
        }

        @Override
        public void handle(Alert alert) throws Exception {
            callNanos.add(System.nanoTime());
            batchSizes.add(1);
            send(List.of(alert));
        }

        @Override
        public void handleBatch(List<Alert> alerts) throws Exception {
            callNanos.add(System.nanoTime());
            batchSizes.add(alerts.size());
            send(alerts);
        }

        void send(List<Alert> alerts) throws Exception {
        }

        @Override
        public DeliveryPolicy deliveryPolicy() {
            return policy;
        }

        @Override
        public String name() {
            return "recording";
        }
    }

    @Test
    void permanentFailureCountsFailedAfterOneTryNeverDelivered() {
        AlertManager manager = manager(100);
        Recording handler = new Recording(DeliveryPolicy.builder().maxAttempts(5).build()) {
            @Override
            void send(List<Alert> alerts) throws DeliveryException {
                throw DeliveryException.permanent("HTTP 403 invalid_token", null);
            }
        };
        manager.addAlertHandler(handler);
        trigger(manager, 3);
        assertThat(manager.flush(Duration.ofSeconds(10))).isTrue();

        assertThat(manager.handlerStats()).containsExactly(new HandlerStats("recording", 0, 3, 0, 0));
        assertThat(handler.callNanos).hasSize(3);
    }

    @Test
    void defaultPolicyGivesUpAfterThreeQuickTries() {
        AlertManager manager = manager(100);
        AtomicInteger calls = new AtomicInteger();
        manager.addAlertHandler(alert -> {
            calls.incrementAndGet();
            throw new java.io.IOException("connection refused");
        });
        long start = System.nanoTime();
        trigger(manager, 1);
        assertThat(manager.flush(Duration.ofSeconds(10))).isTrue();

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        assertThat(calls).hasValue(3);
        assertThat(manager.handlerStats().get(0).failed()).isEqualTo(1);
        assertThat(manager.handlerStats().get(0).delivered()).isZero();
    }

    @Test
    void retryableFailureIsRetriedAfterTheServersRetryAfter() {
        AlertManager manager = manager(100);
        Recording handler = new Recording(DeliveryPolicy.builder().maxAttempts(3)
                .backoff(Duration.ofMillis(1), 2, Duration.ofSeconds(5)).build()) {
            @Override
            void send(List<Alert> alerts) throws DeliveryException {
                if (callNanos.size() == 1) {
                    throw DeliveryException.retryAfter("HTTP 429", Duration.ofMillis(400));
                }
            }
        };
        manager.addAlertHandler(handler);
        trigger(manager, 1);
        assertThat(manager.flush(Duration.ofSeconds(10))).isTrue();

        assertThat(manager.handlerStats()).containsExactly(new HandlerStats("recording", 1, 0, 0, 0));
        assertThat(handler.callNanos).hasSize(2);
        assertThat(handler.callNanos.get(1) - handler.callNanos.get(0))
                .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(400));
    }

    @Test
    void digestGathersAlertsWithinTheWindowAndEachCountsForItself() {
        AlertManager manager = manager(10_000);
        AtomicBoolean serverDown = new AtomicBoolean(true);
        Recording handler = new Recording(DeliveryPolicy.builder().maxAttempts(1).batching(1000, Duration.ofMillis(300))
                .build()) {
            @Override
            void send(List<Alert> alerts) throws DeliveryException {
                if (serverDown.get()) {
                    throw DeliveryException.retryable("HTTP 503", null);
                }
            }
        };
        manager.addAlertHandler(handler);
        trigger(manager, 1000);
        assertThat(manager.flush(Duration.ofSeconds(10))).isTrue();
        HandlerStats outage = manager.handlerStats().get(0);
        assertThat(outage.failed()).isEqualTo(1000);
        assertThat(outage.delivered()).isZero();
        assertThat(handler.batchSizes).as("digests, not one call per alert").hasSizeLessThan(10);
        assertThat(handler.batchSizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(1000);

        serverDown.set(false);
        trigger(manager, 500);
        assertThat(manager.flush(Duration.ofSeconds(10))).isTrue();
        assertThat(manager.handlerStats()).containsExactly(new HandlerStats("recording", 500, 1000, 0, 0));
    }

    @Test
    void rateSpacesTheHandlersCalls() {
        AlertManager manager = manager(100);
        Recording handler = new Recording(DeliveryPolicy.builder().minInterval(Duration.ofMillis(100)).build());
        manager.addAlertHandler(handler);
        trigger(manager, 4);
        assertThat(manager.flush(Duration.ofSeconds(10))).isTrue();

        assertThat(handler.callNanos).hasSize(4);
        for (int i = 1; i < 4; i++) {
            assertThat(handler.callNanos.get(i) - handler.callNanos.get(i - 1))
                    .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(100));
        }
    }

    @Test
    @Timeout(60)
    void countsAddUpToTriggeredUnderManyThreads() throws Exception {
        AlertManager manager = manager(64);
        manager.addAlertHandler(new Recording(DeliveryPolicy.defaults()));
        manager.addAlertHandler(new Recording(DeliveryPolicy.builder().maxAttempts(1).build()) {
            @Override
            void send(List<Alert> alerts) throws DeliveryException {
                if (alerts.get(0).metricValue() % 3 == 0) {
                    throw DeliveryException.permanent("refused", null);
                }
            }
        });
        manager.addAlertHandler(new Recording(DeliveryPolicy.builder().batching(50, Duration.ofMillis(5)).build()));
        int threads = 8;
        int perThread = 5_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicBoolean running = new AtomicBoolean(true);
        List<String> violations = new CopyOnWriteArrayList<>();
        Thread observer = new Thread(() -> {
            long[] last = new long[3];
            while (running.get()) {
                long before = manager.getTotalTriggered();
                List<HandlerStats> stats = manager.handlerStats();
                long after = manager.getTotalTriggered();
                for (int i = 0; i < stats.size(); i++) {
                    long total = stats.get(i).total();
                    if (total < last[i] || total > after || total + threads < before) {
                        violations.add(stats.get(i) + " between " + before + " and " + after);
                    }
                    last[i] = total;
                }
            }
        });
        observer.start();
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            futures.add(pool.submit(() -> trigger(manager, perThread)));
        }
        for (Future<?> future : futures) {
            future.get();
        }
        pool.shutdown();
        assertThat(manager.flush(Duration.ofSeconds(30))).isTrue();
        running.set(false);
        observer.join();

        assertThat(violations).isEmpty();
        for (HandlerStats stats : manager.handlerStats()) {
            assertThat(stats.total()).as("%s", stats).isEqualTo((long) threads * perThread);
            assertThat(stats.queued()).isZero();
        }
        assertThat(manager.handlerStats().get(1).failed()).isPositive();
    }

    @Test
    @Timeout(20)
    void closeReturnsWithinItsTimeoutWhenAHandlerHangsAndIgnoresInterrupts() {
        AlertManager manager = manager(100);
        CountDownLatch never = new CountDownLatch(1);
        CountDownLatch entered = new CountDownLatch(1);
        manager.addAlertHandler(new AlertHandler() {
            @Override
            public void handle(Alert alert) {
                entered.countDown();
                awaitIgnoringInterrupts(never);
            }

            @Override
            public void close() {
                awaitIgnoringInterrupts(never);
            }

            @Override
            public String name() {
                return "hung";
            }
        });
        trigger(manager, 10);
        awaitIgnoringInterrupts(entered);

        long start = System.nanoTime();
        manager.close(Duration.ofSeconds(1));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        never.countDown();

        assertThat(took).isLessThan(Duration.ofMillis(1500));
        assertThat(manager.handlerStats()).containsExactly(new HandlerStats("hung", 0, 0, 10, 0));
    }

    @Test
    void triggerAfterCloseCountsAsDroppedForEveryHandler() {
        AlertManager manager = manager(100);
        manager.addAlertHandler(alert -> { });
        manager.close();
        trigger(manager, 3);
        assertThat(manager.handlerStats().get(0).dropped()).isEqualTo(3);
        assertThat(manager.getRecentAlerts()).hasSize(3);
    }

    @Test
    void hugeSizesAreRefusedByName() {
        assertThatThrownBy(() -> AlertManager.builder().queueCapacity(Integer.MAX_VALUE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("queueCapacity")
                .hasMessageContaining("at most");
        assertThatThrownBy(() -> AlertManager.builder().maxAlerts(Integer.MAX_VALUE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxAlerts");
        assertThatThrownBy(() -> new AlertManager(Integer.MAX_VALUE)).hasMessageContaining("maxAlerts");

        AlertManager large = AlertManager.builder().queueCapacity(1_048_576).maxAlerts(1_048_576).build();
        managers.add(large);
        large.addAlertHandler(alert -> { });
        trigger(large, 10);
        assertThat(large.flush(Duration.ofSeconds(5))).isTrue();
        assertThat(large.getMaxAlerts()).isEqualTo(1_048_576);
    }

    private static void awaitIgnoringInterrupts(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
