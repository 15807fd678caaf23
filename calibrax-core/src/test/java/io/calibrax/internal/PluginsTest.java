package io.calibrax.internal;

import io.calibrax.spi.CalibraxConfig;
import io.calibrax.testing.PluginJar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PluginsTest {
    @TempDir
    Path dir;

    @Test
    void aPluginFolderJoinsTheDiscoveryWithoutTouchingTheClassPath() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("plugins"));
        Path jar = PluginJar.build("third-party-plugin", dir.resolve("work"));
        Files.copy(jar, folder.resolve("webhook.jar"));

        try (Plugins plugins = Plugins.create(CalibraxConfig.of(Map.of(PluginLoader.DIR, folder.toString(),
                "example.webhook.url", "http://127.0.0.1:9/hook")))) {
            assertThat(plugins.handlers()).singleElement()
                    .satisfies(handler -> assertThat(plugins.nameOf(handler)).isEqualTo("webhook"));
        }
        try (Plugins plugins = Plugins.create(CalibraxConfig.of(Map.of("example.webhook.url", "http://127.0.0.1:9/hook")))) {
            assertThat(plugins.handlers()).isEmpty(); // not on the class path: only the folder brings it
        }
    }

    @Test
    void aPluginFolderThatIsNotOneIsRefusedNamingTheKey() {
        Path missing = dir.resolve("missing");

        assertThatIllegalArgumentException()
                .isThrownBy(() -> Plugins.create(CalibraxConfig.of(Map.of(PluginLoader.DIR, missing.toString()))))
                .withMessageContaining(PluginLoader.DIR).withMessageContaining(missing.toString());
    }

    @Test
    void aWrongPluginKeyIsSkippedUnlessStrict() {
        Map<String, String> wrong = Map.of("calibrax.console.enabled", "yes");

        try (Plugins lenient = Plugins.create(CalibraxConfig.of(wrong))) {
            assertThat(lenient.handlers()).isEmpty();
        }
        Map<String, String> strict = new java.util.HashMap<>(wrong);
        strict.put(Plugins.STRICT, "true");
        assertThatIllegalArgumentException().isThrownBy(() -> Plugins.create(CalibraxConfig.of(strict)))
                .withMessageContaining("calibrax.console.enabled").withMessageContaining("'yes'");
    }
}
