package io.calibrax.gpu.nvml;

import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import io.calibrax.api.GpuProfiler;
import io.calibrax.api.GpuXidEvent;
import io.calibrax.gpu.nvml.jna.NvmlLibrary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import java.util.stream.Collectors;

/**
 * One NVML session: one {@code nvmlInit_v2} at {@link #open}, the device handles it gave, the
 * {@link NvmlXidWatcher} of their XID errors where NVML gives events, and one {@code nvmlShutdown}
 * when the last of its profilers is closed (the watcher's thread ends with it).
 *
 * <p>An export the loaded library lacks makes what needs it unsupported, logged once per session
 * at INFO, never the whole session.
 *
 * <p>Thread-safe. Native calls run under the read side of a lock whose write side shutdown takes,
 * so no call is in flight when NVML shuts down and none starts after.
 */
final class NvmlSession {
    private static final Logger LOG = LoggerFactory.getLogger(NvmlSession.class);

    private final NvmlLibrary library;
    private final String source;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Map<Integer, String> errorStrings = new ConcurrentHashMap<>();
    private final Set<String> missingExports = ConcurrentHashMap.newKeySet();
    private volatile NvmlXidWatcher xids; // set at open, before any profiler is handed out
    private int openProfilers; // guarded by the write lock
    private boolean shutDown; // written under the write lock, read under either side

    private NvmlSession(NvmlLibrary library, String source) {
        this.library = library;
        this.source = source;
    }

    /**
     * Initialises NVML and opens a profiler for every device whose handle NVML gives, in index
     * order. Where NVML cannot be initialised or has no usable device, logs one INFO line and
     * answers an empty list, with NVML shut down again.
     */
    static List<NvmlGpuProfiler> open(NvmlLibrary library, String source) {
        NvmlSession session = new NvmlSession(library, source);
        int rc = session.invoke("nvmlInit_v2", library::nvmlInit_v2);
        if (rc != NvmlReturn.SUCCESS) {
            LOG.info("NVML ({}) could not be initialised, so there are no GPU readings: nvmlInit_v2 answered {}",
                    source, session.describe(rc));
            return List.of();
        }
        List<NvmlGpuProfiler> profilers = new ArrayList<>();
        try {
            IntByReference count = new IntByReference();
            rc = session.invoke("nvmlDeviceGetCount_v2", () -> library.nvmlDeviceGetCount_v2(count));
            if (rc != NvmlReturn.SUCCESS) {
                session.shutdownNow();
                LOG.info("NVML ({}) could not count the GPUs, so there are no GPU readings: "
                        + "nvmlDeviceGetCount_v2 answered {}", source, session.describe(rc));
                return List.of();
            }
            int devices = count.getValue();
            for (int index = 0; index < devices; index++) {
                PointerByReference handle = new PointerByReference();
                int deviceIndex = index;
                rc = session.invoke("nvmlDeviceGetHandleByIndex_v2",
                        () -> library.nvmlDeviceGetHandleByIndex_v2(deviceIndex, handle));
                if (rc == NvmlReturn.GPU_IS_LOST) {
                    // kept, lost: the monitor says so, and reads it once NVML gives its handle again
                    LOG.warn("GPU {} is lost: nvmlDeviceGetHandleByIndex_v2 answered {}", index, session.describe(rc));
                    profilers.add(new NvmlGpuProfiler(session, index, null));
                    continue;
                }
                if (rc != NvmlReturn.SUCCESS) {
                    LOG.warn("GPU {} skipped: nvmlDeviceGetHandleByIndex_v2 answered {}", index, session.describe(rc));
                    continue;
                }
                profilers.add(new NvmlGpuProfiler(session, index, handle.getValue()));
            }
        } catch (RuntimeException | Error e) {
            session.shutdownNow();
            throw e;
        }
        if (profilers.isEmpty()) {
            session.shutdownNow();
            LOG.info("NVML ({}) found no usable GPU, so there are no GPU readings", source);
            return List.of();
        }
        session.lock.writeLock().lock();
        try {
            session.openProfilers = profilers.size();
        } finally {
            session.lock.writeLock().unlock();
        }
        session.xids = NvmlXidWatcher.start(session, profilers).orElse(null);
        LOG.info("NVML ({}): {}", source, profilers.stream()
                .map(p -> "GPU " + p.index() + " " + p.name()).collect(Collectors.joining(", ")));
        return List.copyOf(profilers);
    }

    NvmlLibrary library() {
        return library;
    }

    String source() {
        return source;
    }

    /**
     * Runs one native call of a profiler's reading.
     *
     * @return NVML's answer; {@code NVML_ERROR_FUNCTION_NOT_FOUND} where the library lacks the export
     * @throws IllegalStateException if the session has shut down
     */
    int call(String function, IntSupplier nativeCall) {
        lock.readLock().lock();
        try {
            if (shutDown) {
                throw new IllegalStateException("NVML session (" + source + ") is shut down");
            }
            return invoke(function, nativeCall);
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * A native call without the lock (for open and shutdown); an export the library lacks answers
     * {@code NVML_ERROR_FUNCTION_NOT_FOUND}, as NVML would, and is logged once at INFO.
     */
    int invoke(String function, IntSupplier nativeCall) {
        try {
            return nativeCall.getAsInt();
        } catch (UnsatisfiedLinkError e) {
            if (missingExports.add(function)) {
                LOG.info("NVML ({}) does not export {}: what needs it is unsupported with this driver", source, function);
            }
            return NvmlReturn.FUNCTION_NOT_FOUND;
        }
    }

    /** Adds an XID listener for {@code gpu}; empty where this session watches no events of it. */
    Optional<GpuProfiler.Registration> addXidListener(NvmlGpuProfiler gpu, Consumer<GpuXidEvent> listener) {
        NvmlXidWatcher watcher = xids;
        return watcher == null ? Optional.empty() : watcher.add(gpu, listener);
    }

    /** NVML's description of {@code code} ({@code nvmlErrorString}), or Calibrax's where the library lacks it. */
    String errorString(int code) {
        return errorStrings.computeIfAbsent(code, c -> {
            try {
                String text = library.nvmlErrorString(c);
                return text == null || text.isBlank() ? NvmlReturn.describe(c) : text;
            } catch (UnsatisfiedLinkError e) {
                return NvmlReturn.describe(c);
            }
        });
    }

    /** {@code "GPU is lost (NVML_ERROR_GPU_IS_LOST, code 15)"}. */
    String describe(int code) {
        return errorString(code) + " (" + NvmlReturn.name(code) + ", code " + code + ")";
    }

    /** One profiler closed: the last one shuts NVML down. Each profiler calls this once. */
    void release() {
        boolean shutNow = false;
        lock.writeLock().lock();
        try {
            if (shutDown) {
                return;
            }
            openProfilers--;
            if (openProfilers <= 0) {
                shutdownLocked();
                shutNow = true;
            }
        } finally {
            lock.writeLock().unlock();
        }
        NvmlXidWatcher watcher = xids;
        if (shutNow && watcher != null) {
            watcher.awaitEnd();
        }
    }

    private void shutdownNow() {
        lock.writeLock().lock();
        try {
            if (!shutDown) {
                shutdownLocked();
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void shutdownLocked() {
        shutDown = true;
        NvmlXidWatcher watcher = xids;
        if (watcher != null) {
            watcher.freeLocked();
        }
        int rc = invoke("nvmlShutdown", library::nvmlShutdown);
        if (rc != NvmlReturn.SUCCESS) {
            LOG.warn("NVML ({}) shutdown answered {}", source, describe(rc));
        } else {
            LOG.debug("NVML ({}) shut down", source);
        }
    }
}
