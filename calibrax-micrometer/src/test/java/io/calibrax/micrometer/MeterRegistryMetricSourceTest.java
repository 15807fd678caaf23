package io.calibrax.micrometer;

import io.calibrax.api.Alert;
import io.calibrax.api.AlertSeverity;
import io.calibrax.monitoring.AdvancedMonitor;
import io.calibrax.monitoring.AlertManager;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class MeterRegistryMetricSourceTest {

    @Test
    void anApplicationGaugeFeedsAThresholdThatAlerts() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        AtomicInteger active = new AtomicInteger(3);
        Gauge.builder("pool.active", active, AtomicInteger::get).tag("pool", "main").register(registry);
        try (AlertManager alerts = new AlertManager();
             AdvancedMonitor monitor = new AdvancedMonitor(alerts, null, null)) {
            monitor.addMetricSource(new MeterRegistryMetricSource(registry));
            monitor.setThreshold("pool.active{pool=main}", 10);

            monitor.runCycle();
            assertThat(alerts.getRecentAlerts()).isEmpty();
            assertThat(monitor.getMetricHistory("pool.active{pool=main}")).containsExactly(3.0);

            active.set(25); // 2.5x the threshold
            monitor.runCycle();
            List<Alert> raised = alerts.getRecentAlerts();
            assertThat(raised).hasSize(1);
            assertThat(raised.get(0).metricName()).isEqualTo("pool.active{pool=main}");
            assertThat(raised.get(0).metricValue()).isEqualTo(25.0);
            assertThat(raised.get(0).severity()).isEqualTo(AlertSeverity.CRITICAL);
        }
    }

    @Test
    void aTimerPercentileFeedsAThreshold() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Timer requests = Timer.builder("http.server.requests").publishPercentiles(0.5, 0.99)
                .tag("uri", "/api").register(registry);
        for (int i = 0; i < 95; i++) {
            requests.record(Duration.ofMillis(10));
        }
        for (int i = 0; i < 5; i++) {
            requests.record(Duration.ofSeconds(3));
        }
        try (AlertManager alerts = new AlertManager();
             AdvancedMonitor monitor = new AdvancedMonitor(alerts, null, null)) {
            monitor.addMetricSource(new MeterRegistryMetricSource(registry, id -> id.getName().startsWith("http.")));
            monitor.setThreshold("http.server.requests.p99{uri=/api}", 1.0);
            monitor.runCycle();
            assertThat(alerts.getRecentAlerts()).singleElement()
                    .satisfies(alert -> assertThat(alert.metricName()).isEqualTo("http.server.requests.p99{uri=/api}"));
        }
    }

    @Test
    void readingsAreNamedByMeterStatisticAndTagsAndLeaveCalibraxOwnMetersOut() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Counter.builder("jobs.done").register(registry).increment(4);
        Timer timer = Timer.builder("db.query").publishPercentiles(0.999).register(registry);
        timer.record(Duration.ofMillis(200));
        timer.record(Duration.ofMillis(400));
        DistributionSummary.builder("payload.bytes").tags("dir", "in", "api", "v1").register(registry).record(512);
        Gauge.builder("calibrax.latency", () -> 1.0).register(registry);
        Gauge.builder("broken", () -> Double.NaN).register(registry);

        Map<String, Double> readings = new MeterRegistryMetricSource(registry).collect();

        assertThat(readings.get("db.query.sum")).isCloseTo(0.6, within(1e-9));
        assertThat(readings.get("db.query.mean")).isCloseTo(0.3, within(1e-9));
        assertThat(readings.get("db.query.p99.9")).isCloseTo(0.4, within(0.02));
        assertThat(readings).containsEntry("jobs.done", 4.0)
                .containsEntry("db.query.count", 2.0)
                .containsEntry("db.query.max", 0.4)
                // the percentile gauges a registry adds for the timer are its readings already
                .doesNotContainKey("db.query.percentile{phi=0.999}")
                .containsEntry("payload.bytes.count{api=v1,dir=in}", 1.0)
                .containsEntry("payload.bytes.sum{api=v1,dir=in}", 512.0)
                .doesNotContainKeys("calibrax.latency", "broken");
    }

    @Test
    void percentilesAreNamedLikeTheirLabels() {
        assertThat(MeterRegistryMetricSource.percentileName(0.99)).isEqualTo("99");
        assertThat(MeterRegistryMetricSource.percentileName(0.5)).isEqualTo("50");
        assertThat(MeterRegistryMetricSource.percentileName(0.999)).isEqualTo("99.9");
    }

    @Test
    void refusesNulls() {
        assertThatThrownBy(() -> new MeterRegistryMetricSource(null)).hasMessageContaining("registry");
        assertThatThrownBy(() -> new MeterRegistryMetricSource(new SimpleMeterRegistry(), null))
                .hasMessageContaining("filter");
    }
}
