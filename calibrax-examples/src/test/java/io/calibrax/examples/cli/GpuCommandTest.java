package io.calibrax.examples.cli;

import io.calibrax.examples.testplugins.FakeGpuProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class GpuCommandTest {

    @Test
    void saysPlainlyThatThereIsNoGpuAndExitsZero() {
        Cli.Result result = Cli.run("gpu");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("No NVIDIA driver or GPU found");
        assertThat(result.err()).isEmpty();
    }

    @Test
    void listsEveryGpuWithItsReadings(@TempDir Path dir) throws IOException {
        Path config = Files.writeString(dir.resolve("calibrax.properties"), FakeGpuProvider.COUNT + "=2\n");

        Cli.Result result = Cli.run("gpu", "--config", config.toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out())
                .contains("2 GPUs found:")
                .contains("GPU 0: Fake GPU 80GB")
                .containsPattern("utilization +45 %")
                .containsPattern("memory +20,480 MB used of 81,920 MB \\(25\\.0 %\\)")
                .containsPattern("temperature +61 C")
                .containsPattern("power +250\\.5 W drawn, limit 700\\.0 W")
                .containsPattern("clocks +1,980 MHz graphics, 2,619 MHz memory")
                .containsPattern("throttled +yes")
                .containsPattern("ECC errors +1 uncorrected since the driver loaded")
                .containsPattern("lost +no")
                .containsPattern("MIG +2 devices")
                .contains("    MIG 0: Fake GPU 80GB MIG 3g.40gb, 10,240 MB used of 40,960 MB (25.0 %)")
                .contains("    MIG 1: Fake GPU 80GB MIG 1g.10gb, 0 MB used of 10,240 MB (0.0 %)")
                .contains("GPU 1: Fake bare GPU")
                .containsPattern("memory +not supported")
                .containsPattern("throttled +not supported")
                .containsPattern("MIG +none");
    }

    @Test
    void aFailingReadingIsShownInItsPlaceAndExitsOne(@TempDir Path dir) throws IOException {
        Path config = Files.writeString(dir.resolve("calibrax.properties"),
                FakeGpuProvider.COUNT + "=2\n" + FakeGpuProvider.LOST + "=true\n");

        Cli.Result result = Cli.run("gpu", "--config", config.toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).contains("GPU 0: Fake GPU 80GB").containsPattern("utilization +error: GPU is lost");
    }

    @Test
    void aNamedNvmlLibraryThatIsMissingIsABadSettingNamingIt(@TempDir Path dir) throws IOException {
        Path missing = dir.resolve("no-such-libnvidia-ml.so.1");
        Path config = Files.writeString(dir.resolve("calibrax.properties"),
                "calibrax.nvml.library=" + missing.toString().replace("\\", "/") + "\n");

        Cli.Result result = Cli.run("gpu", "--config", config.toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains("calibrax.nvml.library").contains("no such file");
    }
}
