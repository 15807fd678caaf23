package io.calibrax.spring;

import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SpringEnvironmentConfigTest {

    /** As Boot orders them: command line, environment variables, then application.yml. */
    private static StandardEnvironment environment(Map<String, Object> variables, Map<String, Object> applicationYml,
                                                   String... commandLine) {
        StandardEnvironment environment = new StandardEnvironment();
        MutablePropertySources sources = environment.getPropertySources();
        sources.remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        sources.remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
        sources.addLast(new SimpleCommandLinePropertySource(commandLine));
        sources.addLast(new SystemEnvironmentPropertySource("systemEnvironment", variables));
        sources.addLast(new MapPropertySource("application.yml", applicationYml));
        return environment;
    }

    @Test
    void readsEveryCalibraxPropertyWithSpringsPrecedence() {
        Map<String, Object> yml = new LinkedHashMap<>();
        yml.put("calibrax.alerts.max-alerts", "100");
        yml.put("calibrax.slack.username", "ops-bot");
        yml.put("calibrax.monitor.repeat-interval", "${reminder:15m}");
        yml.put("server.port", "8080");
        SpringEnvironmentConfig config = SpringEnvironmentConfig.from(environment(
                Map.of("CALIBRAX_ALERTS_MAX_ALERTS", "200", "CALIBRAX_ROUTE_PAGER", "severity=\"critical\""), yml,
                "--calibrax.slack.username=cli-bot"));

        assertThat(config.getInt("calibrax.alerts.max-alerts", 0)).isEqualTo(200);
        assertThat(config.get("calibrax.slack.username")).contains("cli-bot");
        assertThat(config.getDuration("calibrax.monitor.repeat-interval")).contains(Duration.ofMinutes(15));
        assertThat(config.get("calibrax.route.pager")).contains("severity=\"critical\"");
        assertThat(config.get("server.port")).contains("8080"); // any key is looked up, but only ours are listed
        assertThat(config.keys()).containsExactlyInAnyOrder("calibrax.alerts.max-alerts", "calibrax.slack.username",
                "calibrax.monitor.repeat-interval", "CALIBRAX_ALERTS_MAX_ALERTS", "CALIBRAX_ROUTE_PAGER");
    }

    @Test
    void yamlListsReadAsCommaSeparatedValues() {
        Map<String, Object> yml = new LinkedHashMap<>();
        yml.put("calibrax.plugins.disabled[1]", "email");
        yml.put("calibrax.plugins.disabled[0]", "slack");
        yml.put("calibrax.email.to", "a@example.com, b@example.com");
        SpringEnvironmentConfig config = SpringEnvironmentConfig.from(environment(Map.of(), yml));

        assertThat(config.getList("calibrax.plugins.disabled")).containsExactly("slack", "email");
        assertThat(config.getList("calibrax.email.to")).containsExactly("a@example.com", "b@example.com");
        assertThat(config.keys()).contains("calibrax.plugins.disabled").doesNotContain("calibrax.plugins.disabled[0]");
    }

    @Test
    void aBlankValueAboveSwitchesAKeyOff() {
        SpringEnvironmentConfig config = SpringEnvironmentConfig.from(environment(Map.of(),
                Map.of("calibrax.slack.webhook-url", "https://hooks.slack.com/services/T/B/secret"),
                "--calibrax.slack.webhook-url="));
        assertThat(config.get("calibrax.slack.webhook-url")).isEmpty();
        assertThat(config.has("calibrax.slack.webhook-url")).isFalse();
    }

    @Test
    void toStringNamesKeysButNeverValues() {
        SpringEnvironmentConfig config = SpringEnvironmentConfig.from(environment(Map.of(),
                Map.of("calibrax.slack.webhook-url", "https://hooks.slack.com/services/T/B/secret")));
        assertThat(config.toString()).contains("calibrax.slack.webhook-url").doesNotContain("secret");
    }
}
