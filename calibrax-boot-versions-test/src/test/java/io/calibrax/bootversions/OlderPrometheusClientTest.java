package io.calibrax.bootversions;

import io.calibrax.micrometer.CalibraxMeterBinder;
import io.calibrax.monitoring.AlertManager;
import io.calibrax.monitoring.ProductionMonitor;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An application built with Spring Boot 4.0's dependency management runs Micrometer 1.16 and the
 * Prometheus client 1.4: binding Calibrax to its Prometheus registry must work there too, with the
 * pipelines exported as meters since that client cannot take the pipeline collector.
 */
class OlderPrometheusClientTest {

    @Test
    void theClientIsTheOlderOne() {
        assertThatThrownBy(() -> Class.forName("io.prometheus.metrics.model.snapshots.MetricFamilyDescriptor"))
                .isInstanceOf(ClassNotFoundException.class);
        assertThat(io.micrometer.core.instrument.Meter.class.getPackage().getImplementationVersion()).startsWith("1.16.");
    }

    @Test
    void pipelinesReachAScrapeAsMetersOnTheOlderClient() {
        try (AlertManager alerts = new AlertManager();
             ProductionMonitor monitor = new ProductionMonitor(alerts);
             CalibraxMeterBinder binder = new CalibraxMeterBinder(monitor)) {
            for (int i = 0; i < 4; i++) {
                monitor.recordPipelineExecution("etl", 0.25, i != 3);
            }
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            binder.bindTo(registry);
            String scrape = registry.scrape();
            assertThat(scrape)
                    .contains("calibrax_pipeline_executions_total{outcome=\"success\",pipeline=\"etl\"} 3.0")
                    .contains("calibrax_pipeline_executions_total{outcome=\"failure\",pipeline=\"etl\"} 1.0")
                    .contains("calibrax_pipeline_duration_seconds_count{pipeline=\"etl\"} 4")
                    .contains("calibrax_pipeline_health{pipeline=\"etl\"}")
                    .contains("calibrax_alerts_total{severity=\"critical\"}");
            registry.close();
        }
    }
}
