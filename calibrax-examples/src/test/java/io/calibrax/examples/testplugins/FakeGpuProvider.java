package io.calibrax.examples.testplugins;

import io.calibrax.api.GpuClocks;
import io.calibrax.api.GpuMemory;
import io.calibrax.api.GpuMigDevice;
import io.calibrax.api.GpuPower;
import io.calibrax.api.GpuProfiler;
import io.calibrax.spi.CalibraxConfig;
import io.calibrax.spi.GpuProfilerProvider;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * A GPU plugin for tests, off unless {@value #COUNT} is set: then it opens that many fake GPUs.
 * GPU 0 supports every reading (throttled, one uncorrected ECC error, two MIG devices); GPU 1 supports none but utilization, which throws when
 * {@value #LOST} is true (as NVML does for a GPU that fell off the bus).
 */
public final class FakeGpuProvider implements GpuProfilerProvider {
    public static final String COUNT = "test.fake-gpu.count";
    public static final String LOST = "test.fake-gpu.lost";

    @Override
    public List<GpuProfiler> open(CalibraxConfig config) {
        int count = config.getInt(COUNT, 0);
        boolean lost = config.getBoolean(LOST, false);
        List<GpuProfiler> gpus = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            gpus.add(i == 0 ? new FullGpu() : new BareGpu(i, lost));
        }
        return gpus;
    }

    private static final class FullGpu implements GpuProfiler {
        private double utilization = 40;

        @Override
        public int index() {
            return 0;
        }

        @Override
        public String name() {
            return "Fake GPU 80GB";
        }

        @Override
        public Optional<GpuMemory> memory() {
            return Optional.of(new GpuMemory(20_480, 81_920));
        }

        @Override
        public synchronized OptionalDouble utilization() {
            utilization += 5;
            return OptionalDouble.of(utilization);
        }

        @Override
        public Optional<GpuClocks> clocks() {
            return Optional.of(new GpuClocks(1980, 2619));
        }

        @Override
        public Optional<GpuPower> power() {
            return Optional.of(new GpuPower(250.5, 700));
        }

        @Override
        public OptionalDouble temperatureCelsius() {
            return OptionalDouble.of(61);
        }

        @Override
        public Optional<Boolean> throttled() {
            return Optional.of(true);
        }

        @Override
        public OptionalLong eccUncorrectedErrors() {
            return OptionalLong.of(1);
        }

        @Override
        public List<GpuMigDevice> migDevices() {
            return List.of(new GpuMigDevice(0, "Fake GPU 80GB MIG 3g.40gb", new GpuMemory(10_240, 40_960)),
                    new GpuMigDevice(1, "Fake GPU 80GB MIG 1g.10gb", new GpuMemory(0, 10_240)));
        }
    }

    private record BareGpu(int index, boolean lost) implements GpuProfiler {
        @Override
        public String name() {
            return "Fake bare GPU";
        }

        @Override
        public Optional<GpuMemory> memory() {
            return Optional.empty();
        }

        @Override
        public OptionalDouble utilization() {
            if (lost) {
                throw new IllegalStateException("GPU is lost");
            }
            return OptionalDouble.of(3);
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
            return OptionalDouble.empty();
        }
    }
}
