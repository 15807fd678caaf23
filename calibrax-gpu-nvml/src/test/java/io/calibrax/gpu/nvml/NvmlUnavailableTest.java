package io.calibrax.gpu.nvml;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.calibrax.gpu.nvml.jna.NvmlLibrary;
import io.calibrax.gpu.nvml.jna.NvmlLoader;
import io.calibrax.spi.CalibraxConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/** Machines without a usable NVML: no driver, a broken file; and where the library is looked for. */
class NvmlUnavailableTest {

    @Test
    void noLibraryGivesAnEmptyListAndOneInfoLineWithoutAStackTrace(@TempDir Path dir) {
        String missing = dir.resolve("libnvidia-ml.so.1").toString();
        CalibraxConfig config = CalibraxConfig.of(Map.of(NvmlGpuProfilerProvider.LIBRARY_KEY, missing));

        try (LogCapture log = new LogCapture()) {
            assertThatCode(() -> assertThat(new NvmlGpuProfilerProvider().open(config)).isEmpty())
                    .doesNotThrowAnyException();

            assertThat(log.atLeast(Level.DEBUG)).singleElement().satisfies(event -> {
                assertThat(event.getLevel()).isEqualTo(Level.INFO);
                assertThat(event.getFormattedMessage()).contains("no GPU readings", missing);
                assertThat(event.getThrowableProxy()).isNull();
            });
        }
    }

    @Test
    void noDriverAmongTheDefaultNamesGivesAnEmptyList() {
        // the same search as the default one, under names no machine has
        NvmlLoader.Result result = NvmlLoader.load(List.of("libcalibrax-no-such-nvml.so.1", "calibrax-no-such-nvml"));

        assertThat(result).isInstanceOfSatisfying(NvmlLoader.Unavailable.class, unavailable ->
                assertThat(unavailable.reason()).contains("libcalibrax-no-such-nvml.so.1", "calibrax-no-such-nvml")
                        .doesNotContain("\n"));
    }

    @Test
    void aFileThatIsNoLibraryGivesAnEmptyListAndOneInfoLine(@TempDir Path dir) throws IOException {
        Path junk = Files.writeString(dir.resolve("libnvidia-ml.so.1"), "not an ELF file");
        CalibraxConfig config = CalibraxConfig.of(Map.of(NvmlGpuProfilerProvider.LIBRARY_KEY, junk.toString()));

        try (LogCapture log = new LogCapture()) {
            assertThat(new NvmlGpuProfilerProvider().open(config)).isEmpty();

            List<ILoggingEvent> events = log.atLeast(Level.INFO);
            assertThat(events).singleElement().satisfies(event -> {
                assertThat(event.getLevel()).isEqualTo(Level.INFO);
                assertThat(event.getFormattedMessage()).contains(junk.toString());
                assertThat(event.getThrowableProxy()).isNull();
            });
        }
    }

    @Test
    void linuxLooksForTheVersionedSonameFirst() {
        assertThat(NvmlLoader.defaultCandidates("Linux", Map.of()))
                .containsExactly("libnvidia-ml.so.1", "nvidia-ml");
    }

    @Test
    void windowsLooksInSystem32ThenTheNvsmiFolder() {
        assertThat(NvmlLoader.defaultCandidates("Windows 11",
                Map.of("SystemRoot", "D:\\Win", "ProgramFiles", "D:\\Programs")))
                .containsExactly("D:\\Win\\System32\\nvml.dll", "D:\\Programs\\NVIDIA Corporation\\NVSMI\\nvml.dll");
        assertThat(NvmlLoader.defaultCandidates("Windows Server 2022", Map.of()))
                .containsExactly("C:\\Windows\\System32\\nvml.dll",
                        "C:\\Program Files\\NVIDIA Corporation\\NVSMI\\nvml.dll");
    }

    @Test
    void aVersionedSonameIsFoundBySearchAsTheDriversIs() {
        // libnvidia-ml.so.1 is looked up the same way: by soname, through the dynamic linker's search
        assertThat(NvmlLoader.load(List.of("libc.so.6"))).isInstanceOf(NvmlLoader.Loaded.class);
    }

    @Test
    void aLibraryIsLoadedOncePerPath() {
        String path = FakeNvml.current().path();

        NvmlLoader.Result first = NvmlLoader.load(List.of(path));
        NvmlLoader.Result second = NvmlLoader.load(List.of("/no/such/dir/libnvidia-ml.so.1", path));

        assertThat(first).isInstanceOf(NvmlLoader.Loaded.class);
        assertThat(second).isInstanceOfSatisfying(NvmlLoader.Loaded.class, loaded -> {
            assertThat(loaded.library()).isSameAs(((NvmlLoader.Loaded) first).library());
            assertThat(loaded.source()).isEqualTo(path);
        });
    }

    @Test
    void theMemoryV2StructCarriesItsSizeAndVersion() {
        NvmlLibrary.MemoryV2 memory = new NvmlLibrary.MemoryV2();

        assertThat(memory.size()).isEqualTo(40);
        assertThat(memory.version).isEqualTo(0x02000028);
        assertThat(new NvmlLibrary.Memory().size()).isEqualTo(24);
        assertThat(new NvmlLibrary.ProcessInfo().size()).isEqualTo(24);
        assertThat(new NvmlLibrary.ProcessInfoV1().size()).isEqualTo(16);
        assertThat(new NvmlLibrary.Utilization().size()).isEqualTo(8);
    }
}
