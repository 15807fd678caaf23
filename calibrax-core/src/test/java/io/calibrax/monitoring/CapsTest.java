package io.calibrax.monitoring;

import ch.qos.logback.classic.Level;
import io.calibrax.api.MetricSource;
import io.calibrax.monitoring.internal.pipeline.PipelineTracker;
import io.calibrax.testing.FakeResourceMonitor;
import io.calibrax.testing.LogCapture;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** Thresholds, baselines and names are capped as metrics and pipelines are: refused, counted, warned about once. */
class CapsTest {

    @Test
    void thresholdsOfNewMetricsBeyondMaxMetricsAreRefusedCountedAndWarnedAboutOnce() {
        try (LogCapture log = LogCapture.of(AdvancedMonitor.class);
             AdvancedMonitor monitor = AdvancedMonitor.builder().maxMetrics(3)
                     .resourceMonitor(FakeResourceMonitor.constant(1)).build()) {
            for (int i = 0; i < 10_000; i++) {
                monitor.setThreshold("m" + i, 1.0);
            }
            monitor.setThreshold("m0", 5.0); // a metric already tracked still takes a new threshold
            assertThat(monitor.getThresholds()).containsOnlyKeys("m0", "m1", "m2").containsEntry("m0", Threshold.above(5.0));
            assertThat(monitor.getRefusedThresholds()).isEqualTo(9_997);
            monitor.recordMetric("other", 1.0);
            assertThat(monitor.getDroppedReadings()).isEqualTo(1);
            assertThat(log.messages(Level.WARN)).hasSize(2)
                    .anySatisfy(message -> assertThat(message).contains("thresholds of new metrics").contains("'m3'"))
                    .anySatisfy(message -> assertThat(message).contains("readings of new metrics").contains("'other'"));
        }
    }

    @Test
    void baselinesBeyondMaxPipelinesAreRefusedCountedAndWarnedAboutOnce() {
        try (LogCapture log = LogCapture.of(PipelineTracker.class);
             ProductionMonitor monitor = ProductionMonitor.builder().maxPipelines(2)
                     .resourceMonitor(FakeResourceMonitor.constant(1)).build()) {
            for (int i = 0; i < 10_000; i++) {
                monitor.setPerformanceBaseline("p" + i, 1.0);
            }
            monitor.setPerformanceBaseline("p1", 2.0); // replacing one is no new baseline
            assertThat(monitor.getPerformanceBaselines()).containsExactly(Map.entry("p0", 1.0), Map.entry("p1", 2.0));
            assertThat(monitor.getRefusedBaselines()).isEqualTo(9_998);
            assertThat(log.messages(Level.WARN)).singleElement()
                    .satisfies(message -> assertThat(message).contains("baselines").contains("maxPipelines = 2"));
            assertThat(monitor.removePerformanceBaseline("p0")).isTrue();
            monitor.setPerformanceBaseline("p9", 1.0); // a place is free again
            assertThat(monitor.getPerformanceBaselines()).containsOnlyKeys("p1", "p9");
        }
    }

    @Test
    void namesLongerThanMaxNameLengthAreRefusedNamingTheArgument() {
        String tooLong = "x".repeat(41);
        String fits = "y".repeat(40);
        MetricSource source = () -> Map.of(tooLong, 1.0, fits, 2.0);
        try (ProductionMonitor monitor = ProductionMonitor.builder().maxNameLength(40).metricSource(source)
                .resourceMonitor(FakeResourceMonitor.constant(1)).build()) {
            assertThat(monitor.getMaxNameLength()).isEqualTo(40);
            assertThatIllegalArgumentException().isThrownBy(() -> monitor.setThreshold(tooLong, 1.0))
                    .withMessageContaining("metricName").withMessageContaining("maxNameLength");
            assertThatIllegalArgumentException().isThrownBy(() -> monitor.recordMetric(tooLong, 1.0))
                    .withMessageContaining("name");
            assertThatIllegalArgumentException().isThrownBy(() -> monitor.recordPipelineExecution(tooLong, 1.0, true))
                    .withMessageContaining("pipelineName");
            assertThatIllegalArgumentException().isThrownBy(() -> monitor.setPerformanceBaseline(tooLong, 1.0))
                    .withMessageContaining("pipelineName");
            assertThatIllegalArgumentException().isThrownBy(() -> monitor.pipeline(tooLong))
                    .withMessageContaining("pipelineName");
            monitor.runCycle();
            assertThat(monitor.getMetricHistory(fits)).containsExactly(2.0);
            assertThat(monitor.getMetricHistory(tooLong)).isEmpty();
            assertThat(monitor.getInvalidReadings()).isEqualTo(1);
            monitor.recordPipelineExecution(fits, 1.0, true);
            assertThat(monitor.getPipelineHealthReport().pipelines()).containsOnlyKeys(fits);
        }
        assertThat(AdvancedMonitor.DEFAULT_MAX_NAME_LENGTH).isEqualTo(256);
        assertThatIllegalArgumentException().isThrownBy(() -> AdvancedMonitor.builder().maxNameLength(0))
                .withMessageContaining("maxNameLength");
    }
}
