package io.calibrax.api;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalDouble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** A profiler written before the fault readings compiles and answers "not offered" for them. */
class GpuProfilerDefaultsTest {

    /** Only the original methods, as a third-party profiler has them. */
    private record OldProfiler(Optional<GpuMemory> memory) implements GpuProfiler {
        @Override
        public int index() {
            return 0;
        }

        @Override
        public String name() {
            return "old";
        }

        @Override
        public OptionalDouble utilization() {
            return OptionalDouble.empty();
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

    @Test
    void memoryPercentComesFromMemory() {
        assertThat(new OldProfiler(Optional.of(new GpuMemory(20_000, 80_000))).memoryPercent().orElseThrow())
                .isCloseTo(25.0, within(1e-12));
        assertThat(new OldProfiler(Optional.of(new GpuMemory(0, 0))).memoryPercent()).isEmpty();
        assertThat(new OldProfiler(Optional.empty()).memoryPercent()).isEmpty();
    }

    @Test
    void theFaultReadingsAreNotOfferedByDefault() {
        GpuProfiler gpu = new OldProfiler(Optional.empty());

        assertThat(gpu.isLost()).isFalse();
        assertThat(gpu.throttled()).isEmpty();
        assertThat(gpu.eccUncorrectedErrors()).isEmpty();
        assertThat(gpu.migDevices()).isEmpty();
        assertThat(gpu.addXidListener(event -> { })).isEmpty();
        assertThatThrownBy(() -> gpu.addXidListener(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("listener");
    }

    @Test
    void faultValuesRefuseBadArgumentsByName() {
        assertThatThrownBy(() -> new GpuXidEvent(-1, 79, "off the bus", AlertSeverity.CRITICAL, Instant.EPOCH))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("gpuIndex");
        assertThatThrownBy(() -> new GpuXidEvent(0, 79, " ", AlertSeverity.CRITICAL, Instant.EPOCH))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("meaning");
        assertThatThrownBy(() -> new GpuMigDevice(-1, "MIG 1g.10gb", new GpuMemory(0, 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("index");
        assertThatThrownBy(() -> new GpuMigDevice(0, "MIG 1g.10gb", null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("memory");
    }
}
