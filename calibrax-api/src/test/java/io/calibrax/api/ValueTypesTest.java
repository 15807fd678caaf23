package io.calibrax.api;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ValueTypesTest {

    @Test
    void gpuReadingsValidateAndConvert() {
        GpuMemory memory = new GpuMemory(2048, 8192);
        assertThat(memory.occupancy()).isEqualTo(0.25);
        assertThat(new GpuMemory(0, 0).occupancy()).isZero();
        assertThatThrownBy(() -> new GpuMemory(-1, 10)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("usedMb");
        assertThatThrownBy(() -> new GpuClocks(Double.NaN, 10)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("graphicsMhz");
        assertThatThrownBy(() -> new GpuPower(100, Double.POSITIVE_INFINITY)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("limitWatts");
    }

    @Test
    void resourceSampleAlwaysHasCpuAndRss() {
        Map<String, Double> extra = new HashMap<>();
        extra.put("threads", 12.0);
        extra.put("cpu_percent", 99.0); // the component wins
        ResourceSample sample = new ResourceSample(Instant.now(), 12.5, 300.0, extra);
        assertThat(sample.asMetrics()).containsEntry("cpu_percent", 12.5).containsEntry("memory_rss_mb", 300.0)
                .containsEntry("threads", 12.0);
        assertThat(sample.asMetrics().keySet()).startsWith("cpu_percent", "memory_rss_mb");
        assertThat(new ResourceSample(Instant.now(), 0, 1).asMetrics()).containsOnlyKeys("cpu_percent", "memory_rss_mb");
        assertThatThrownBy(() -> sample.asMetrics().put("x", 1.0)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> new ResourceSample(Instant.now(), -1, 1)).hasMessageContaining("cpuPercent");
        assertThatNullPointerException().isThrownBy(() -> new ResourceSample(null, 1, 1)).withMessage("timestamp");
    }

    @Test
    void summaryAndStatsAreImmutableAndValidated() {
        Map<String, Double> thresholds = new HashMap<>(Map.of("latency", 1.5));
        MonitoringSummary summary = new MonitoringSummary(thresholds, 2,
                Map.of("latency", new MetricStats(2.0, 1.0, 2.0, 1.5, 2)), true);
        thresholds.put("other", 1.0);
        assertThat(summary.thresholds()).containsOnlyKeys("latency");
        assertThat(summary.isMonitoring()).isTrue();
        assertThatThrownBy(() -> new MonitoringSummary(Map.of(), -1, Map.of(), false)).hasMessageContaining("alertCount");
        assertThatThrownBy(() -> new MetricStats(1, 3, 2, 1, 2)).hasMessageContaining("min");
        assertThatThrownBy(() -> new MetricStats(1, 1, 1, 1, -1)).hasMessageContaining("samples");
    }

    @Test
    void secretNeverShowsItsValue() {
        Secret secret = Secret.of("hunter2");
        assertThat(secret.toString()).isEqualTo("***").doesNotContain("hunter2");
        assertThat(secret.reveal()).isEqualTo("hunter2");
        assertThat(Secret.of("https://hooks.slack.com/services/T1/B2/xyz", "https://hooks.slack.com/services/T…/B…/***"))
                .hasToString("https://hooks.slack.com/services/T…/B…/***");
        assertThatThrownBy(() -> Secret.of("abc", "shows abc")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("abc");
        assertThat(Secret.of("a")).isEqualTo(Secret.of("a"));
    }
}
