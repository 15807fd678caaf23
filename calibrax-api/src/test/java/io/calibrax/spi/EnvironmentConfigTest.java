package io.calibrax.spi;

import io.calibrax.api.AlertSeverity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class EnvironmentConfigTest {
    @TempDir
    Path dir;

    private Path file(String name, String content) throws IOException {
        Path path = dir.resolve(name);
        Files.writeString(path, content, StandardCharsets.UTF_8);
        return path;
    }

    private static Properties props(String... keysAndValues) {
        Properties properties = new Properties();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            properties.setProperty(keysAndValues[i], keysAndValues[i + 1]);
        }
        return properties;
    }

    @Test
    void fileThenEnvironmentThenSystemPropertiesRiseInPriority() throws IOException {
        Path path = file("calibrax.properties", """
                calibrax.a=from-file
                calibrax.b=from-file
                calibrax.slack.webhook-url=from-file
                """);
        Map<String, String> env = Map.of("CALIBRAX_B", "from-env", "CALIBRAX_SLACK_WEBHOOK_URL", "from-env");
        Properties sys = props("calibrax.config", path.toString(), "calibrax.slack.webhook-url", "from-sys");

        CalibraxConfig config = EnvironmentConfig.load(env, sys);

        assertThat(config.get("calibrax.a")).contains("from-file");
        assertThat(config.get("calibrax.b")).contains("from-env");
        assertThat(config.get("calibrax.slack.webhook-url")).contains("from-sys");
        assertThat(config.get("calibrax.absent")).isEmpty();
    }

    @Test
    void environmentVariableNameIsUpperCaseWithUnderscores() {
        assertThat(CalibraxConfig.environmentVariableName("calibrax.slack.webhook-url"))
                .isEqualTo("CALIBRAX_SLACK_WEBHOOK_URL");
        CalibraxConfig config = EnvironmentConfig.load(Map.of("CALIBRAX_EMAIL_MIN_SEVERITY", "error"),
                props("user.dir", dir.toString()));
        assertThat(config.getSeverity("calibrax.email.min-severity")).contains(AlertSeverity.ERROR);
    }

    @Test
    void configFileMayBeNamedByEnvironmentVariableButSystemPropertyWins() throws IOException {
        Path fromEnv = file("env.properties", "calibrax.origin=env-named\n");
        Path fromSys = file("sys.properties", "calibrax.origin=sys-named\n");
        Map<String, String> env = Map.of("CALIBRAX_CONFIG", fromEnv.toString());

        assertThat(EnvironmentConfig.load(env, props("user.dir", dir.toString())).get("calibrax.origin"))
                .contains("env-named");
        assertThat(EnvironmentConfig.load(env, props("calibrax.config", fromSys.toString())).get("calibrax.origin"))
                .contains("sys-named");
    }

    @Test
    void calibraxPropertiesInTheWorkingDirectoryIsReadWhenNoFileIsNamed() throws IOException {
        file("calibrax.properties", "calibrax.console.enabled=true\n");
        CalibraxConfig config = EnvironmentConfig.load(Map.of(), props("user.dir", dir.toString()));
        assertThat(config.getBoolean("calibrax.console.enabled", false)).isTrue();
        assertThat(config.toString()).contains(dir.resolve("calibrax.properties").toString());
    }

    @Test
    void noFileAnywhereIsAnEmptyLayerNotAnError() {
        CalibraxConfig config = EnvironmentConfig.load(Map.of(), props("user.dir", dir.toString()));
        assertThat(config.get("calibrax.console.enabled")).isEmpty();
        assertThat(config.toString()).contains("file=none");
    }

    @Test
    void missingNamedFileIsAnErrorNamingIt() {
        Path missing = dir.resolve("nowhere/calibrax.properties");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> EnvironmentConfig.load(Map.of(), props("calibrax.config", missing.toString())))
                .withMessageContaining(missing.toAbsolutePath().toString())
                .withMessageContaining("system property calibrax.config");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> EnvironmentConfig.load(Map.of("CALIBRAX_CONFIG", missing.toString()), props()))
                .withMessageContaining(missing.toAbsolutePath().toString())
                .withMessageContaining("CALIBRAX_CONFIG");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> CalibraxConfig.fromEnvironment(missing))
                .withMessageContaining(missing.toAbsolutePath().toString());
    }

    @Test
    void malformedFileIsAnErrorNamingIt() throws IOException {
        Path broken = file("broken.properties", "calibrax.x=\\uZZZZ\n");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> EnvironmentConfig.load(broken, Map.of(), props()))
                .withMessageContaining(broken.toAbsolutePath().toString());
    }

    @Test
    void blankValueInAHigherLayerSwitchesTheKeyOff() throws IOException {
        Path path = file("calibrax.properties", "calibrax.slack.webhook-url=https://hooks.example/x\n");
        CalibraxConfig config = EnvironmentConfig.load(Map.of("CALIBRAX_SLACK_WEBHOOK_URL", ""),
                props("calibrax.config", path.toString()));
        assertThat(config.get("calibrax.slack.webhook-url")).isEmpty();
        assertThat(config.has("calibrax.slack.webhook-url")).isFalse();
    }

    @Test
    void valuesAreStrippedAndToStringNeverShowsThem() throws IOException {
        Path path = file("calibrax.properties", "calibrax.email.password=  hunter2  \n");
        CalibraxConfig config = EnvironmentConfig.load(Map.of(), props("calibrax.config", path.toString()));
        assertThat(config.get("calibrax.email.password")).contains("hunter2");
        assertThat(config.getSecret("calibrax.email.password")).hasValueSatisfying(secret -> {
            assertThat(secret.reveal()).isEqualTo("hunter2");
            assertThat(secret.toString()).doesNotContain("hunter2");
        });
        assertThat(config.toString()).doesNotContain("hunter2");
    }

    @Test
    void fromEnvironmentReadsTheRealSystemProperties() throws IOException {
        String key = "calibrax.test.from-environment." + System.nanoTime();
        Path path = file("real.properties", key + "=from-file\ncalibrax.test.only-in-file=true\n");
        System.setProperty("calibrax.config", path.toString());
        System.setProperty(key, "from-sys");
        try {
            CalibraxConfig config = CalibraxConfig.fromEnvironment();
            assertThat(config.get(key)).contains("from-sys");
            assertThat(config.getBoolean("calibrax.test.only-in-file", false)).isTrue();
        } finally {
            System.clearProperty("calibrax.config");
            System.clearProperty(key);
        }
    }

    @Test
    void badDurationIsAnErrorNamingTheKeyAndValue() {
        CalibraxConfig config = CalibraxConfig.of(Map.of("calibrax.monitor.interval", "five seconds",
                "calibrax.negative", "PT-5S"));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> config.getDuration("calibrax.monitor.interval"))
                .withMessageContaining("calibrax.monitor.interval")
                .withMessageContaining("five seconds");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> config.getDuration("calibrax.negative", Duration.ZERO))
                .withMessageContaining("calibrax.negative");
    }

    @Test
    void durationsParseInEveryDocumentedForm() {
        CalibraxConfig config = CalibraxConfig.of(Map.of("ms", "500ms", "s", "10s", "m", "5m", "h", "2h",
                "d", "1d", "iso", "PT10S", "bare", "1.5"));
        assertThat(config.getDuration("ms")).contains(Duration.ofMillis(500));
        assertThat(config.getDuration("s")).contains(Duration.ofSeconds(10));
        assertThat(config.getDuration("m")).contains(Duration.ofMinutes(5));
        assertThat(config.getDuration("h")).contains(Duration.ofHours(2));
        assertThat(config.getDuration("d")).contains(Duration.ofDays(1));
        assertThat(config.getDuration("iso")).contains(Duration.ofSeconds(10));
        assertThat(config.getDuration("bare")).contains(Duration.ofMillis(1500));
        assertThat(config.getDuration("absent", Duration.ofSeconds(3))).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void otherTypedGettersParseOrNameTheKey() {
        CalibraxConfig config = CalibraxConfig.of(Map.of("int", "1_000", "bool", "True", "list", " a, ,b ,c",
                "double", "0.25", "bad.int", "12x", "bad.bool", "maybe", "bad.severity", "loud", "bad.double", "NaN"));
        assertThat(config.getInt("int")).contains(1000);
        assertThat(config.getBoolean("bool")).contains(true);
        assertThat(config.getList("list")).containsExactly("a", "b", "c");
        assertThat(config.getList("absent")).isEmpty();
        assertThat(config.getDouble("double", 1.0)).isEqualTo(0.25);
        assertThatIllegalArgumentException().isThrownBy(() -> config.getInt("bad.int"))
                .withMessageContaining("bad.int").withMessageContaining("12x");
        assertThatIllegalArgumentException().isThrownBy(() -> config.getBoolean("bad.bool", false))
                .withMessageContaining("bad.bool").withMessageContaining("maybe");
        assertThatIllegalArgumentException().isThrownBy(() -> config.getSeverity("bad.severity"))
                .withMessageContaining("bad.severity").withMessageContaining("loud");
        assertThatIllegalArgumentException().isThrownBy(() -> config.getDouble("bad.double"))
                .withMessageContaining("bad.double");
    }

    @ParameterizedTest
    @ValueSource(strings = {"yes", "no", "on", "off", "1", "0", "y", ""})
    void aBooleanIsTrueOrFalseAndNothingElse(String value) {
        CalibraxConfig config = CalibraxConfig.of(Map.of("flag", value + " "));
        if (value.isEmpty()) {
            assertThat(config.getBoolean("flag")).isEmpty(); // blank is absent
            return;
        }
        assertThatIllegalArgumentException().isThrownBy(() -> config.getBoolean("flag"))
                .withMessageContaining("flag").withMessageContaining("'" + value + "'")
                .withMessageContaining("true or false");
        assertThatIllegalArgumentException().isThrownBy(() -> ConfigValues.parseBoolean(value));
    }

    @Test
    void oneDurationParserReadsEveryForm() {
        assertThat(ConfigValues.parseDuration("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(ConfigValues.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(ConfigValues.parseDuration("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(ConfigValues.parseDuration("PT2S")).isEqualTo(Duration.ofSeconds(2));
        assertThat(ConfigValues.parseDuration("pt0.5s")).isEqualTo(Duration.ofMillis(500));
        assertThatIllegalArgumentException().isThrownBy(() -> ConfigValues.parseDuration("2 fortnights"))
                .withMessageContaining("'2 fortnights'").withMessageContaining("PT2S");
        assertThatIllegalArgumentException().isThrownBy(() -> ConfigValues.parseDuration("PT-2S"))
                .withMessageContaining("non-negative");
        assertThatIllegalArgumentException().isThrownBy(() -> ConfigValues.parseDuration("calibrax.x.timeout", "soon"))
                .withMessageStartingWith("configuration key calibrax.x.timeout: ");
    }

    @Test
    void keysListWhatWasWrittenForTheTypoCheck() throws IOException {
        Path path = file("keys.properties", "calibrax.slack.min-severty=warning\nexample.webhook.url=http://x\n");
        Properties system = new Properties();
        system.setProperty("calibrax.watch.threshold", "cpu_percent>90");
        system.setProperty("java.version", "17");
        EnvironmentConfig config = EnvironmentConfig.load(path,
                Map.of("CALIBRAX_SLACK_WEBHOOKURL", "x", "HOME", "/root"), system);

        assertThat(config.keys()).containsExactlyInAnyOrder("calibrax.slack.min-severty", "example.webhook.url",
                "calibrax.watch.threshold", "CALIBRAX_SLACK_WEBHOOKURL");
        assertThat(CalibraxConfig.of(Map.of("a", "1")).keys()).containsExactly("a");
        CalibraxConfig lambda = key -> java.util.Optional.empty();
        assertThat(lambda.keys()).isEmpty();
    }
}
