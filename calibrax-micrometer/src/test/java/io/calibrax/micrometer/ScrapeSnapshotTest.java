package io.calibrax.micrometer;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class ScrapeSnapshotTest {

    @Test
    void theReadersOfOneScrapeShareOneSnapshotAndAReaderAskingAgainGetsAFreshOne() {
        AtomicInteger taken = new AtomicInteger();
        ScrapeSnapshot<Integer> snapshot = new ScrapeSnapshot<>(taken::incrementAndGet);

        assertThat(List.of(snapshot.read(0, any -> true), snapshot.read(1, any -> true), snapshot.read(2, any -> true)))
                .containsOnly(1);
        assertThat(snapshot.read(1, any -> true)).isEqualTo(2); // the next scrape
        assertThat(snapshot.read(0, any -> true)).isEqualTo(2);
        assertThat(snapshot.read(2, any -> true)).isEqualTo(2);
        assertThat(taken).hasValue(2);
    }

    @Test
    void aReaderWhoseKeyIsMissingGetsAFreshSnapshot() {
        AtomicInteger taken = new AtomicInteger();
        ScrapeSnapshot<Set<String>> snapshot = new ScrapeSnapshot<>(
                () -> taken.incrementAndGet() == 1 ? Set.of("a") : Set.of("a", "b"));

        assertThat(snapshot.read(0, keys -> keys.contains("a"))).containsExactly("a");
        assertThat(snapshot.read(1, keys -> keys.contains("b"))).containsExactlyInAnyOrder("a", "b");
        assertThat(taken).hasValue(2);
    }

    @Test
    void aSnapshotOlderThanTheMaximumAgeIsTakenAgain() {
        AtomicInteger taken = new AtomicInteger();
        long[] now = {0};
        ScrapeSnapshot<Integer> snapshot = new ScrapeSnapshot<>(taken::incrementAndGet, Duration.ofMillis(100),
                () -> now[0]);
        assertThat(snapshot.read(0, any -> true)).isEqualTo(1);
        now[0] = Duration.ofMillis(100).toNanos();
        assertThat(snapshot.read(1, any -> true)).isEqualTo(1);
        now[0]++;
        assertThat(snapshot.read(2, any -> true)).isEqualTo(2);
    }

    @Test
    void everyReadSeesASnapshotTakenAfterItsOwnPreviousReadUnderManyThreads() throws Exception {
        AtomicInteger version = new AtomicInteger();
        ScrapeSnapshot<Integer> snapshot = new ScrapeSnapshot<>(version::incrementAndGet);
        int threads = 8;
        CountDownLatch start = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> running = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int reader = t;
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                    int previous = 0;
                    for (int i = 0; i < 50_000; i++) {
                        int seen = snapshot.read(reader, any -> true);
                        assertThat(seen).isGreaterThan(previous);
                        previous = seen;
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            });
            thread.start();
            running.add(thread);
        }
        start.countDown();
        for (Thread thread : running) {
            thread.join();
        }
        assertThat(failure.get()).isNull();
        assertThat(version.get()).isBetween(50_000, threads * 50_000);
    }
}
