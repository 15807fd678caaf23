package io.calibrax.monitoring.internal;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RateLimitTest {

    @Test
    void firstCallPassesThenOncePerInterval() {
        RateLimit limit = new RateLimit(Duration.ofSeconds(10));
        long t = -5_000; // any clock value, negative ones included
        assertThat(limit.tryAcquire(t)).isTrue();
        assertThat(limit.tryAcquire(t + 1)).isFalse();
        assertThat(limit.tryAcquire(t + 9_999_999_999L)).isFalse();
        assertThat(limit.tryAcquire(t + 10_000_000_000L)).isTrue();
        assertThat(limit.tryAcquire(t + 10_000_000_001L)).isFalse();
    }

    @Test
    void manyThreadsAtOnceGetOnePermit() throws InterruptedException {
        RateLimit limit = new RateLimit(Duration.ofHours(1));
        AtomicInteger granted = new AtomicInteger();
        Thread[] threads = new Thread[8];
        for (int i = 0; i < threads.length; i++) {
            threads[i] = new Thread(() -> {
                for (int n = 0; n < 10_000; n++) {
                    if (limit.tryAcquire()) {
                        granted.incrementAndGet();
                    }
                }
            });
            threads[i].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(granted).hasValue(1);
    }

    @Test
    void aNegativeIntervalIsRefused() {
        assertThatThrownBy(() -> new RateLimit(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("interval");
    }
}
