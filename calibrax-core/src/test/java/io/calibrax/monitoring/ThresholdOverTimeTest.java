package io.calibrax.monitoring;

import io.calibrax.api.Alert;
import io.calibrax.api.AlertSeverity;
import io.calibrax.testing.FakeResourceMonitor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** forDuration, keepFiringFor and alertOnMissing, driven by an injected clock. */
class ThresholdOverTimeTest {
    private final AtomicLong clock = new AtomicLong();
    private final List<AdvancedMonitor> monitors = new ArrayList<>();

    @AfterEach
    void closeAll() {
        monitors.forEach(AdvancedMonitor::close);
    }

    private AdvancedMonitor monitor(String metric, Threshold threshold) {
        AdvancedMonitor monitor = AdvancedMonitor.builder().resourceMonitor(FakeResourceMonitor.constant(1))
                .ticker(clock::get).repeatInterval(Duration.ofHours(1)).build();
        monitors.add(monitor);
        monitor.setThreshold(metric, threshold);
        return monitor;
    }

    private static List<Alert> alerts(AdvancedMonitor monitor, String metric) {
        List<Alert> alerts = new ArrayList<>(monitor.getAlertManager().getRecentAlerts(1000));
        Collections.reverse(alerts);
        return alerts.stream().filter(alert -> alert.metricName().equals(metric)).toList();
    }

    private void advance(Duration duration) {
        clock.addAndGet(duration.toNanos());
    }

    private static Threshold.State state(AdvancedMonitor monitor, String metric) {
        return monitor.getThresholdStates().get(metric);
    }

    @Test
    void forDurationFiresOnlyOnceTheBreachHasLastedThatLong() {
        AdvancedMonitor monitor = monitor("latency", Threshold.above(1.0).forDuration(Duration.ofMinutes(5)));
        monitor.recordMetric("latency", 2.0);
        assertThat(state(monitor, "latency")).isEqualTo(Threshold.State.PENDING);
        advance(Duration.ofMinutes(4));
        monitor.recordMetric("latency", 2.5);
        assertThat(alerts(monitor, "latency")).isEmpty();
        advance(Duration.ofMinutes(1));
        monitor.recordMetric("latency", 3.0);
        assertThat(alerts(monitor, "latency")).singleElement().satisfies(alert -> {
            assertThat(alert.message()).startsWith("latency exceeded threshold: 3.00 > 1.00");
            assertThat(alert.metadata()).containsEntry("state", "firing");
        });
        assertThat(state(monitor, "latency")).isEqualTo(Threshold.State.FIRING);
    }

    @Test
    void aBreachThatEndsBeforeItsDurationNeverFiresAndStartsOver() {
        AdvancedMonitor monitor = monitor("latency", Threshold.above(1.0).forDuration(Duration.ofMinutes(5)));
        monitor.recordMetric("latency", 2.0);
        advance(Duration.ofMinutes(4));
        monitor.recordMetric("latency", 0.5); // recovered: the pending breach ends
        assertThat(state(monitor, "latency")).isEqualTo(Threshold.State.INACTIVE);
        monitor.recordMetric("latency", 2.0);
        advance(Duration.ofMinutes(4));
        monitor.runCycle();
        monitor.recordMetric("latency", 2.0);
        assertThat(alerts(monitor, "latency")).isEmpty();
        assertThat(state(monitor, "latency")).isEqualTo(Threshold.State.PENDING);
    }

    @Test
    void theCycleFiresAPendingBreachWhoseDurationIsUpWithoutANewReading() {
        AdvancedMonitor monitor = monitor("queue", Threshold.above(10).forDuration(Duration.ofMinutes(5)));
        monitor.recordMetric("queue", 50);
        advance(Duration.ofMinutes(5));
        monitor.runCycle();
        assertThat(alerts(monitor, "queue")).singleElement()
                .satisfies(alert -> assertThat(alert.severity()).isEqualTo(AlertSeverity.CRITICAL));
    }

    @Test
    void keepFiringForHoldsTheResolvedAlertUntilTheValueHasStayedBackThatLong() {
        AdvancedMonitor monitor = monitor("cpu", Threshold.above(90).keepFiringFor(Duration.ofMinutes(10)));
        monitor.recordMetric("cpu", 95);
        assertThat(alerts(monitor, "cpu")).hasSize(1);
        advance(Duration.ofMinutes(1));
        monitor.recordMetric("cpu", 50);
        advance(Duration.ofMinutes(5));
        monitor.recordMetric("cpu", 95); // back in breach within the time: still firing, no new alert
        monitor.recordMetric("cpu", 50);
        advance(Duration.ofMinutes(9));
        monitor.recordMetric("cpu", 50);
        monitor.runCycle();
        assertThat(alerts(monitor, "cpu")).hasSize(1);
        assertThat(state(monitor, "cpu")).isEqualTo(Threshold.State.FIRING);

        advance(Duration.ofMinutes(1)); // 10 minutes since it recovered for good: the cycle resolves it
        monitor.runCycle();
        List<Alert> alerts = alerts(monitor, "cpu");
        assertThat(alerts).hasSize(2);
        assertThat(alerts.get(1).severity()).isEqualTo(AlertSeverity.INFO);
        assertThat(alerts.get(1).metadata()).containsEntry("state", "resolved");
        assertThat(alerts.get(1).message()).startsWith("cpu back within threshold: 50.00 <= 90.00");
        assertThat(state(monitor, "cpu")).isEqualTo(Threshold.State.INACTIVE);
    }

    @Test
    void withoutKeepFiringForARecoveryResolvesAtOnce() {
        AdvancedMonitor monitor = monitor("cpu", Threshold.above(90));
        monitor.recordMetric("cpu", 95);
        monitor.recordMetric("cpu", 50);
        assertThat(alerts(monitor, "cpu")).extracting(alert -> alert.metadata().get("state"))
                .containsExactly("firing", "resolved");
    }

    @Test
    void alertOnMissingRaisesNoDataOnceAndResolvesWhenDataReturns() {
        AdvancedMonitor monitor = monitor("throughput", Threshold.below(500).alertOnMissing(Duration.ofMinutes(2)));
        assertThat(state(monitor, "throughput")).isEqualTo(Threshold.State.NO_DATA);
        monitor.recordMetric("throughput", 800);
        assertThat(state(monitor, "throughput")).isEqualTo(Threshold.State.INACTIVE);
        advance(Duration.ofMinutes(1));
        monitor.runCycle();
        assertThat(alerts(monitor, "throughput")).isEmpty();

        advance(Duration.ofMinutes(1));
        monitor.runCycle();
        monitor.runCycle();
        assertThat(alerts(monitor, "throughput")).singleElement().satisfies(alert -> {
            assertThat(alert.message()).isEqualTo("throughput has no data");
            assertThat(alert.severity()).isEqualTo(AlertSeverity.WARNING);
            assertThat(alert.metadata()).containsEntry("state", "firing").containsEntry("condition", "no_data");
            assertThat(alert.metricValue()).isEqualTo(120.0);
            assertThat(alert.threshold()).isEqualTo(120.0);
        });
        assertThat(state(monitor, "throughput")).isEqualTo(Threshold.State.NO_DATA);

        monitor.recordMetric("throughput", 800);
        List<Alert> alerts = alerts(monitor, "throughput");
        assertThat(alerts).hasSize(2);
        assertThat(alerts.get(1).severity()).isEqualTo(AlertSeverity.INFO);
        assertThat(alerts.get(1).metadata()).containsEntry("state", "resolved").containsEntry("condition", "no_data");
        assertThat(state(monitor, "throughput")).isEqualTo(Threshold.State.INACTIVE);
    }

    @Test
    void aMetricThatNeverReportedCountsFromWhenItsThresholdWasSet() {
        AdvancedMonitor monitor = monitor("gpu_temperature_c",
                Threshold.above(85).withSeverity(AlertSeverity.ERROR).alertOnMissing(Duration.ofMinutes(1)));
        advance(Duration.ofMinutes(1));
        monitor.runCycle();
        assertThat(alerts(monitor, "gpu_temperature_c")).singleElement().satisfies(alert -> {
            assertThat(alert.message()).isEqualTo("gpu_temperature_c has no data");
            assertThat(alert.severity()).isEqualTo(AlertSeverity.ERROR);
        });
    }

    @Test
    void consecutiveSamplesShowAsPendingUntilReached() {
        AdvancedMonitor monitor = monitor("latency", Threshold.above(1).withConsecutiveSamples(3));
        monitor.recordMetric("latency", 2);
        monitor.recordMetric("latency", 2);
        assertThat(state(monitor, "latency")).isEqualTo(Threshold.State.PENDING);
        monitor.recordMetric("latency", 2);
        assertThat(state(monitor, "latency")).isEqualTo(Threshold.State.FIRING);
    }

    @Test
    void refinementsAreValuesThatRefuseBadDurationsByName() {
        Threshold threshold = Threshold.above(90).forDuration(Duration.ofMinutes(5)).keepFiringFor(Duration.ofMinutes(2))
                .alertOnMissing(Duration.ofMinutes(1));
        assertThat(threshold.forDuration()).isEqualTo(Duration.ofMinutes(5));
        assertThat(threshold.keepFiringFor()).isEqualTo(Duration.ofMinutes(2));
        assertThat(threshold.missingAfter()).contains(Duration.ofMinutes(1));
        assertThat(threshold).isEqualTo(Threshold.above(90).forDuration(Duration.ofMinutes(5))
                .keepFiringFor(Duration.ofMinutes(2)).alertOnMissing(Duration.ofMinutes(1)));
        assertThat(threshold).isNotEqualTo(Threshold.above(90).forDuration(Duration.ofMinutes(5)));
        assertThat(threshold.toString()).isEqualTo(
                "Threshold.above(90.0).forDuration(PT5M).keepFiringFor(PT2M).alertOnMissing(PT1M)");
        assertThatIllegalArgumentException().isThrownBy(() -> Threshold.above(1).forDuration(Duration.ofSeconds(-1)))
                .withMessageContaining("duration");
        assertThatIllegalArgumentException().isThrownBy(() -> Threshold.above(1).alertOnMissing(Duration.ZERO))
                .withMessageContaining("duration");
    }
}
