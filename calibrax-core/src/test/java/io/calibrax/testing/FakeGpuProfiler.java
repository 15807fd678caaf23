package io.calibrax.testing;

import io.calibrax.api.GpuClocks;
import io.calibrax.api.GpuMemory;
import io.calibrax.api.GpuPower;
import io.calibrax.api.GpuProfiler;

import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicInteger;

/** A GPU seam for tests: fixed readings, or a failure on every call when {@code failing}. */
public final class FakeGpuProfiler implements GpuProfiler {
    private final int index;
    private final double utilization;
    private final double memoryUsedMb;
    private final double temperature;
    private final double powerWatts;
    private volatile boolean failing;
    private final AtomicInteger reads = new AtomicInteger();

    public FakeGpuProfiler(int index, double utilization, double memoryUsedMb, double temperature, double powerWatts) {
        this.index = index;
        this.utilization = utilization;
        this.memoryUsedMb = memoryUsedMb;
        this.temperature = temperature;
        this.powerWatts = powerWatts;
    }

    /** A GPU whose every reading throws, as a lost GPU does. */
    public static FakeGpuProfiler lost(int index) {
        FakeGpuProfiler gpu = new FakeGpuProfiler(index, 0, 0, 0, 0);
        gpu.failing = true;
        return gpu;
    }

    public int reads() {
        return reads.get();
    }

    private void check() {
        reads.incrementAndGet();
        if (failing) {
            throw new IllegalStateException("GPU is lost");
        }
    }

    @Override
    public int index() {
        return index;
    }

    @Override
    public String name() {
        return "Fake GPU " + index;
    }

    @Override
    public Optional<GpuMemory> memory() {
        check();
        return Optional.of(new GpuMemory(memoryUsedMb + reads.get() % 2, 80_000));
    }

    @Override
    public OptionalDouble utilization() {
        check();
        return OptionalDouble.of(utilization);
    }

    @Override
    public Optional<GpuClocks> clocks() {
        check();
        return Optional.of(new GpuClocks(1_980, 2_619));
    }

    @Override
    public Optional<GpuPower> power() {
        check();
        return Optional.of(new GpuPower(powerWatts, 700));
    }

    @Override
    public OptionalDouble temperatureCelsius() {
        check();
        return OptionalDouble.of(temperature);
    }
}
