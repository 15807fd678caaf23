package io.calibrax.resources;

import io.calibrax.api.GpuProfiler;
import io.calibrax.api.ResourceMonitor;
import io.calibrax.api.ResourceSample;
import io.calibrax.monitoring.internal.FailureStreak;
import io.calibrax.monitoring.internal.PeriodicLoop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A resource sampling session, as the Python library's {@code ResourceMonitor}: {@link #start()}
 * samples the process (and a GPU, if given) on a background thread, 10 times a second by default;
 * {@link #stop()} ends the session and returns its {@link ResourceSummary}: peak and mean resident
 * memory, memory growth, sample count and duration, and GPU peak memory and mean utilization.
 *
 * <pre>{@code
 * try (ResourceSampler sampler = new ResourceSampler().start()) {
 *     runBenchmark();
 *     ResourceSummary summary = sampler.stop();
 *     System.out.printf("peak RSS %.1f MB over %d samples%n", summary.peakRssMb(), summary.sampleCount());
 * }
 * }</pre>
 *
 * <p>A session samples at once on start and once more on stop, so even a short one has a first and
 * a last reading. Memory stays bounded however long it runs: the summary is kept as running
 * aggregates, not as a list of samples. A reading that throws is logged and skipped.
 *
 * <p>Thread-safe. The sampling thread is a daemon named {@code calibrax-resource-sampler-<n>};
 * {@link #stop()} and {@link #close()} return once it has ended. A stopped sampler may be started
 * again: that begins a new session.
 *
 * @since 0.1.0
 */
public final class ResourceSampler implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ResourceSampler.class);

    /** 10 Hz, as the Python library samples. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(100);

    private static final Duration STOP_GRACE = Duration.ofSeconds(10);
    private static final AtomicInteger ORDINAL = new AtomicInteger();

    private final ResourceMonitor monitor;
    private final GpuProfiler gpu;
    private final Duration interval;
    private final String threadName;
    private final FailureStreak monitorFailures;
    private final FailureStreak gpuFailures;

    private final Object lifecycle = new Object();
    private PeriodicLoop loop; // guarded by lifecycle
    private Session session = new Session(); // guarded by lifecycle; its contents by itself
    private volatile ResourceSample lastSample;

    /**
     * Samples the default {@link ResourceMonitor} 10 times a second.
     *
     * @throws IllegalStateException if no ResourceMonitor is available on this platform
     */
    public ResourceSampler() {
        this(builder());
    }

    /**
     * Samples the default {@link ResourceMonitor} every {@code interval}, with a GPU profiler or
     * {@code null} for none.
     *
     * @throws IllegalArgumentException if interval is zero or negative
     * @throws IllegalStateException    if no ResourceMonitor is available on this platform
     */
    public ResourceSampler(Duration interval, GpuProfiler gpuProfiler) {
        this(withGpu(builder().interval(interval), gpuProfiler));
    }

    private ResourceSampler(Builder builder) {
        this.monitor = builder.monitor != null ? builder.monitor : ResourceMonitors.defaultMonitor().orElseThrow(
                () -> new IllegalStateException("No ResourceMonitor is available on this platform; pass one to the builder"));
        this.gpu = builder.gpu;
        this.interval = builder.interval;
        this.threadName = "calibrax-resource-sampler-" + ORDINAL.incrementAndGet();
        this.monitorFailures = new FailureStreak(log, "Resource monitor " + monitor.getClass().getName());
        this.gpuFailures = new FailureStreak(log, "GPU profiler " + (gpu == null ? "-" : gpu.getClass().getName()));
    }

    private static Builder withGpu(Builder builder, GpuProfiler gpu) {
        return gpu == null ? builder : builder.gpuProfiler(gpu);
    }

    /** A builder for the monitor, the GPU profiler and the interval. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts a new session (forgetting the previous one's readings) and takes its first sample; does
     * nothing if a session runs.
     *
     * @return this sampler, for try-with-resources
     */
    public ResourceSampler start() {
        synchronized (lifecycle) {
            if (loop != null) {
                return this;
            }
            session = new Session();
            lastSample = null;
            Session current = session;
            loop = PeriodicLoop.start(threadName, interval, () -> sampleInto(current), true);
        }
        return this;
    }

    /**
     * Ends the session after one last sample and returns its summary; returns once the sampling
     * thread has ended. Without a running session it returns the last session's summary.
     */
    public ResourceSummary stop() {
        synchronized (lifecycle) {
            if (loop != null) {
                loop.stop(STOP_GRACE);
                loop = null;
            }
            return session.summary();
        }
    }

    /** The summary of the current (or last) session so far. */
    public ResourceSummary summary() {
        Session current;
        synchronized (lifecycle) {
            current = session;
        }
        return current.summary();
    }

    /** True while a session runs. */
    public boolean isRunning() {
        PeriodicLoop current;
        synchronized (lifecycle) {
            current = loop;
        }
        return current != null && current.isRunning();
    }

    /** The newest sample of the current session, if any. */
    public Optional<ResourceSample> lastSample() {
        return Optional.ofNullable(lastSample);
    }

    /** The sampling interval. */
    public Duration interval() {
        return interval;
    }

    /** Same as {@link #stop()}; the GPU profiler and monitor are the caller's and stay open. */
    @Override
    public void close() {
        stop();
    }

    private void sampleInto(Session current) {
        ResourceSample sample;
        try {
            sample = monitor.sample();
            monitorFailures.succeeded();
        } catch (RuntimeException | LinkageError e) {
            monitorFailures.failed(e);
            return;
        }
        GpuReading reading = null;
        if (gpu != null) {
            try {
                reading = new GpuReading(gpu.memory().map(memory -> memory.usedMb()).orElse(Double.NaN),
                        gpu.utilization().orElse(Double.NaN),
                        gpu.clocks().map(clocks -> clocks.graphicsMhz()).orElse(Double.NaN),
                        gpu.power().map(power -> power.drawWatts()).orElse(Double.NaN));
                gpuFailures.succeeded();
            } catch (RuntimeException | LinkageError e) {
                gpuFailures.failed(e);
            }
        }
        current.add(sample, System.nanoTime(), reading);
        lastSample = sample;
    }

    @Override
    public String toString() {
        return "ResourceSampler[" + threadName + ", every " + interval + (isRunning() ? ", running" : "") + "]";
    }

    /** One GPU reading; NaN where the device offers none. */
    private record GpuReading(double memoryMb, double utilization, double clockMhz, double powerWatts) {
    }

    /** Running aggregates of one session: bounded however long it runs. */
    private static final class Session {
        private long count;
        private long firstNanos;
        private long lastNanos;
        private double firstRss;
        private double lastRss;
        private double peakRss;
        private double rssSum;
        private double cpuSum;
        private double peakCpu;
        private final Readings gpuMemoryPeak = new Readings();
        private final Readings gpuUtilization = new Readings();
        private final Readings gpuClock = new Readings();
        private final Readings gpuPower = new Readings();

        synchronized void add(ResourceSample sample, long nanos, GpuReading gpu) {
            double rss = sample.rssMb();
            double cpu = sample.cpuPercent();
            if (count == 0) {
                firstNanos = nanos;
                firstRss = rss;
                peakRss = rss;
                peakCpu = cpu;
            }
            count++;
            lastNanos = nanos;
            lastRss = rss;
            peakRss = Math.max(peakRss, rss);
            peakCpu = Math.max(peakCpu, cpu);
            rssSum += rss;
            cpuSum += cpu;
            if (gpu != null) {
                gpuMemoryPeak.add(gpu.memoryMb());
                gpuUtilization.add(gpu.utilization());
                gpuClock.add(gpu.clockMhz());
                gpuPower.add(gpu.powerWatts());
            }
        }

        synchronized ResourceSummary summary() {
            if (count == 0) {
                return ResourceSummary.EMPTY;
            }
            return new ResourceSummary(peakRss, rssSum / count, lastRss - firstRss, cpuSum / count, peakCpu, count,
                    Duration.ofNanos(lastNanos - firstNanos), gpuMemoryPeak.max(), gpuUtilization.mean(),
                    gpuClock.mean(), gpuPower.mean());
        }
    }

    /** Mean and maximum of the readings taken, ignoring NaN (not offered). */
    private static final class Readings {
        private long count;
        private double sum;
        private double max = Double.NEGATIVE_INFINITY;

        void add(double value) {
            if (Double.isFinite(value)) {
                count++;
                sum += value;
                max = Math.max(max, value);
            }
        }

        OptionalDouble mean() {
            return count == 0 ? OptionalDouble.empty() : OptionalDouble.of(sum / count);
        }

        OptionalDouble max() {
            return count == 0 ? OptionalDouble.empty() : OptionalDouble.of(max);
        }
    }

    /**
     * Builds a {@link ResourceSampler}; not thread-safe.
     *
     * @since 0.1.0
     */
    public static final class Builder {
        private ResourceMonitor monitor;
        private GpuProfiler gpu;
        private Duration interval = DEFAULT_INTERVAL;

        private Builder() {
        }

        /** The monitor to sample; the default one (see {@link ResourceMonitors#defaultMonitor()}) if not set. */
        public Builder resourceMonitor(ResourceMonitor monitor) {
            this.monitor = Objects.requireNonNull(monitor, "monitor");
            return this;
        }

        /** A GPU to sample beside the process. */
        public Builder gpuProfiler(GpuProfiler gpuProfiler) {
            this.gpu = Objects.requireNonNull(gpuProfiler, "gpuProfiler");
            return this;
        }

        /** @throws IllegalArgumentException if interval is zero or negative */
        public Builder interval(Duration interval) {
            PeriodicLoop.positiveNanos(interval, "interval");
            this.interval = interval;
            return this;
        }

        /** @throws IllegalArgumentException if seconds is NaN, infinite, zero or negative */
        public Builder intervalSeconds(double seconds) {
            this.interval = PeriodicLoop.positiveSeconds(seconds, "interval");
            return this;
        }

        /**
         * A new, not yet started sampler.
         *
         * @throws IllegalStateException if no monitor was set and none is available here
         */
        public ResourceSampler build() {
            return new ResourceSampler(this);
        }
    }
}
