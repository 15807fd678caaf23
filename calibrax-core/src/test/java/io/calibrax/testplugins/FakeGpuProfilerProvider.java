package io.calibrax.testplugins;

import io.calibrax.api.GpuClocks;
import io.calibrax.api.GpuMemory;
import io.calibrax.api.GpuPower;
import io.calibrax.api.GpuProfiler;
import io.calibrax.spi.CalibraxConfig;
import io.calibrax.spi.GpuProfilerProvider;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicInteger;

/** Test plugin: {@code test.gpu.count} fake GPUs whose utilization is {@code 40 + index}. */
public final class FakeGpuProfilerProvider implements GpuProfilerProvider {
    public static final String COUNT = "test.gpu.count";

    @Override
    public List<GpuProfiler> open(CalibraxConfig config) {
        List<GpuProfiler> gpus = new ArrayList<>();
        for (int i = 0; i < config.getInt(COUNT, 0); i++) {
            gpus.add(new FakeGpu(i));
        }
        return gpus;
    }

    /** A fake GPU that counts its closes. */
    public static final class FakeGpu implements GpuProfiler {
        private final int index;
        private final AtomicInteger closes = new AtomicInteger();

        FakeGpu(int index) {
            this.index = index;
        }

        public int closes() {
            return closes.get();
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
            return Optional.of(new GpuMemory(1024, 8192));
        }

        @Override
        public OptionalDouble utilization() {
            return OptionalDouble.of(40 + index);
        }

        @Override
        public Optional<GpuClocks> clocks() {
            return Optional.empty();
        }

        @Override
        public Optional<GpuPower> power() {
            return Optional.empty();
        }

        @Override
        public OptionalDouble temperatureCelsius() {
            return OptionalDouble.of(55);
        }

        @Override
        public void close() {
            closes.incrementAndGet();
        }
    }
}
