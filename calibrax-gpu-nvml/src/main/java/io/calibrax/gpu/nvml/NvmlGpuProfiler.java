package io.calibrax.gpu.nvml;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;
import io.calibrax.api.GpuClocks;
import io.calibrax.api.GpuMemory;
import io.calibrax.api.GpuMigDevice;
import io.calibrax.api.GpuPower;
import io.calibrax.api.GpuProfiler;
import io.calibrax.api.GpuXidEvent;
import io.calibrax.gpu.nvml.jna.NvmlLibrary;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * One NVIDIA GPU read through NVML: the {@link GpuProfiler} readings and more (SM clock, fan,
 * energy, clock event reasons, ECC errors, performance state, running processes, MIG devices,
 * XID errors as they happen).
 *
 * <p>Each reading is one or two NVML calls on a handle kept since the session opened (or since a
 * GPU lost at open first answered); nothing is
 * re-initialised per call. A reading the device or driver does not support
 * ({@code NVML_ERROR_NOT_SUPPORTED}, or an export the library lacks) is empty. Any other NVML
 * error throws an {@link NvmlException} carrying NVML's code and error string; after
 * {@code NVML_ERROR_GPU_IS_LOST} the device is {@linkplain #isLost() lost} and every later
 * reading throws at once, without calling NVML, until {@link #isLost()} finds it answering
 * again. Readings after {@link #close()} throw {@link IllegalStateException}.
 *
 * <p>Thread-safe: NVML serves concurrent calls. Conversions: bytes to MB (1024×1024), milliwatts
 * to watts, millijoules to joules.
 *
 * @since 0.1.0
 */
public final class NvmlGpuProfiler implements GpuProfiler {
    private static final Logger LOG = LoggerFactory.getLogger(NvmlGpuProfiler.class);
    private static final double BYTES_PER_MB = 1024.0 * 1024.0;

    private static final String CLOCK = "nvmlDeviceGetClockInfo";
    private static final String EVENT_REASONS = "nvmlDeviceGetCurrentClocksEventReasons";
    private static final String THROTTLE_REASONS = "nvmlDeviceGetCurrentClocksThrottleReasons";
    private static final String ECC = "nvmlDeviceGetTotalEccErrors";
    /** Every reason but {@code GPU_IDLE} and {@code APPLICATIONS_CLOCKS_SETTING}: the clocks are held down. */
    private static final long THROTTLING = ~(ClocksEventReason.GPU_IDLE.bit()
            | ClocksEventReason.APPLICATIONS_CLOCKS_SETTING.bit());

    private final NvmlSession session;
    private final NvmlLibrary nvml;
    private final int index;
    private volatile Pointer handle; // null only while a GPU lost at open has not answered
    private final String name;
    private final Optional<String> uuid;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean lost;
    private volatile LostCall lostCall; // the call that answered GPU_IS_LOST: asked again by isLost()
    private final RunningProcesses processes;
    private final MemoryInfo memoryInfo;
    // Which export of a versioned family answers here, found on first use (newest first).
    private volatile boolean eventReasonsExported = true;

    /**
     * A profiler of device {@code index}; {@code handle} null for a device whose handle NVML refused
     * with {@code NVML_ERROR_GPU_IS_LOST}: it starts lost, {@link #isLost()} asks for the handle
     * again, and its name is {@code "GPU <index>"}.
     */
    NvmlGpuProfiler(NvmlSession session, int index, @Nullable Pointer handle) {
        this.session = session;
        this.nvml = session.library();
        this.index = index;
        this.handle = handle;
        this.processes = new RunningProcesses(this, nvml);
        this.memoryInfo = new MemoryInfo(this, nvml);
        if (handle == null) {
            this.name = "GPU " + index;
            this.uuid = Optional.empty();
            this.lostCall = new LostCall("nvmlDeviceGetHandleByIndex_v2", this::findHandle);
            this.lost = true;
            return;
        }
        this.name = readString("nvmlDeviceGetName", NvmlLibrary.DEVICE_NAME_BUFFER_SIZE,
                (buffer, length) -> nvml.nvmlDeviceGetName(handle, buffer, length))
                .orElse("GPU " + index);
        this.uuid = readString("nvmlDeviceGetUUID", NvmlLibrary.DEVICE_UUID_BUFFER_SIZE,
                (buffer, length) -> nvml.nvmlDeviceGetUUID(handle, buffer, length));
    }

    /** Asks NVML for this device's handle again, keeping it once given. */
    private int findHandle() {
        PointerByReference found = new PointerByReference();
        int rc = nvml.nvmlDeviceGetHandleByIndex_v2(index, found);
        if (rc == NvmlReturn.SUCCESS) {
            handle = found.getValue();
        }
        return rc;
    }

    /** The device's NVML index, from 0. */
    @Override
    public int index() {
        return index;
    }

    /** The product name NVML gives, or {@code "GPU <index>"} where it gave none at open. */
    @Override
    public String name() {
        return name;
    }

    /** The device's UUID ({@code GPU-...}), read at open; empty where NVML gave none. */
    public Optional<String> uuid() {
        return uuid;
    }

    /**
     * True while the device is lost: once NVML answered {@code NVML_ERROR_GPU_IS_LOST} to a reading,
     * each call repeats the native call that answered it (one NVML call) and answers false, with
     * the other readings working again, once the device answers otherwise. Costs nothing while not
     * lost.
     */
    @Override
    public boolean isLost() {
        LostCall probe = lostCall;
        if (!lost || probe == null || closed.get()) {
            return lost;
        }
        int rc = session.call(probe.function(), probe.call());
        if (rc != NvmlReturn.GPU_IS_LOST) {
            lost = false;
            LOG.info("GPU {} answers again ({} answered {}); reading it again", index, probe.function(),
                    session.describe(rc));
        }
        return lost;
    }

    /**
     * Memory used and total from {@code nvmlDeviceGetMemoryInfo_v2} (used excludes memory the
     * driver reserves, as nvidia-smi shows it), or from {@code nvmlDeviceGetMemoryInfo} where v2 is
     * missing or refused.
     */
    @Override
    public Optional<GpuMemory> memory() {
        return memoryOf(handle);
    }

    /** {@link #memory()} of this device or of one of its MIG devices. */
    Optional<GpuMemory> memoryOf(Pointer device) {
        return memoryInfo.read(device);
    }

    /** The share of the last sample period in which a kernel ran, in percent. */
    @Override
    public OptionalDouble utilization() {
        NvmlLibrary.Utilization utilization = new NvmlLibrary.Utilization();
        if (!read("nvmlDeviceGetUtilizationRates", () -> nvml.nvmlDeviceGetUtilizationRates(handle, utilization))) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(Integer.toUnsignedLong(utilization.gpu));
    }

    /** Graphics and memory clocks; empty unless both are supported (see {@link #graphicsClockMhz()}). */
    @Override
    public Optional<GpuClocks> clocks() {
        return both(graphicsClockMhz(), this::memoryClockMhz, GpuClocks::new);
    }

    /** The current graphics clock in MHz ({@code NVML_CLOCK_GRAPHICS}). */
    public OptionalDouble graphicsClockMhz() {
        return clock(NvmlLibrary.CLOCK_GRAPHICS);
    }

    /** The current SM clock in MHz ({@code NVML_CLOCK_SM}). */
    public OptionalDouble smClockMhz() {
        return clock(NvmlLibrary.CLOCK_SM);
    }

    /** The current memory clock in MHz ({@code NVML_CLOCK_MEM}). */
    public OptionalDouble memoryClockMhz() {
        return clock(NvmlLibrary.CLOCK_MEM);
    }

    private OptionalDouble clock(int type) {
        IntByReference mhz = new IntByReference();
        return read(CLOCK, () -> nvml.nvmlDeviceGetClockInfo(handle, type, mhz))
                ? OptionalDouble.of(Integer.toUnsignedLong(mhz.getValue())) : OptionalDouble.empty();
    }

    /** Power draw and enforced limit; empty unless both are supported (see {@link #powerDrawWatts()}). */
    @Override
    public Optional<GpuPower> power() {
        return both(powerDrawWatts(), this::powerLimitWatts, GpuPower::new);
    }

    /** A pair of readings where both are present; the second is not read where the first is empty. */
    private static <T> Optional<T> both(OptionalDouble first, Supplier<OptionalDouble> second,
                                        DoubleBinaryFunction<T> pair) {
        if (first.isEmpty()) {
            return Optional.empty();
        }
        OptionalDouble other = second.get();
        return other.isEmpty() ? Optional.empty() : Optional.of(pair.apply(first.getAsDouble(), other.getAsDouble()));
    }

    /** The board's power draw in watts ({@code nvmlDeviceGetPowerUsage}, milliwatts / 1000). */
    public OptionalDouble powerDrawWatts() {
        return milliUnits("nvmlDeviceGetPowerUsage", out -> nvml.nvmlDeviceGetPowerUsage(handle, out));
    }

    /** The power limit in force in watts ({@code nvmlDeviceGetEnforcedPowerLimit}). */
    public OptionalDouble powerLimitWatts() {
        return milliUnits("nvmlDeviceGetEnforcedPowerLimit", out -> nvml.nvmlDeviceGetEnforcedPowerLimit(handle, out));
    }

    private OptionalDouble milliUnits(String function, IntReading reading) {
        IntByReference out = new IntByReference();
        return read(function, () -> reading.call(out))
                ? OptionalDouble.of(Integer.toUnsignedLong(out.getValue()) / 1000.0) : OptionalDouble.empty();
    }

    /** The GPU core temperature in °C ({@code NVML_TEMPERATURE_GPU}). */
    @Override
    public OptionalDouble temperatureCelsius() {
        IntByReference celsius = new IntByReference();
        return read("nvmlDeviceGetTemperature",
                () -> nvml.nvmlDeviceGetTemperature(handle, NvmlLibrary.TEMPERATURE_GPU, celsius))
                ? OptionalDouble.of(Integer.toUnsignedLong(celsius.getValue())) : OptionalDouble.empty();
    }

    /** The speed NVML asks of the fan, in percent of its maximum; empty for passively cooled boards. */
    public OptionalDouble fanSpeedPercent() {
        IntByReference percent = new IntByReference();
        return read("nvmlDeviceGetFanSpeed", () -> nvml.nvmlDeviceGetFanSpeed(handle, percent))
                ? OptionalDouble.of(Integer.toUnsignedLong(percent.getValue())) : OptionalDouble.empty();
    }

    /** Energy used since the driver was last loaded, in joules (Volta and newer). */
    public OptionalDouble totalEnergyJoules() {
        LongByReference millijoules = new LongByReference();
        return read("nvmlDeviceGetTotalEnergyConsumption",
                () -> nvml.nvmlDeviceGetTotalEnergyConsumption(handle, millijoules))
                ? OptionalDouble.of(unsigned(millijoules.getValue()) / 1000.0) : OptionalDouble.empty();
    }

    /**
     * Why the clocks run below their maximum ({@code nvmlDeviceGetCurrentClocksEventReasons}, or
     * {@code nvmlDeviceGetCurrentClocksThrottleReasons} in drivers before R535).
     */
    public Optional<ClocksEventReasons> clocksEventReasons() {
        LongByReference mask = new LongByReference();
        if (eventReasonsExported) {
            int rc = call(EVENT_REASONS, () -> nvml.nvmlDeviceGetCurrentClocksEventReasons(handle, mask));
            if (rc != NvmlReturn.FUNCTION_NOT_FOUND) {
                return check(EVENT_REASONS, rc) ? Optional.of(new ClocksEventReasons(mask.getValue())) : Optional.empty();
            }
            eventReasonsExported = false;
        }
        return read(THROTTLE_REASONS, () -> nvml.nvmlDeviceGetCurrentClocksThrottleReasons(handle, mask))
                ? Optional.of(new ClocksEventReasons(mask.getValue())) : Optional.empty();
    }

    /**
     * True while {@link #clocksEventReasons()} holds a reason other than idling or application
     * clock settings (a power cap, a thermal or hardware slowdown, or a reason Calibrax does not know).
     */
    @Override
    public Optional<Boolean> throttled() {
        return clocksEventReasons().map(reasons -> (reasons.mask() & THROTTLING) != 0);
    }

    /** The volatile count of {@link #eccErrors(EccCounter)}'s uncorrected errors. */
    @Override
    public OptionalLong eccUncorrectedErrors() {
        return eccErrors(EccCounter.VOLATILE).map(counts -> OptionalLong.of(counts.uncorrected()))
                .orElseGet(OptionalLong::empty);
    }

    /** The MIG devices where MIG is enabled, with their name and memory; empty otherwise. */
    @Override
    public List<GpuMigDevice> migDevices() {
        return MigDevices.list(this, nvml, handle);
    }

    /**
     * Hands each XID error of this GPU to {@code listener}, on the session's event thread
     * ({@code calibrax-nvml-events-<n>}); empty where the library has no event API or this GPU
     * gives no events.
     */
    @Override
    public Optional<Registration> addXidListener(Consumer<GpuXidEvent> listener) {
        Objects.requireNonNull(listener, "listener");
        return session.addXidListener(this, listener);
    }

    /** Corrected and uncorrected ECC errors over {@code counter}; empty where ECC is off or unsupported. */
    public Optional<EccErrorCounts> eccErrors(EccCounter counter) {
        int counterType = switch (Objects.requireNonNull(counter, "counter")) {
            case VOLATILE -> NvmlLibrary.ECC_VOLATILE;
            case AGGREGATE -> NvmlLibrary.ECC_AGGREGATE;
        };
        LongByReference corrected = new LongByReference();
        if (!read(ECC, () -> nvml.nvmlDeviceGetTotalEccErrors(handle, NvmlLibrary.MEMORY_ERROR_CORRECTED,
                counterType, corrected))) {
            return Optional.empty();
        }
        LongByReference uncorrected = new LongByReference();
        if (!read(ECC, () -> nvml.nvmlDeviceGetTotalEccErrors(handle, NvmlLibrary.MEMORY_ERROR_UNCORRECTED,
                counterType, uncorrected))) {
            return Optional.empty();
        }
        return Optional.of(new EccErrorCounts(counter, saturated(corrected.getValue()), saturated(uncorrected.getValue())));
    }

    /** The performance state, 0 (P0, the fastest) to 15 (P15); empty where NVML does not know it. */
    public OptionalInt performanceState() {
        IntByReference state = new IntByReference();
        if (!read("nvmlDeviceGetPerformanceState", () -> nvml.nvmlDeviceGetPerformanceState(handle, state))) {
            return OptionalInt.empty();
        }
        int value = state.getValue();
        return value >= 0 && value <= 15 ? OptionalInt.of(value) : OptionalInt.empty();
    }

    /**
     * The processes with a compute context on this GPU and their memory
     * ({@code nvmlDeviceGetComputeRunningProcesses_v3}, else {@code _v2}, else the first export).
     */
    public Optional<List<GpuProcess>> computeProcesses() {
        return processes.compute();
    }

    /** MB by PID over the compute and graphics lists (a PID in both: the larger); unknown memory left out. */
    @Override
    public Map<Long, Double> processMemoryMb() {
        return processes.megabytesByPid();
    }

    /**
     * Closes this profiler; the last open profiler of its NVML session shuts NVML down. Idempotent.
     */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            session.release();
        }
    }

    @Override
    public String toString() {
        return "NvmlGpuProfiler[GPU " + index + " " + name + uuid.map(u -> " " + u).orElse("") + "]";
    }

    // ---- calling NVML ----

    Pointer handle() {
        return handle;
    }

    /** Calls NVML and checks the answer: true on success, false where unsupported, else throws. */
    boolean read(String function, IntSupplier nativeCall) {
        return check(function, call(function, nativeCall));
    }

    /** Calls NVML for this device and returns its answer, marking the device lost on GPU_IS_LOST. */
    int call(String function, IntSupplier nativeCall) {
        if (closed.get()) {
            throw new IllegalStateException(this + " is closed");
        }
        if (lost) {
            throw new NvmlException(function, index, NvmlReturn.GPU_IS_LOST,
                    session.errorString(NvmlReturn.GPU_IS_LOST) + " (since an earlier reading; not called again)");
        }
        int rc = session.call(function, nativeCall);
        if (rc == NvmlReturn.GPU_IS_LOST && !lost) {
            lostCall = new LostCall(function, nativeCall);
            lost = true;
            LOG.warn("GPU {} is lost: NVML answered {} to {}; its readings fail until it answers again",
                    index, session.describe(rc), function);
        }
        return rc;
    }

    boolean check(String function, int rc) {
        if (rc == NvmlReturn.SUCCESS) {
            return true;
        }
        if (NvmlReturn.isUnsupported(rc)) {
            return false;
        }
        throw new NvmlException(function, index, rc, session.errorString(rc));
    }

    /** A string read at open: a failure there costs the value, not the device. */
    Optional<String> readString(String function, int size, StringReading reading) {
        byte[] buffer = new byte[size];
        try {
            if (read(function, () -> reading.call(buffer, size))) {
                int end = 0;
                while (end < buffer.length && buffer[end] != 0) {
                    end++;
                }
                String value = new String(buffer, 0, end, StandardCharsets.UTF_8).strip();
                return value.isEmpty() ? Optional.empty() : Optional.of(value);
            }
        } catch (NvmlException e) {
            LOG.warn("GPU {}: {}", index, e.getMessage());
        }
        return Optional.empty();
    }

    static double megabytes(long bytes) {
        return unsigned(bytes) / BYTES_PER_MB;
    }

    private static double unsigned(long value) {
        return value >= 0 ? value : (double) (value >>> 1) * 2.0 + (value & 1);
    }

    private static long saturated(long unsignedCount) {
        return unsignedCount < 0 ? Long.MAX_VALUE : unsignedCount;
    }

    private record LostCall(String function, IntSupplier call) {
    }

    @FunctionalInterface
    private interface DoubleBinaryFunction<T> {
        T apply(double first, double second);
    }

    @FunctionalInterface
    private interface IntReading {
        int call(IntByReference out);
    }

    @FunctionalInterface
    interface StringReading {
        int call(byte[] buffer, int length);
    }
}
