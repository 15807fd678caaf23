package io.calibrax.gpu.nvml;

import io.calibrax.gpu.nvml.NvidiaSmiFaultCheck.Faults;
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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The device check's fault half: its reading of nvidia-smi -q and -L, and the whole check on the fake NVML. */
class NvidiaSmiFaultCheckTest {
    private static final long GB = 1024L * 1024 * 1024;

    /** nvidia-smi -q as a current driver prints it, for the fake NVML's two devices (GPU 0 with MIG on). */
    private static String query(String gpu1ThermalSlowdown, String gpu0DramUncorrectable) {
        return """

                ==============NVSMI LOG==============

                Timestamp                                 : Sun Dec  6 23:00:00 2026
                Driver Version                            : 580.159.04
                Attached GPUs                             : 2
                GPU 00000000:18:00.0
                    Product Name                          : NVIDIA A100-SXM4-40GB
                    MIG Mode
                        Current                           : Enabled
                        Pending                           : Enabled
                    FB Memory Usage
                        Total                             : 40960 MiB
                        Reserved                          : 540 MiB
                        Used                              : 11748 MiB
                        Free                              : 28672 MiB
                    Performance State                     : P0
                    Clocks Event Reasons
                        Idle                              : Active
                        Applications Clocks Setting       : Not Active
                        SW Power Cap                      : Active
                        HW Slowdown                       : Not Active
                            HW Thermal Slowdown           : Not Active
                            HW Power Brake Slowdown       : Not Active
                        Sync Boost                        : Not Active
                        SW Thermal Slowdown               : Not Active
                        Display Clock Setting             : Not Active
                    Clocks Event Reasons Counters
                        SW Power Capping                  : 1234 us
                    ECC Mode
                        Current                           : Enabled
                        Pending                           : Enabled
                    ECC Errors
                        Volatile
                            SRAM Correctable              : 3
                            SRAM Uncorrectable Parity     : 0
                            SRAM Uncorrectable SEC-DED    : 0
                            DRAM Correctable              : 0
                            DRAM Uncorrectable            : %s
                        Aggregate
                            SRAM Correctable              : 17
                            DRAM Uncorrectable            : 2

                GPU 00000000:3B:00.0
                    Product Name                          : NVIDIA GeForce RTX 4090
                    MIG Mode
                        Current                           : N/A
                        Pending                           : N/A
                    FB Memory Usage
                        Total                             : 24564 MiB
                        Reserved                          : 300 MiB
                        Used                              : 23264 MiB
                        Free                              : 1000 MiB
                    Clocks Event Reasons
                        Idle                              : Not Active
                        SW Thermal Slowdown               : Active
                        HW Slowdown                       : Active
                            HW Thermal Slowdown           : %s
                    ECC Mode
                        Current                           : N/A
                    ECC Errors
                        Volatile
                            SRAM Correctable              : N/A
                            DRAM Uncorrectable            : N/A
                """.formatted(gpu0DramUncorrectable, gpu1ThermalSlowdown);
    }

    private static final String LIST = """
            GPU 0: NVIDIA A100-SXM4-40GB (UUID: GPU-5a0b6c1e-7d3f-4d7e-9a11-2b8c0d4e6f10)
              MIG 3g.20gb     Device  0: (UUID: MIG-fake-0-0)
              MIG 1g.5gb      Device  1: (UUID: MIG-fake-0-1)
            GPU 1: NVIDIA GeForce RTX 4090 (UUID: GPU-0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0)
            """;

    @Test
    void readsTheFaultsOfEachGpuSection() {
        List<Faults> faults = NvidiaSmiFaultCheck.parse(query("Active", "1"), LIST);

        assertThat(faults).hasSize(2);
        Faults a100 = faults.get(0);
        assertThat(a100.memoryPercent().orElseThrow()).isCloseTo(100.0 * 11748 / 40960, within(1e-9));
        assertThat(a100.throttled()).contains(true);
        assertThat(a100.eccUncorrected()).hasValue(1);
        assertThat(a100.migEnabled()).isTrue();
        assertThat(a100.migDevices()).isEqualTo(2);
        Faults rtx = faults.get(1);
        assertThat(rtx.throttled()).contains(true);
        assertThat(rtx.eccUncorrected()).as("all N/A: ECC off").isEmpty();
        assertThat(rtx.migEnabled()).isFalse();
        assertThat(rtx.migDevices()).isZero();
    }

    @Test
    void idleAndApplicationClocksAreNotThrottlingAndOlderDriversCountDoubleBitErrors() {
        List<Faults> faults = NvidiaSmiFaultCheck.parse("""
                GPU 00000000:00:1E.0
                    Clocks Throttle Reasons
                        Idle                              : Active
                        Applications Clocks Setting       : Active
                        SW Power Cap                      : Not Active
                    ECC Errors
                        Volatile
                            Single Bit
                                Total                     : 4
                            Double Bit
                                Device Memory             : 2
                                Total                     : 2
                """, "GPU 0: Tesla V100-SXM2-16GB (UUID: GPU-x)\n");

        assertThat(faults.get(0).throttled()).contains(false);
        assertThat(faults.get(0).eccUncorrected()).hasValue(2);
        assertThat(faults.get(0).memoryPercent()).isEmpty();
    }

    @Test
    void outputWithoutAGpuSectionCannotBeChecked() {
        assertThatThrownBy(() -> NvidiaSmiFaultCheck.parse("No devices were found\n", ""))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no GPU section");
    }

    @Test
    void theCheckPassesWhereNvidiaSmiShowsWhatTheFakeNvmlHolds(@TempDir Path dir) throws IOException {
        FakeNvml fake = fakeWithMig();

        Run run = runCheck(dir, query("Active", "1"));

        assertThat(run.status()).as(run.printed()).isZero();
        assertThat(run.printed()).contains("FAULT CHECK PASSED").doesNotContain("DIFFERS");
        assertThat(fake.initDepth()).isZero();
    }

    @Test
    void theCheckFailsWhereAnEccCountDisagrees(@TempDir Path dir) throws IOException {
        fakeWithMig();

        Run run = runCheck(dir, query("Active", "4"));

        assertThat(run.status()).as(run.printed()).isEqualTo(1);
        assertThat(run.printed()).contains("FAULT CHECK FAILED").containsPattern("ECC uncorrected .*DIFFERS");
        assertThat(run.printed().lines().filter(line -> line.startsWith("  ") && line.contains("DIFFERS")).count())
                .as("only the ECC row").isOne();
    }

    private static FakeNvml fakeWithMig() {
        return FakeNvml.current().twoDevices()
                .mig(0, "NVIDIA A100-SXM4-40GB MIG 3g.20gb", 20 * GB, 5 * GB)
                .mig(0, "NVIDIA A100-SXM4-40GB MIG 1g.5gb", 5 * GB, 0);
    }

    private record Run(int status, String printed) {
    }

    private static Run runCheck(Path dir, String query) throws IOException {
        Path script = dir.resolve("nvidia-smi");
        Files.writeString(script, "#!/bin/sh\n"
                + "if [ \"$1\" = \"-q\" ] && [ $# -eq 1 ]; then cat <<'Q'\n" + query + "Q\n"
                + "elif [ \"$1\" = \"-L\" ] && [ $# -eq 1 ]; then cat <<'L'\n" + LIST + "L\n"
                + "else echo \"unexpected arguments: $*\" >&2; exit 3; fi\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int status = NvidiaSmiFaultCheck.run(List.of(script.toString()), FakeNvml.current().config(),
                new PrintStream(output, true, StandardCharsets.UTF_8));
        return new Run(status, output.toString(StandardCharsets.UTF_8));
    }
}
