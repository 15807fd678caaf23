package io.calibrax.spring;

import io.calibrax.spi.AlertHandlerProvider;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** The metadata IDEs complete {@code calibrax.*} from. */
class ConfigurationMetadataTest {

    private static Set<String> documentedKeys() throws IOException {
        try (InputStream in = ConfigurationMetadataTest.class.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).as("META-INF/spring-configuration-metadata.json").isNotNull();
            JsonNode metadata = JsonMapper.builder().build().readTree(in);
            Set<String> names = new TreeSet<>();
            metadata.get("properties").forEach(property -> {
                assertThat(property.get("description").asText()).as(property.toString()).isNotBlank();
                assertThat(names.add(property.get("name").asText())).as("documented once: " + property).isTrue();
            });
            return names;
        }
    }

    @Test
    void documentsCoreRoutingAndStarterKeys() throws IOException {
        assertThat(documentedKeys()).contains("calibrax.alerts.max-alerts", "calibrax.alerts.queue-capacity",
                "calibrax.alerts.close-timeout", "calibrax.monitor.history-size", "calibrax.monitor.repeat-interval",
                CalibraxMonitoringLifecycle.INTERVAL, "calibrax.plugins.disabled", "calibrax.labels", "calibrax.route",
                "calibrax.mute", "calibrax.inhibit", "calibrax.fallback", "calibrax.fallback.after");
    }

    @Test
    void documentsEveryKeyTheHandlersOnTheClassPathDeclare() throws IOException {
        Set<String> documented = documentedKeys();
        ServiceLoader.load(AlertHandlerProvider.class).forEach(provider ->
                assertThat(documented).as(provider.name()).containsAll(provider.configKeys()));
    }
}
