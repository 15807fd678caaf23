package io.calibrax.monitoring;

import io.calibrax.api.GpuProfiler;
import io.calibrax.api.MetricSource;
import io.calibrax.api.ResourceMonitor;
import io.calibrax.monitoring.internal.FailureStreak;
import io.calibrax.monitoring.internal.InvalidReadings;
import io.calibrax.monitoring.internal.PeriodicLoop;
import io.calibrax.monitoring.internal.SourceReader;
import io.calibrax.resources.ResourceMonitors;
import org.slf4j.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.ObjDoubleConsumer;

/**
 * A monitor's polling cycle and the loop that runs it: each cycle reads the resource monitor, every
 * GPU and every metric source (one that throws is logged once per streak of failures and skipped),
 * skips invalid readings, hands the others on, then runs the checks judged by the clock alone.
 *
 * <p>Thread-safe: starting, stopping and closing are guarded by one monitor; a whole cycle holds
 * another, so the loop and a caller's {@link #runOnce()} never poll at once; sources may be added
 * and removed while a cycle runs.
 */
final class MonitorCycle {
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);

    private final Logger log;
    private final String threadName;
    private final ResourceMonitor resourceMonitor;
    private final FailureStreak resourceFailures;
    private final List<GpuReader> gpus;
    private final CopyOnWriteArrayList<SourceReader> sources = new CopyOnWriteArrayList<>();
    private final MetricNames names;
    private final InvalidReadings invalidReadings;
    private final ObjDoubleConsumer<String> ingest;
    private final Runnable timers;

    private final Object lifecycle = new Object();
    /** Held for a whole cycle, so the loop and {@link #runOnce()} never poll sources at once. */
    private final Object cycleLock = new Object();
    private volatile PeriodicLoop loop; // written under lifecycle
    private volatile boolean closed;

    /**
     * @param resourceMonitor polled first each cycle; null: none
     * @param ingest          takes each valid reading
     * @param timers          runs after the readings of each cycle
     */
    MonitorCycle(Logger log, String threadName, ResourceMonitor resourceMonitor, List<GpuReader> gpus,
                 List<MetricSource> sources, MetricNames names, ObjDoubleConsumer<String> ingest, Runnable timers) {
        this.log = log;
        this.threadName = threadName;
        this.resourceMonitor = resourceMonitor;
        this.resourceFailures = new FailureStreak(log, "Resource monitor "
                + (resourceMonitor == null ? "-" : resourceMonitor.getClass().getName()));
        this.gpus = gpus;
        for (MetricSource source : sources) {
            this.sources.add(new SourceReader(source, log));
        }
        this.names = names;
        this.invalidReadings = new InvalidReadings(log);
        this.ingest = ingest;
        this.timers = timers;
    }

    /** {@code given}, or the platform's default resource monitor (null, with a warning, where none is). */
    static ResourceMonitor orDefault(ResourceMonitor given, Logger log) {
        if (given != null) {
            return given;
        }
        Optional<ResourceMonitor> found = ResourceMonitors.defaultMonitor();
        if (found.isEmpty()) {
            log.warn("No ResourceMonitor is available on this platform: cpu_percent and memory_rss_mb will not be collected");
        }
        return found.orElse(null);
    }

    void addSource(MetricSource source) {
        sources.add(new SourceReader(source, log));
    }

    boolean removeSource(MetricSource source) {
        return sources.removeIf(reader -> reader.source() == source);
    }

    ResourceMonitor resourceMonitor() {
        return resourceMonitor;
    }

    List<GpuProfiler> gpuProfilers() {
        List<GpuProfiler> profilers = new ArrayList<>(gpus.size());
        for (GpuReader gpu : gpus) {
            profilers.add(gpu.profiler());
        }
        return List.copyOf(profilers);
    }

    long invalidReadings() {
        return invalidReadings.count();
    }

    /**
     * Starts the loop (its interval already checked); does nothing if it already runs.
     *
     * @throws IllegalStateException if closed
     */
    void start(Duration interval) {
        synchronized (lifecycle) {
            if (closed) {
                throw new IllegalStateException("The monitor is closed; it cannot start monitoring again");
            }
            PeriodicLoop current = loop;
            if (current != null && current.isRunning()) {
                log.debug("{} already runs; startMonitoring({}) ignored", threadName, interval);
                return;
            }
            loop = PeriodicLoop.start(threadName, interval, this::runOnce, false);
        }
        log.info("Monitoring started on {} every {}", threadName, interval);
    }

    /** Stops the loop and returns once it has ended; does nothing if it does not run. */
    void stop() {
        synchronized (lifecycle) {
            PeriodicLoop current = loop;
            if (current == null) {
                return;
            }
            loop = null;
            current.stop(STOP_GRACE);
        }
        log.info("Monitoring stopped on {}", threadName);
    }

    boolean isRunning() {
        PeriodicLoop current = loop;
        return current != null && current.isRunning();
    }

    /** Refuses further starts; false if it was closed already. */
    boolean markClosed() {
        synchronized (lifecycle) {
            if (closed) {
                return false;
            }
            closed = true;
            return true;
        }
    }

    boolean isClosed() {
        return closed;
    }

    /** Closes the GPU readers, so their XID alerts stop with the monitor. */
    void closeGpus() {
        gpus.forEach(GpuReader::close);
    }

    /** Runs one cycle on the caller's thread, waiting for one in progress. */
    void runOnce() {
        synchronized (cycleLock) {
            if (resourceMonitor != null) {
                Map<String, Double> readings = null;
                try {
                    readings = resourceMonitor.sample().asMetrics();
                    resourceFailures.succeeded();
                } catch (RuntimeException | LinkageError e) {
                    resourceFailures.failed(e);
                }
                ingestAll(readings);
            }
            for (GpuReader gpu : gpus) {
                ingestAll(gpu.read());
            }
            for (SourceReader source : sources) {
                ingestAll(source.read());
            }
            timers.run();
        }
    }

    private void ingestAll(Map<String, Double> readings) {
        if (readings == null) {
            return;
        }
        readings.forEach((name, value) -> {
            if (!names.accepts(name) || value == null || !Double.isFinite(value)) {
                invalidReadings.skip(name, value);
                return;
            }
            ingest.accept(name, value);
        });
    }
}
