package io.calibrax.monitoring;

import io.calibrax.api.Alert;
import io.calibrax.api.AlertSeverity;
import io.calibrax.api.GpuProfiler;
import io.calibrax.api.GpuXidEvent;
import io.calibrax.monitoring.internal.FailureStreak;
import org.slf4j.Logger;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Reads one GPU for a monitor's cycle, under names fixed when the monitor is built:
 * {@code gpu_utilization}, {@code gpu_memory_mb}, {@code gpu_memory_percent},
 * {@code gpu_temperature_c}, {@code gpu_power_w}, {@code gpu_graphics_clock_mhz},
 * {@code gpu_memory_clock_mhz}, {@code gpu_throttled}, {@code gpu_ecc_uncorrected} and
 * {@code gpu_lost} for GPU 0 and {@code gpu<N>_...} for GPU N. A reading the device does not offer
 * is left out; a profiler that throws is logged once per streak and skipped for that cycle.
 *
 * <p>GPU faults become alerts without any threshold: a GPU that {@linkplain GpuProfiler#isLost()
 * is lost} raises one CRITICAL alert (metric {@code gpu_lost}) and is only asked each cycle whether
 * it came back, which raises a resolved alert and reads it again; each XID error the profiler
 * reports raises an alert (metric {@code gpu_xid}) naming the XID and its meaning. Both carry the
 * GPU's number in the metadata key {@code gpu}.
 *
 * <p>{@link #read()} runs under the monitor's cycle lock, one cycle at a time; XID alerts come on
 * the profiler's event thread, from the first cycle until {@link #close()}.
 */
final class GpuReader implements AutoCloseable {
    private static final int READINGS = 7;

    private final GpuProfiler profiler;
    private final AlertManager alerts;
    private final Logger log;
    private final int number;
    private final FailureStreak failures;
    private final String utilization;
    private final String memory;
    private final String memoryPercent;
    private final String temperature;
    private final String power;
    private final String graphicsClock;
    private final String memoryClock;
    private final String throttled;
    private final String eccUncorrected;
    private final String lostName;
    private boolean lost; // guarded by the monitor's cycle lock
    private boolean subscribed; // guarded by this
    private GpuProfiler.Registration xidRegistration; // guarded by this

    private GpuReader(GpuProfiler profiler, int number, Logger log, AlertManager alerts) {
        this.profiler = profiler;
        this.alerts = alerts;
        this.log = log;
        this.number = number;
        this.failures = new FailureStreak(log, "GPU profiler " + number + " (" + profiler.getClass().getName() + ")");
        String prefix = number == 0 ? "gpu_" : "gpu" + number + "_";
        this.utilization = prefix + "utilization";
        this.memory = prefix + "memory_mb";
        this.memoryPercent = prefix + "memory_percent";
        this.temperature = prefix + "temperature_c";
        this.power = prefix + "power_w";
        this.graphicsClock = prefix + "graphics_clock_mhz";
        this.memoryClock = prefix + "memory_clock_mhz";
        this.throttled = prefix + "throttled";
        this.eccUncorrected = prefix + "ecc_uncorrected";
        this.lostName = prefix + "lost";
    }

    /**
     * Readers numbered by each profiler's {@link GpuProfiler#index()}, or by position when indexes
     * repeat, are negative, or cannot be read; their fault alerts go to {@code alerts}.
     */
    static List<GpuReader> forProfilers(List<GpuProfiler> profilers, Logger log, AlertManager alerts) {
        List<Integer> numbers = new ArrayList<>(profilers.size());
        Set<Integer> seen = new HashSet<>();
        boolean byIndex = true;
        for (GpuProfiler profiler : profilers) {
            int index;
            try {
                index = profiler.index();
            } catch (RuntimeException e) {
                index = -1;
            }
            numbers.add(index);
            byIndex &= index >= 0 && seen.add(index);
        }
        if (!byIndex) {
            log.warn("GPU profilers report repeated or invalid indexes {}; naming their readings by position instead",
                    numbers);
        }
        List<GpuReader> readers = new ArrayList<>(profilers.size());
        for (int i = 0; i < profilers.size(); i++) {
            readers.add(new GpuReader(profilers.get(i), byIndex ? numbers.get(i) : i, log, alerts));
        }
        return List.copyOf(readers);
    }

    GpuProfiler profiler() {
        return profiler;
    }

    /**
     * This cycle's readings. Each reading is taken on its own, so one that fails (say power, on a
     * driver error) does not cost the others; a lost GPU gives only {@code gpu_lost} = 1.
     */
    Map<String, Double> read() {
        subscribeOnce();
        Map<String, Double> readings = new LinkedHashMap<>();
        if (lost) {
            if (askLost()) {
                readings.put(lostName, 1.0);
                return readings;
            }
            lost = false;
            raise(AlertSeverity.INFO, "resolved", 0, "GPU " + number + " (" + name() + ") answers again after being lost");
        }
        Throwable failure = null;
        for (int reading = 0; reading < READINGS; reading++) {
            try {
                take(reading, readings);
            } catch (RuntimeException | LinkageError e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (askLost()) {
            lost = true;
            readings.put(lostName, 1.0);
            raise(AlertSeverity.CRITICAL, "firing", 1, "GPU " + number + " (" + name()
                    + ") is lost: the driver no longer reaches it; its other readings stop until it answers again");
            return readings;
        }
        readings.put(lostName, 0.0);
        if (failure == null) {
            failures.succeeded();
        } else {
            failures.failed(failure);
        }
        return readings;
    }

    private void take(int reading, Map<String, Double> readings) {
        switch (reading) {
            case 0 -> put(readings, utilization, profiler.utilization());
            case 1 -> profiler.memory().ifPresent(value -> {
                readings.put(memory, value.usedMb());
                if (value.totalMb() > 0) {
                    readings.put(memoryPercent, value.occupancy() * 100.0);
                }
            });
            case 2 -> put(readings, temperature, profiler.temperatureCelsius());
            case 3 -> profiler.power().ifPresent(value -> readings.put(power, value.drawWatts()));
            case 4 -> profiler.clocks().ifPresent(value -> {
                readings.put(graphicsClock, value.graphicsMhz());
                readings.put(memoryClock, value.memoryMhz());
            });
            case 5 -> profiler.throttled().ifPresent(value -> readings.put(throttled, value ? 1.0 : 0.0));
            default -> {
                OptionalLong count = profiler.eccUncorrectedErrors();
                if (count.isPresent()) {
                    readings.put(eccUncorrected, (double) count.getAsLong());
                }
            }
        }
    }

    private static void put(Map<String, Double> readings, String name, OptionalDouble value) {
        if (value != null && value.isPresent()) {
            readings.put(name, value.getAsDouble());
        }
    }

    private boolean askLost() {
        try {
            return profiler.isLost();
        } catch (RuntimeException e) {
            return false; // its readings' failures are logged; this question is no reading
        }
    }

    private String name() {
        try {
            return profiler.name();
        } catch (RuntimeException e) {
            return profiler.getClass().getSimpleName();
        }
    }

    /** Asks for the profiler's XID errors on the first cycle, so a monitor that never runs gets none. */
    private synchronized void subscribeOnce() {
        if (subscribed) {
            return;
        }
        subscribed = true;
        try {
            xidRegistration = profiler.addXidListener(this::xid).orElse(null);
        } catch (RuntimeException e) {
            log.warn("GPU profiler {} refused an XID listener; its XID errors raise no alerts", number, e);
        }
    }

    private void xid(GpuXidEvent event) {
        Map<String, Object> metadata = metadata("firing");
        metadata.put("xid", event.xid());
        trigger(String.format(Locale.ROOT, "GPU %d (%s) reported XID %d: %s", number, name(), event.xid(),
                event.meaning()), event.severity(), "gpu_xid", event.xid(), metadata);
    }

    private void raise(AlertSeverity severity, String state, double value, String message) {
        trigger(message, severity, "gpu_lost", value, metadata(state));
    }

    private Map<String, Object> metadata(String state) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("gpu", String.valueOf(number)); // also the alert's label gpu (see trigger)
        metadata.put("state", state);
        return metadata;
    }

    private void trigger(String message, AlertSeverity severity, String metric, double value, Map<String, Object> metadata) {
        try {
            alerts.triggerAlert(new Alert(message, severity, metric, value, 0, java.time.Instant.now(),
                    Alert.copyMetadata(metadata), Map.of("metric", metric, "gpu", String.valueOf(number))));
        } catch (RuntimeException e) {
            log.warn("Could not raise the alert '{}'", message, e);
        }
    }

    /** Stops the XID alerts of this reader (the profiler itself stays open: it is the caller's). */
    @Override
    public synchronized void close() {
        subscribed = true; // a cycle racing with close asks for nothing afterwards
        if (xidRegistration != null) {
            xidRegistration.close();
            xidRegistration = null;
        }
    }
}
