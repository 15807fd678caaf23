package io.calibrax.testplugins;

import io.calibrax.api.GpuClocks;
import io.calibrax.api.GpuMemory;
import io.calibrax.api.GpuPower;
import io.calibrax.api.GpuProfiler;
import io.calibrax.spi.CalibraxConfig;
import io.calibrax.spi.GpuProfilerProvider;
import io.calibrax.testing.FakeGpuProfiler;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicInteger;

/** Test plugin: {@code test.gpu.count} fake GPUs named {@code Fake GPU <index>}, utilization {@code 40 + index}. */
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

    /** The monitors' test GPU ({@link FakeGpuProfiler}), counting its closes. */
    public static final class FakeGpu implements GpuProfiler {
        private final FakeGpuProfiler readings;
        private final AtomicInteger closes = new AtomicInteger();

        FakeGpu(int index) {
            this.readings = new FakeGpuProfiler(index, 40 + index, 1024, 55, 300);
        }

        public int closes() {
            return closes.get();
        }

        @Override
        public int index() {
            return readings.index();
        }

        @Override
        public String name() {
            return readings.name();
        }

        @Override
        public Optional<GpuMemory> memory() {
            return readings.memory();
        }

        @Override
        public OptionalDouble utilization() {
            return readings.utilization();
        }

        @Override
        public Optional<GpuClocks> clocks() {
            return readings.clocks();
        }

        @Override
        public Optional<GpuPower> power() {
            return readings.power();
        }

        @Override
        public OptionalDouble temperatureCelsius() {
            return readings.temperatureCelsius();
        }

        @Override
        public void close() {
            closes.incrementAndGet();
        }
    }
}
