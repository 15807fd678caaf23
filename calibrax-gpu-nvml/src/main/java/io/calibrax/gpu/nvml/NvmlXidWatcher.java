package io.calibrax.gpu.nvml;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import io.calibrax.api.AlertSeverity;
import io.calibrax.api.GpuProfiler;
import io.calibrax.api.GpuXidEvent;
import io.calibrax.gpu.nvml.jna.NvmlLibrary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * The XID errors of one NVML session: one event set ({@code nvmlEventSetCreate}) holding every
 * device that accepts XID events ({@code nvmlDeviceRegisterEvents}), and one daemon thread,
 * {@code calibrax-nvml-events-<n>}, that waits on it ({@code nvmlEventSetWait_v2}, 100 ms at a
 * time) and hands each event to the listeners of the GPU it happened on.
 *
 * <p>A device without event support is simply not in the set; a library without the event API, or
 * a session where no device accepts, has no watcher. The thread's waits run through
 * {@link NvmlSession#call}, under the session's read lock, so shutdown (which holds the write lock
 * while it frees the set) never overlaps a wait; the thread ends at its next wait after shutdown.
 */
final class NvmlXidWatcher {
    private static final Logger LOG = LoggerFactory.getLogger(NvmlXidWatcher.class);
    private static final int WAIT_MS = 100;
    private static final AtomicInteger ORDINAL = new AtomicInteger();

    private final NvmlSession session;
    private final NvmlLibrary nvml;
    private final Pointer set;
    private final Map<Pointer, NvmlGpuProfiler> gpus;
    private final Map<Integer, List<Consumer<GpuXidEvent>>> listeners = new HashMap<>();
    private final Thread thread;
    private boolean warnedAboutWait; // only the event thread touches it

    private NvmlXidWatcher(NvmlSession session, Pointer set, Map<Pointer, NvmlGpuProfiler> gpus) {
        this.session = session;
        this.nvml = session.library();
        this.set = set;
        this.gpus = Map.copyOf(gpus);
        gpus.values().forEach(gpu -> listeners.put(gpu.index(), new CopyOnWriteArrayList<>()));
        this.thread = new Thread(this::run, "calibrax-nvml-events-" + ORDINAL.incrementAndGet());
        thread.setDaemon(true);
    }

    /**
     * Creates the event set, registers every device that accepts XID events and starts the thread;
     * empty (with the set freed) where the library or no device offers events. Called by the
     * session at open, before any profiler is handed out.
     */
    static Optional<NvmlXidWatcher> start(NvmlSession session, List<NvmlGpuProfiler> profilers) {
        NvmlLibrary nvml = session.library();
        PointerByReference created = new PointerByReference();
        int rc = session.invoke("nvmlEventSetCreate", () -> nvml.nvmlEventSetCreate(created));
        if (rc != NvmlReturn.SUCCESS) {
            if (rc != NvmlReturn.FUNCTION_NOT_FOUND) { // a missing export is already logged once
                LOG.info("NVML ({}) gives no XID events: nvmlEventSetCreate answered {}",
                        session.source(), session.describe(rc));
            }
            return Optional.empty();
        }
        Pointer set = created.getValue();
        Map<Pointer, NvmlGpuProfiler> registered = new HashMap<>();
        for (NvmlGpuProfiler gpu : profilers) {
            if (gpu.handle() == null) {
                continue; // lost at open: no events from it this session
            }
            rc = session.invoke("nvmlDeviceRegisterEvents", () -> nvml.nvmlDeviceRegisterEvents(
                    gpu.handle(), NvmlLibrary.EVENT_TYPE_XID_CRITICAL_ERROR, set));
            if (rc == NvmlReturn.SUCCESS) {
                registered.put(gpu.handle(), gpu);
            } else if (NvmlReturn.isUnsupported(rc)) {
                LOG.debug("GPU {} gives no XID events: nvmlDeviceRegisterEvents answered {}", gpu.index(),
                        session.describe(rc));
            } else {
                LOG.warn("GPU {}: its XID errors will not be seen: nvmlDeviceRegisterEvents answered {}",
                        gpu.index(), session.describe(rc));
            }
        }
        if (registered.isEmpty()) {
            session.invoke("nvmlEventSetFree", () -> nvml.nvmlEventSetFree(set));
            return Optional.empty();
        }
        NvmlXidWatcher watcher = new NvmlXidWatcher(session, set, registered);
        watcher.thread.start();
        return Optional.of(watcher);
    }

    /** Adds a listener for one GPU's events; empty where that GPU gives none. */
    Optional<GpuProfiler.Registration> add(NvmlGpuProfiler gpu, Consumer<GpuXidEvent> listener) {
        List<Consumer<GpuXidEvent>> forGpu = listeners.get(gpu.index());
        if (forGpu == null || !gpus.containsValue(gpu)) {
            return Optional.empty();
        }
        forGpu.add(listener);
        return Optional.of(() -> forGpu.remove(listener));
    }

    /** Frees the event set; the session calls it under its write lock, before {@code nvmlShutdown}. */
    void freeLocked() {
        int rc = session.invoke("nvmlEventSetFree", () -> nvml.nvmlEventSetFree(set));
        if (rc != NvmlReturn.SUCCESS) {
            LOG.warn("NVML ({}) nvmlEventSetFree answered {}", session.source(), session.describe(rc));
        }
    }

    /** Waits (up to a second) for the thread to end after shutdown; not from the thread itself. */
    void awaitEnd() {
        if (Thread.currentThread() == thread) {
            return;
        }
        try {
            thread.join(TimeUnit.SECONDS.toMillis(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        NvmlLibrary.EventData data = new NvmlLibrary.EventData();
        long waitNanos = TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        while (true) {
            int rc;
            long start = System.nanoTime();
            try {
                rc = session.call("nvmlEventSetWait_v2", () -> nvml.nvmlEventSetWait_v2(set, data, WAIT_MS));
            } catch (IllegalStateException shutDown) {
                return;
            }
            if (rc == NvmlReturn.SUCCESS) {
                received(data);
                continue;
            }
            if (rc != NvmlReturn.TIMEOUT && !warnedAboutWait) {
                warnedAboutWait = true;
                LOG.warn("NVML ({}) nvmlEventSetWait_v2 answered {}; waiting on", session.source(), session.describe(rc));
            }
            // an error, or a timeout that came early, answers at once: wait out the rest rather than spin
            long left = waitNanos - (System.nanoTime() - start);
            if (left > 0) {
                LockSupport.parkNanos(left);
            }
        }
    }

    private void received(NvmlLibrary.EventData data) {
        if ((data.eventType & NvmlLibrary.EVENT_TYPE_XID_CRITICAL_ERROR) == 0) {
            return;
        }
        long xid = data.eventData;
        NvmlGpuProfiler gpu = gpus.get(data.device);
        if (gpu == null) {
            LOG.warn("NVML ({}) reported XID {} ({}) on a device it did not register", session.source(), xid,
                    XidCatalog.meaning(xid));
            return;
        }
        GpuXidEvent event = new GpuXidEvent(gpu.index(), xid, XidCatalog.meaning(xid), XidCatalog.severity(xid),
                Instant.now());
        if (event.severity() == AlertSeverity.CRITICAL) {
            LOG.error("GPU {} ({}) reported XID {}: {}", gpu.index(), gpu.name(), xid, event.meaning());
        } else {
            LOG.warn("GPU {} ({}) reported XID {}: {}", gpu.index(), gpu.name(), xid, event.meaning());
        }
        for (Consumer<GpuXidEvent> listener : listeners.get(gpu.index())) {
            try {
                listener.accept(event);
            } catch (RuntimeException e) {
                LOG.warn("An XID listener of GPU {} failed", gpu.index(), e);
            }
        }
    }
}
