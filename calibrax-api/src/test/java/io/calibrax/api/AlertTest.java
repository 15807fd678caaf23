package io.calibrax.api;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AlertTest {

    @Test
    void toMapUsesThePythonKeys() {
        Instant at = Instant.ofEpochSecond(1_700_000_000L, 250_000_000);
        Alert alert = new Alert("Throughput below minimum", AlertSeverity.WARNING, "throughput", 850.0, 1000.0, at,
                Map.of("trend", "decreasing"));

        Map<String, Object> map = alert.toMap();

        assertThat(map).containsOnlyKeys("message", "severity", "metric_name", "metric_value", "threshold",
                "timestamp", "metadata", "labels");
        assertThat(map.get("message")).isEqualTo("Throughput below minimum");
        assertThat(map.get("severity")).isEqualTo("warning");
        assertThat(map.get("metric_name")).isEqualTo("throughput");
        assertThat(map.get("metric_value")).isEqualTo(850.0);
        assertThat(map.get("threshold")).isEqualTo(1000.0);
        assertThat(map.get("timestamp")).isEqualTo(1_700_000_000.25);
        assertThat(map.get("metadata")).isEqualTo(Map.of("trend", "decreasing"));
        assertThat(map.get("labels")).isEqualTo(Map.of("metric", "throughput"));
    }

    @Test
    void labelsAreCopiedCheckedAndAlwaysNameTheMetric() {
        java.util.Map<String, String> given = new java.util.HashMap<>(Map.of("service", "api"));
        Alert alert = new Alert("m", AlertSeverity.ERROR, "disk", 1, 0, Instant.EPOCH, Map.of(), given);
        given.put("env", "prod");

        assertThat(alert.labels()).containsExactlyInAnyOrderEntriesOf(Map.of("metric", "disk", "service", "api"));
        assertThatThrownBy(() -> alert.labels().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(new Alert("m", AlertSeverity.ERROR, "disk", 1, 0, Instant.EPOCH, null, null).labels())
                .isEqualTo(Map.of("metric", "disk"));
        assertThatThrownBy(() -> new Alert("m", AlertSeverity.ERROR, "disk", 1, 0, Instant.EPOCH, Map.of(),
                Map.of("bad-name", "x"))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bad-name");
        assertThatThrownBy(() -> Labels.parse("service=api,1x=y")).hasMessageContaining("1x");
        assertThat(Labels.parse(" service = api , env=prod ")).containsExactly(Map.entry("service", "api"),
                Map.entry("env", "prod"));
    }

    @Test
    void defaultLabelsNeverOverrideTheAlertsOwn() {
        Alert alert = new Alert("m", AlertSeverity.ERROR, "disk", 1, 0, Instant.EPOCH, Map.of(), Map.of("env", "dev"));

        Alert labelled = alert.withDefaultLabels(Map.of("env", "prod", "service", "api"));

        assertThat(labelled.labels()).containsEntry("env", "dev").containsEntry("service", "api")
                .containsEntry("metric", "disk");
        assertThat(labelled.withLabel("gpu", "1").labels()).containsEntry("gpu", "1");
    }

    @Test
    void metadataIsCopiedAndUnmodifiable() {
        Map<String, Object> metadata = new HashMap<>();
        metadata.put("error", "timeout");
        metadata.put("detail", null);
        Alert alert = new Alert("m", AlertSeverity.ERROR, "x", 1, 2, Instant.now(), metadata);
        metadata.put("error", "changed");

        assertThat(alert.metadata()).containsEntry("error", "timeout").containsEntry("detail", null);
        assertThatThrownBy(() -> alert.metadata().put("k", "v")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(new Alert("m", AlertSeverity.ERROR, "x", 1, 2, Instant.now(), null).metadata()).isEmpty();
    }

    @Test
    void badArgumentsAreRefusedNamingTheArgument() {
        Instant now = Instant.now();
        assertThatNullPointerException().isThrownBy(() -> new Alert(null, AlertSeverity.INFO, "m", 1, 1, now, null))
                .withMessage("message");
        assertThatNullPointerException().isThrownBy(() -> new Alert("x", null, "m", 1, 1, now, null))
                .withMessage("severity");
        assertThatNullPointerException().isThrownBy(() -> new Alert("x", AlertSeverity.INFO, null, 1, 1, now, null))
                .withMessage("metricName");
        assertThatNullPointerException().isThrownBy(() -> new Alert("x", AlertSeverity.INFO, "m", 1, 1, null, null))
                .withMessage("timestamp");
        assertThatThrownBy(() -> new Alert("x", AlertSeverity.INFO, "", 1, 1, now, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("metricName");
        assertThatThrownBy(() -> new Alert("x", AlertSeverity.INFO, "m", Double.NaN, 1, now, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("metricValue");
        assertThatThrownBy(() -> new Alert("x", AlertSeverity.INFO, "m", 1, Double.NEGATIVE_INFINITY, now, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("threshold");
        Map<String, Object> nullKey = new HashMap<>();
        nullKey.put(null, "v");
        assertThatNullPointerException().isThrownBy(() -> new Alert("x", AlertSeverity.INFO, "m", 1, 1, now, nullKey))
                .withMessageContaining("metadata key");
    }

    @Test
    void severityValuesParseAndOrder() {
        assertThat(AlertSeverity.fromValue("warning")).isEqualTo(AlertSeverity.WARNING);
        assertThat(AlertSeverity.fromValue(" CRITICAL ")).isEqualTo(AlertSeverity.CRITICAL);
        assertThat(AlertSeverity.INFO.value()).isEqualTo("info");
        assertThat(AlertSeverity.ERROR.value()).isEqualTo("error");
        assertThat(AlertSeverity.values()).containsExactly(AlertSeverity.INFO, AlertSeverity.WARNING,
                AlertSeverity.ERROR, AlertSeverity.CRITICAL);
        assertThat(AlertSeverity.ERROR.isAtLeast(AlertSeverity.WARNING)).isTrue();
        assertThat(AlertSeverity.INFO.isAtLeast(AlertSeverity.WARNING)).isFalse();
        assertThatThrownBy(() -> AlertSeverity.fromValue("fatal")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fatal");
        assertThatThrownBy(() -> AlertSeverity.fromValue(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("value");
    }

    @Test
    void healthStatusValuesAndWorst() {
        assertThat(HealthStatus.HEALTHY.value()).isEqualTo("healthy");
        assertThat(HealthStatus.DEGRADED.value()).isEqualTo("degraded");
        assertThat(HealthStatus.CRITICAL.value()).isEqualTo("critical");
        assertThat(HealthStatus.HEALTHY.worst(HealthStatus.DEGRADED)).isEqualTo(HealthStatus.DEGRADED);
        assertThat(HealthStatus.CRITICAL.worst(HealthStatus.DEGRADED)).isEqualTo(HealthStatus.CRITICAL);
    }

    @Test
    void lambdaIsAHandlerWithADefaultNameAndNoOpClose() throws Exception {
        StringBuilder seen = new StringBuilder();
        AlertHandler handler = alert -> seen.append(alert.message());
        handler.handle(new Alert("hello", AlertSeverity.INFO, "m", 1, 1));
        handler.close();
        assertThat(seen).hasToString("hello");
        assertThat(handler.name()).isEqualTo("handler");
    }
}
