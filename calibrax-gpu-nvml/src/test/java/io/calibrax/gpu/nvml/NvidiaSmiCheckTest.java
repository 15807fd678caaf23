package io.calibrax.gpu.nvml;

import io.calibrax.gpu.nvml.FakeNvml.FakeGpu;
import io.calibrax.gpu.nvml.NvidiaSmiCheck.Field;
import io.calibrax.gpu.nvml.NvidiaSmiCheck.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The device check's reading of nvidia-smi, and the whole check against the fake NVML and a scripted nvidia-smi. */
class NvidiaSmiCheckTest {
    private static final String HEADER = "name, memory.used [MiB], memory.total [MiB], utilization.gpu [%], "
            + "clocks.current.graphics [MHz], clocks.current.memory [MHz], power.draw [W], temperature.gpu";

    @Test
    void parsesValuesWithTheirUnits() {
        List<Row> rows = NvidiaSmiCheck.parse(HEADER + "\n"
                + "NVIDIA H100 80GB HBM3, 4 MiB, 81559 MiB, 0 %, 345 MHz, 2619 MHz, 69.82 W, 30\n"
                + "NVIDIA H100 80GB HBM3, 1234 MiB, 81559 MiB, 97 %, 1980 MHz, 2619 MHz, 512.07 W, 61\n");

        assertThat(rows).hasSize(2);
        Row first = rows.get(0);
        assertThat(first.name()).isEqualTo("NVIDIA H100 80GB HBM3");
        assertThat(first.value(Field.MEMORY_USED)).hasValue(4);
        assertThat(first.value(Field.MEMORY_TOTAL)).hasValue(81559);
        assertThat(first.value(Field.UTILIZATION)).hasValue(0);
        assertThat(first.value(Field.CLOCK_GRAPHICS)).hasValue(345);
        assertThat(first.value(Field.CLOCK_MEMORY)).hasValue(2619);
        assertThat(first.value(Field.POWER_DRAW)).hasValue(69.82);
        assertThat(first.value(Field.TEMPERATURE)).hasValue(30);
        assertThat(rows.get(1).value(Field.POWER_DRAW)).hasValue(512.07);
    }

    @Test
    void readingsNvidiaSmiCannotGiveAreEmpty() {
        List<Row> rows = NvidiaSmiCheck.parse(HEADER + "\n"
                + "Tesla T4, 0 MiB, 15360 MiB, [N/A], 300 MHz, 405 MHz, [Not Supported], 35\n");

        assertThat(rows.get(0).value(Field.UTILIZATION)).isEmpty();
        assertThat(rows.get(0).value(Field.POWER_DRAW)).isEmpty();
        assertThat(rows.get(0).value(Field.CLOCK_MEMORY)).hasValue(405);
    }

    @Test
    void aNameWithACommaStaysWhole() {
        List<Row> rows = NvidiaSmiCheck.parse(HEADER + "\n"
                + "Odd, Name, 1 MiB, 2 MiB, 3 %, 4 MHz, 5 MHz, 6.00 W, 7\n");

        assertThat(rows.get(0).name()).isEqualTo("Odd, Name");
        assertThat(rows.get(0).value(Field.TEMPERATURE)).hasValue(7);
    }

    @Test
    void anUnexpectedHeaderOrUnitIsRefused() {
        assertThatThrownBy(() -> NvidiaSmiCheck.parse("name, memory.used [MiB]\nx, 1 MiB\n"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("unexpected nvidia-smi header");
        assertThatThrownBy(() -> NvidiaSmiCheck.parse(HEADER + "\nGPU, 1 GiB, 2 MiB, 3 %, 4 MHz, 5 MHz, 6.00 W, 7\n"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("memory.used [MiB]", "1 GiB");
    }

    @Test
    void aReadingAgreesWithinTheDriftBetweenTwoReadsAndTheRounding() {
        OptionalDouble before = OptionalDouble.of(100);
        OptionalDouble after = OptionalDouble.of(110);

        assertThat(NvidiaSmiCheck.verdict(before, after, OptionalDouble.of(105), 0)).isEqualTo("ok");
        assertThat(NvidiaSmiCheck.verdict(before, after, OptionalDouble.of(110.01), 0.01)).isEqualTo("ok");
        assertThat(NvidiaSmiCheck.verdict(before, after, OptionalDouble.of(111), 0.01)).startsWith("DIFFERS");
        assertThat(NvidiaSmiCheck.verdict(before, after, OptionalDouble.of(99), 0)).startsWith("DIFFERS");
        assertThat(NvidiaSmiCheck.verdict(before, after, OptionalDouble.empty(), 0))
                .isEqualTo("DIFFERS: Calibrax has no value");
        assertThat(NvidiaSmiCheck.verdict(OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty(), 0))
                .startsWith("ok");
        assertThat(NvidiaSmiCheck.verdict(OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.of(1), 0))
                .startsWith("DIFFERS");
    }

    @Test
    void theCheckPassesWhereNvidiaSmiShowsWhatTheFakeNvmlHolds(@TempDir Path dir) throws IOException {
        FakeNvml fake = FakeNvml.current().twoDevices();

        CheckRun run = runCheck(fake, dir, 0);

        assertThat(run.status()).as(run.printed()).isZero();
        assertThat(run.printed()).contains("CHECK PASSED", "NVIDIA A100-SXM4-40GB", "NVIDIA GeForce RTX 4090",
                "power.draw [W]", "251.34 | 251.34").doesNotContain("DIFFERS");
        assertThat(fake.initDepth()).isZero();
    }

    @Test
    void theCheckFailsWhereAReadingDisagrees(@TempDir Path dir) throws IOException {
        CheckRun run = runCheck(FakeNvml.current().twoDevices(), dir, 5);

        String printed = run.printed();
        assertThat(run.status()).as(printed).isEqualTo(1);
        assertThat(printed).contains("CHECK FAILED").containsPattern("temperature.gpu +76 \\| 76 +71 +DIFFERS");
        assertThat(printed.lines().filter(line -> line.startsWith("  ") && line.contains("DIFFERS")).count())
                .as("only the temperature of GPU 1, in each of the three attempts").isEqualTo(3);
    }

    @Test
    void theCheckCannotRunWithoutNvidiaSmi(@TempDir Path dir) {
        FakeNvml fake = FakeNvml.current().twoDevices();
        ByteArrayOutputStream output = new ByteArrayOutputStream();

        int status = NvidiaSmiCheck.run(List.of(dir.resolve("no-nvidia-smi").toString()), fake.config(),
                new PrintStream(output, true, StandardCharsets.UTF_8));

        assertThat(status).isEqualTo(2);
        assertThat(output.toString(StandardCharsets.UTF_8)).contains("CHECK COULD NOT RUN", "no-nvidia-smi");
    }

    private record CheckRun(int status, String printed) {
    }

    /** Runs the check on the fake NVML, nvidia-smi showing GPU 1 {@code temperatureOffset} degrees off. */
    private static CheckRun runCheck(FakeNvml fake, Path dir, int temperatureOffset) throws IOException {
        Path smi = nvidiaSmiScript(dir, HEADER + "\n" + row(FakeNvml.A100, 0) + "\n"
                + row(FakeNvml.RTX_4090, temperatureOffset) + "\n");
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int status = NvidiaSmiCheck.run(List.of(smi.toString()), fake.config(),
                new PrintStream(output, true, StandardCharsets.UTF_8));
        return new CheckRun(status, output.toString(StandardCharsets.UTF_8));
    }

    /** A line as nvidia-smi prints it for the fake GPU, its temperature off by {@code temperatureOffset}. */
    private static String row(FakeGpu gpu, int temperatureOffset) {
        long mib = 1024L * 1024L;
        return String.format(Locale.ROOT, "%s, %d MiB, %d MiB, %d %%, %d MHz, %d MHz, %.2f W, %d", gpu.name(),
                (gpu.memoryTotal() - gpu.memoryFree() - gpu.memoryReserved()) / mib, gpu.memoryTotal() / mib,
                gpu.utilization(), gpu.graphicsClock(), gpu.memoryClock(), gpu.powerMilliwatts() / 1000.0,
                gpu.temperature() + temperatureOffset);
    }

    /** An executable that prints {@code csv} when called with the check's exact arguments. */
    private static Path nvidiaSmiScript(Path dir, String csv) throws IOException {
        Path script = dir.resolve("nvidia-smi");
        Files.writeString(script, "#!/bin/sh\n"
                + "[ \"$1\" = \"--query-gpu=" + NvidiaSmiCheck.QUERY + "\" ] && [ \"$2\" = \"--format=csv\" ] "
                + "&& [ $# -eq 2 ] || { echo \"unexpected arguments: $*\" >&2; exit 3; }\n"
                + "cat <<'CSV'\n" + csv + "CSV\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }
}
