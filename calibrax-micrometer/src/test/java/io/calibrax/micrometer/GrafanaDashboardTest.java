package io.calibrax.micrometer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.calibrax.api.AlertSeverity;
import io.calibrax.monitoring.AlertManager;
import io.calibrax.monitoring.ProductionMonitor;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The Grafana dashboard shipped in grafana/ graphs series that the binder really exports. */
class GrafanaDashboardTest {
    static final Path DASHBOARD = Path.of("grafana", "calibrax-dashboard.json");
    private static final Pattern SERIES = Pattern.compile("\\bcalibrax_[a-z0-9_]+");

    /** Every panel query, with Grafana's variables replaced so that Prometheus can run it as is. */
    static List<String> queries() throws IOException {
        List<String> queries = new ArrayList<>();
        for (JsonNode panel : new ObjectMapper().readTree(DASHBOARD.toFile()).path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                queries.add(target.path("expr").asText().replace("$__rate_interval", "1m")
                        .replace("$job", ".*").replace("$instance", ".*"));
            }
        }
        return queries;
    }

    @Test
    void hasThePanelsTheIssueAsksFor() throws IOException {
        List<String> titles = new ArrayList<>();
        new ObjectMapper().readTree(DASHBOARD.toFile()).path("panels").forEach(panel -> titles.add(panel.path("title").asText()));
        assertThat(titles).contains("Pipeline executions per second", "Pipeline failures per second",
                "Pipeline p95 execution time", "Pipeline health", "GPU utilization", "GPU memory used",
                "GPU temperature", "Alerts by severity", "Handler failures");
    }

    @Test
    void everySeriesItQueriesIsOneTheBinderExports() throws IOException {
        Set<String> queried = new TreeSet<>();
        for (String query : queries()) {
            Matcher series = SERIES.matcher(query);
            while (series.find()) {
                queried.add(series.group());
            }
        }
        assertThat(queried).hasSizeGreaterThanOrEqualTo(8);

        try (AlertManager alerts = new AlertManager();
             ProductionMonitor monitor = new ProductionMonitor(alerts, null, null);
             CalibraxMeterBinder binder = new CalibraxMeterBinder(monitor)) {
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            alerts.addAlertHandler(alert -> { }, "slack");
            monitor.recordPipelineExecution("etl", 1, false);
            monitor.recordMetric("gpu_utilization", 90);
            monitor.recordMetric("gpu_memory_mb", 2048);
            monitor.recordMetric("gpu_temperature_c", 70);
            alerts.triggerAlert("hot", AlertSeverity.ERROR, "gpu_temperature_c", 70, 60);
            binder.bindTo(registry);
            Set<String> exported = registry.scrape().lines().filter(line -> !line.startsWith("#"))
                    .map(line -> line.split("[{ ]", 2)[0]).collect(Collectors.toSet());

            assertThat(exported).containsAll(queried);
        }
    }
}
