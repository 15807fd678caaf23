package io.calibrax.internal;

import io.calibrax.spi.CalibraxConfig;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigKeysTest {
    private final ConfigKeys known = ConfigKeys.discover(PluginLoader.open(CalibraxConfig.empty()));

    @Test
    void aMisspeltKeyIsNamedWithTheNearestKnownOne() {
        CalibraxConfig config = CalibraxConfig.of(Map.of(
                "calibrax.watch.threshold", "cpu_percent>90",
                "calibrax.console.min-severty", "warning",
                "calibrax.alerts.maxalerts", "10"));

        assertThat(known.unknown(config)).containsExactly(
                "Unknown configuration key calibrax.alerts.maxalerts: no part of Calibrax or its plugins reads it; "
                        + "did you mean calibrax.alerts.max-alerts?",
                "Unknown configuration key calibrax.console.min-severty: no part of Calibrax or its plugins reads it; "
                        + "did you mean calibrax.console.min-severity?",
                "Unknown configuration key calibrax.watch.threshold: no part of Calibrax or its plugins reads it; "
                        + "did you mean calibrax.watch.thresholds?");
    }

    @Test
    void anEnvironmentVariableIsNamedAsOne() {
        CalibraxConfig config = new CalibraxConfig() {
            @Override
            public java.util.Optional<String> get(String key) {
                return java.util.Optional.empty();
            }

            @Override
            public Set<String> keys() {
                return Set.of("CALIBRAX_CONSOLE_ENABLD", "CALIBRAX_CONSOLE_ENABLED", "CALIBRAX_ROUTE_SLACK",
                        "CALIBRAX_CONFIG");
            }
        };

        assertThat(known.unknown(config)).containsExactly("Unknown environment variable CALIBRAX_CONSOLE_ENABLD: "
                + "no part of Calibrax or its plugins reads it; did you mean CALIBRAX_CONSOLE_ENABLED?");
    }

    @Test
    void knownKeysFamiliesAndOtherPrefixesPass() {
        CalibraxConfig config = CalibraxConfig.of(Map.of(
                "calibrax.console.enabled", "true", "calibrax.route.slack", "severity=critical",
                "calibrax.mute.email", "sat-sun", "calibrax.fallback.slack", "email", "calibrax.inhibit", "a=b -> c=d on x",
                "calibrax.labels", "service=api", "calibrax.shutdown-hook", "false", "calibrax.ui.token", "t",
                "calibrax.console.allow-insecure", "true", "example.webhook.url", "http://x"));

        assertThat(known.unknown(config)).isEmpty();
    }

    @Test
    void aKeyFarFromEveryKnownOneGetsNoGuess() {
        List<String> problems = known.unknown(CalibraxConfig.of(Map.of("calibrax.zebra-crossing.width", "3")));

        assertThat(problems).singleElement().asString().contains("calibrax.zebra-crossing.width")
                .doesNotContain("did you mean");
    }

    @Test
    void aProvidersDeclaredKeysAndFamiliesAreKnown() {
        ConfigKeys keys = ConfigKeys.of(List.of("example.a", "calibrax.thing.", "calibrax.x.y"));

        assertThat(keys.isKnown("calibrax.thing.anything")).isTrue();
        assertThat(keys.isKnown("calibrax.x.y")).isTrue();
        assertThat(keys.isKnown("calibrax.x.z")).isFalse();
    }
}
