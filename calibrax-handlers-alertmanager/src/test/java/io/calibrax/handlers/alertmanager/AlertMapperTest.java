package io.calibrax.handlers.alertmanager;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.calibrax.api.Alert;
import io.calibrax.api.AlertSeverity;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

class AlertMapperTest {
    private final AlertMapper mapper = new AlertMapper("host-a", Map.of("env", "prod"), List.of("pipeline", "gpu"),
            new ObjectMapper());

    private static Alert alert(AlertSeverity severity, Map<String, ?> metadata) {
        return new Alert("msg", severity, "pipeline_etl_time", 12.5, 10, Instant.now(), Alert.copyMetadata(metadata));
    }

    @Test
    void identityMetadataBecomesLabelsAndVolatileMetadataStaysAnAnnotation() {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("pipeline", "etl");
        metadata.put("gpu", 1);
        metadata.put("trend", "increasing");
        metadata.put("error", "timeout after 30s");
        metadata.put("tags", List.of("a", "b"));
        metadata.put("nothing", null);
        Alert alert = alert(AlertSeverity.WARNING, metadata);

        Map<String, String> labels = mapper.labels(alert);
        Map<String, String> annotations = mapper.annotations(alert, labels);

        assertThat(labels).containsOnly(entry("alertname", "pipeline_etl_time"), entry("severity", "warning"),
                entry("instance", "host-a"), entry("env", "prod"), entry("pipeline", "etl"), entry("gpu", "1"));
        assertThat(annotations).containsOnly(entry("summary", "msg"), entry("value", "12.5"), entry("threshold", "10"),
                entry("trend", "increasing"), entry("error", "timeout after 30s"), entry("tags", "[\"a\",\"b\"]"));
    }

    @Test
    void theAlertsOwnLabelsMapOneToOneAndBeatTheHandlersStaticOnes() {
        Alert alert = new Alert("msg", AlertSeverity.ERROR, "disk", 1, 0, Instant.now(), Map.of(),
                Map.of("service", "api", "env", "staging"));

        assertThat(mapper.labels(alert)).containsOnly(entry("alertname", "disk"), entry("severity", "error"),
                entry("instance", "host-a"), entry("env", "staging"), entry("service", "api"));
    }

    @Test
    void trendDoesNotChangeTheIdentity() {
        Map<String, String> rising = mapper.labels(alert(AlertSeverity.WARNING, Map.of("trend", "increasing")));
        Map<String, String> stable = mapper.labels(alert(AlertSeverity.WARNING, Map.of("trend", "stable")));
        assertThat(rising).isEqualTo(stable);
    }

    @Test
    void identityIgnoresSeverityOnly() {
        Map<String, String> warning = mapper.labels(alert(AlertSeverity.WARNING, Map.of("pipeline", "etl")));
        Map<String, String> critical = mapper.labels(alert(AlertSeverity.CRITICAL, Map.of("pipeline", "etl")));
        Map<String, String> other = mapper.labels(alert(AlertSeverity.CRITICAL, Map.of("pipeline", "train")));
        assertThat(AlertMapper.identity(warning)).isEqualTo(AlertMapper.identity(critical))
                .isNotEqualTo(AlertMapper.identity(other));
    }

    @Test
    void metadataNamesAreMadeValidAndNeverOverwriteOurAnnotations() {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("model.version", "v2");
        metadata.put("9lives", true);
        metadata.put("summary", "from metadata");
        Alert alert = alert(AlertSeverity.ERROR, metadata);
        Map<String, String> annotations = mapper.annotations(alert, mapper.labels(alert));
        assertThat(annotations).contains(entry("model_version", "v2"), entry("_9lives", "true"),
                entry("summary", "msg"), entry("metadata_summary", "from metadata"));
        assertThat(annotations.keySet()).allMatch(LabelNames::isValid);
    }

    @Test
    void resolutionIsMetadataStateResolved() {
        assertThat(AlertMapper.isResolution(alert(AlertSeverity.INFO, Map.of("state", "resolved")))).isTrue();
        assertThat(AlertMapper.isResolution(alert(AlertSeverity.INFO, Map.of("state", "Resolved ")))).isTrue();
        assertThat(AlertMapper.isResolution(alert(AlertSeverity.INFO, Map.of("state", "firing")))).isFalse();
        assertThat(AlertMapper.isResolution(alert(AlertSeverity.INFO, Map.of()))).isFalse();
    }

    @Test
    void numbersArePlainDecimals() {
        assertThat(AlertMapper.number(1500.0)).isEqualTo("1500");
        assertThat(AlertMapper.number(0.95)).isEqualTo("0.95");
        assertThat(AlertMapper.number(-2.0)).isEqualTo("-2");
        assertThat(AlertMapper.number(1e-7)).isEqualTo("0.0000001");
    }
}
