package io.calibrax.testing;

import io.calibrax.api.ResourceMonitor;
import io.calibrax.api.ResourceSample;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntToDoubleFunction;

/**
 * A resource monitor seam for tests: the k-th sample (from 0) has the RSS {@code rss.applyAsDouble(k)};
 * a latch counts samples down, and {@code failEvery} makes every n-th sample throw.
 */
public final class FakeResourceMonitor implements ResourceMonitor {
    private final IntToDoubleFunction rss;
    private final AtomicInteger samples = new AtomicInteger();
    private final CountDownLatch latch;
    private final int failEvery;
    private volatile Thread lastThread;

    public FakeResourceMonitor(IntToDoubleFunction rss, int latchCount, int failEvery) {
        this.rss = rss;
        this.latch = new CountDownLatch(latchCount);
        this.failEvery = failEvery;
    }

    public static FakeResourceMonitor constant(double rssMb) {
        return new FakeResourceMonitor(k -> rssMb, 1, 0);
    }

    @Override
    public ResourceSample sample() {
        int k = samples.getAndIncrement();
        lastThread = Thread.currentThread();
        latch.countDown();
        if (failEvery > 0 && k % failEvery == failEvery - 1) {
            throw new IllegalStateException("sample " + k + " failed on purpose");
        }
        return new ResourceSample(Instant.now(), 12.5, rss.applyAsDouble(k), Map.of("process_threads", 42.0));
    }

    public int samples() {
        return samples.get();
    }

    public CountDownLatch latch() {
        return latch;
    }

    public Thread lastThread() {
        return lastThread;
    }
}
