package io.calibrax.resources;

import io.calibrax.api.ResourceMonitor;
import io.calibrax.api.ResourceSample;
import io.calibrax.spi.CalibraxConfig;
import io.calibrax.spi.ResourceMonitorProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class OshiResourceMonitorTest {

    @Test
    void sampleReadsTheProcessHostAndJvm() {
        OshiResourceMonitor monitor = new OshiResourceMonitor();
        ResourceSample first = monitor.sample();

        // burn some CPU so that the next sample's "since the previous sample" reading has something to see
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
        double sink = 0;
        while (System.nanoTime() < until) {
            sink += Math.sqrt(sink + 1);
        }
        ResourceSample second = monitor.sample();
        assertThat(sink).isPositive();

        assertThat(first.rssMb()).isGreaterThan(1);
        assertThat(first.cpuPercent()).isGreaterThanOrEqualTo(0);
        assertThat(second.cpuPercent()).isPositive();
        assertThat(second.timestamp()).isAfterOrEqualTo(first.timestamp()).isBeforeOrEqualTo(Instant.now());
        assertThat(second.asMetrics()).containsKeys(ResourceSample.CPU_PERCENT, ResourceSample.MEMORY_RSS_MB,
                OshiResourceMonitor.PROCESS_THREADS, OshiResourceMonitor.SYSTEM_CPU_PERCENT,
                OshiResourceMonitor.SYSTEM_MEMORY_PERCENT, OshiResourceMonitor.JVM_HEAP_USED_MB,
                OshiResourceMonitor.JVM_GC_COUNT, OshiResourceMonitor.JVM_GC_TIME_MS);
        assertThat(second.asMetrics().get(ResourceSample.MEMORY_RSS_MB)).isEqualTo(second.rssMb());
        assertThat(second.asMetrics().get(OshiResourceMonitor.PROCESS_THREADS))
                .isGreaterThanOrEqualTo(1.0).isLessThan(10_000.0);
        assertThat(second.asMetrics().get(OshiResourceMonitor.SYSTEM_MEMORY_PERCENT)).isBetween(0.0, 100.0);
        assertThat(second.asMetrics().get(OshiResourceMonitor.SYSTEM_CPU_PERCENT)).isBetween(0.0, 100.0);
        assertThat(second.asMetrics().get(OshiResourceMonitor.JVM_HEAP_USED_MB)).isPositive();
        if (System.getProperty("os.name").toLowerCase().contains("linux")) {
            assertThat(second.asMetrics()).containsKeys(OshiResourceMonitor.PROCESS_OPEN_FILES,
                    OshiResourceMonitor.SYSTEM_LOAD_AVERAGE);
            assertThat(second.asMetrics().get(OshiResourceMonitor.PROCESS_OPEN_FILES)).isGreaterThanOrEqualTo(3.0);
        }
        // RSS includes the heap in use, within reason
        double heapMb = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024.0 * 1024.0);
        assertThat(second.rssMb()).isGreaterThan(heapMb / 4);
    }

    @Test
    void coreProviderIsFoundWithPriorityZero() {
        List<ResourceMonitorProvider> providers = new ArrayList<>();
        ServiceLoader.load(ResourceMonitorProvider.class).forEach(providers::add);

        assertThat(providers).hasAtLeastOneElementOfType(OshiResourceMonitorProvider.class);
        OshiResourceMonitorProvider core = new OshiResourceMonitorProvider();
        assertThat(core.priority()).isZero();
        assertThat(core.create(CalibraxConfig.empty())).get().isInstanceOf(OshiResourceMonitor.class);
        assertThatNullPointerException().isThrownBy(() -> core.create(null)).withMessageContaining("config");
        assertThat(ResourceMonitors.discover(CalibraxConfig.empty())).get().isInstanceOf(OshiResourceMonitor.class);
        assertThat(ResourceMonitors.defaultMonitor()).get().satisfies(monitor ->
                assertThat(monitor.sample().rssMb()).isPositive());
    }

    @Test
    void highestPriorityProviderThatOffersAMonitorWins() {
        ResourceMonitor cgroup = () -> new ResourceSample(Instant.now(), 1, 2);
        List<ResourceMonitorProvider> providers = List.of(
                new OshiResourceMonitorProvider(),
                provider(9, () -> {
                    throw new IllegalStateException("cannot read cgroups");
                }),
                provider(7, Optional::empty),
                provider(5, () -> Optional.of(cgroup)),
                provider(3, () -> Optional.of(() -> new ResourceSample(Instant.now(), 0, 0))));

        assertThat(ResourceMonitors.select(providers, CalibraxConfig.empty())).containsSame(cgroup);
        assertThat(ResourceMonitors.select(List.of(provider(1, Optional::empty)), CalibraxConfig.empty())).isEmpty();
        assertThat(ResourceMonitors.select(List.of(), CalibraxConfig.empty())).isEmpty();
    }

    private interface Creator {
        Optional<ResourceMonitor> create();
    }

    private static ResourceMonitorProvider provider(int priority, Creator creator) {
        return new ResourceMonitorProvider() {
            @Override
            public int priority() {
                return priority;
            }

            @Override
            public Optional<ResourceMonitor> create(CalibraxConfig config) {
                return creator.create();
            }
        };
    }
}
