package io.calibrax.resources;

import io.calibrax.testing.Await;
import io.calibrax.testing.FakeGpuProfiler;
import io.calibrax.testing.FakeResourceMonitor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ResourceSamplerTest {

    @Test
    void sessionSummarisesPeakMeanGrowthAndGpu() {
        // the k-th sample reads 100 + 10k MB
        FakeResourceMonitor resources = new FakeResourceMonitor(k -> 100 + 10.0 * k, 1, 0);
        FakeGpuProfiler gpu = new FakeGpuProfiler(0, 50, 4096, 60, 300);
        ResourceSampler sampler = ResourceSampler.builder().resourceMonitor(resources).gpuProfiler(gpu)
                .interval(Duration.ofMillis(2)).build();

        assertThat(sampler.start()).isSameAs(sampler);
        Await.until("5 samples", () -> sampler.summary().sampleCount() >= 5);
        assertThat(sampler.isRunning()).isTrue();
        Thread samplingThread = resources.lastThread();
        ResourceSummary summary = sampler.stop();

        long n = summary.sampleCount();
        assertThat(n).isEqualTo(resources.samples()).isGreaterThanOrEqualTo(6); // the final sample on stop
        assertThat(summary.peakRssMb()).isEqualTo(100 + 10.0 * (n - 1));
        assertThat(summary.memoryGrowthMb()).isEqualTo(10.0 * (n - 1));
        assertThat(summary.meanRssMb()).isCloseTo(100 + 5.0 * (n - 1), within(1e-9));
        assertThat(summary.meanCpuPercent()).isEqualTo(12.5);
        assertThat(summary.duration()).isPositive();
        assertThat(summary.peakGpuMemoryMb()).hasValueCloseTo(4097.0, within(1e-9));
        assertThat(summary.meanGpuUtilization()).hasValue(50.0);
        assertThat(summary.meanGpuPowerWatts()).hasValue(300.0);
        assertThat(summary.meanGpuClockMhz()).hasValue(1980.0);
        assertThat(sampler.isRunning()).isFalse();
        assertThat(samplingThread.getName()).startsWith("calibrax-resource-sampler-");
        assertThat(samplingThread.isDaemon()).isTrue();
        assertThat(samplingThread.isAlive()).isFalse();
        assertThat(sampler.lastSample()).get().extracting(sample -> sample.rssMb()).isEqualTo(100 + 10.0 * (n - 1));

        Map<String, Object> map = summary.toMap();
        assertThat(map).containsKeys("peak_rss_mb", "mean_rss_mb", "peak_gpu_mem_mb", "mean_gpu_util",
                "memory_growth_mb", "num_samples", "duration_sec", "mean_gpu_clock_mhz", "mean_gpu_power_w");
        assertThat(map.get("num_samples")).isEqualTo(n);
        assertThat(sampler.stop()).isEqualTo(summary); // stopping again returns the last session's summary
    }

    @Test
    void withoutGpuTheGpuReadingsAreEmptyAndFailingSamplesAreSkipped() {
        FakeResourceMonitor resources = new FakeResourceMonitor(k -> 200, 1, 2); // every 2nd sample throws
        try (ResourceSampler sampler = ResourceSampler.builder().resourceMonitor(resources)
                .intervalSeconds(0.002).build().start()) {
            Await.until("4 good samples", () -> sampler.summary().sampleCount() >= 4);
            ResourceSummary summary = sampler.stop();
            assertThat(summary.peakGpuMemoryMb()).isEmpty();
            assertThat(summary.meanGpuUtilization()).isEmpty();
            assertThat(summary.toMap()).containsEntry("peak_gpu_mem_mb", null).doesNotContainKey("mean_gpu_power_w");
            assertThat(summary.sampleCount()).isLessThan(resources.samples());
            assertThat(summary.peakRssMb()).isEqualTo(200);
            assertThat(summary.memoryGrowthMb()).isZero();
        }
    }

    @Test
    void restartingBeginsANewSession() {
        FakeResourceMonitor resources = new FakeResourceMonitor(k -> 100 + k, 1, 0);
        ResourceSampler sampler = ResourceSampler.builder().resourceMonitor(resources).interval(Duration.ofMillis(2)).build();
        sampler.start();
        sampler.start(); // idempotent while running
        Await.until("3 samples", () -> sampler.summary().sampleCount() >= 3);
        ResourceSummary first = sampler.stop();

        sampler.start();
        Await.until("2 samples", () -> sampler.summary().sampleCount() >= 2);
        ResourceSummary second = sampler.stop();
        assertThat(second.peakRssMb()).isGreaterThan(first.peakRssMb());
        assertThat(second.memoryGrowthMb()).isLessThan(resources.samples());
        assertThat(second.sampleCount() + first.sampleCount()).isEqualTo(resources.samples());
    }

    @Test
    void defaultSamplerReadsThisProcessAtTenHertz() {
        ResourceSampler sampler = new ResourceSampler();
        assertThat(sampler.interval()).isEqualTo(Duration.ofMillis(100));
        sampler.start();
        Await.until("2 samples", () -> sampler.summary().sampleCount() >= 2);
        ResourceSummary summary = sampler.stop();
        assertThat(summary.peakRssMb()).isGreaterThan(1);
        assertThat(summary.meanRssMb()).isPositive().isLessThanOrEqualTo(summary.peakRssMb());
        assertThat(ResourceSummary.EMPTY.sampleCount()).isZero();
    }

    @Test
    void badIntervalsAreRefusedNamingTheArgument() {
        assertThatIllegalArgumentException().isThrownBy(() -> ResourceSampler.builder().interval(Duration.ZERO))
                .withMessageContaining("interval");
        assertThatIllegalArgumentException().isThrownBy(() -> ResourceSampler.builder().interval(Duration.ofMillis(-5)))
                .withMessageContaining("interval");
        assertThatIllegalArgumentException().isThrownBy(() -> ResourceSampler.builder().intervalSeconds(Double.NaN))
                .withMessageContaining("interval");
        assertThatIllegalArgumentException().isThrownBy(() -> new ResourceSampler(Duration.ofSeconds(-1), null))
                .withMessageContaining("interval");
    }
}
