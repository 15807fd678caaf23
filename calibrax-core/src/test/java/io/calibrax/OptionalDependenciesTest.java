package io.calibrax;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Guice and OSHI are optional for {@link Calibrax#bootstrap()}: a child JVM whose class path lacks
 * them (and JNA, which only OSHI needs) still bootstraps, with the JDK's resource readings; with
 * them, OSHI stays the default monitor.
 */
class OptionalDependenciesTest {
    private static final List<String> OPTIONAL = List.of("guice", "jakarta.inject", "aopalliance", "guava",
            "failureaccess", "oshi-core", "jna");

    @TempDir
    Path work;

    @Test
    void bootstrapWorksWithoutGuiceAndOshiOnTheJdksReadings() throws Exception {
        String output = runProbe(entry -> OPTIONAL.stream().noneMatch(name -> jarName(entry).startsWith(name + "-")));

        assertThat(output).contains("probe: guice=false oshi=false")
                .contains("probe: handlers=1")
                .contains("probe: monitor=JdkResourceMonitor rssMb>0=true heap=true")
                .contains("probe: closed");
    }

    @Test
    void oshiStaysTheDefaultMonitorWhenItIsThere() throws Exception {
        String output = runProbe(entry -> true);

        assertThat(output).contains("probe: guice=true oshi=true")
                .contains("probe: monitor=OshiResourceMonitor rssMb>0=true heap=true")
                .contains("probe: closed");
    }

    private String runProbe(Predicate<String> keep) throws IOException, InterruptedException {
        String testClassPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String classPath = Arrays.stream(testClassPath.split(File.pathSeparator)).filter(keep)
                .collect(Collectors.joining(File.pathSeparator));
        Path out = work.resolve("out-" + System.nanoTime() + ".txt");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classPath, BootstrapProbe.class.getName())
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the probe ends within 60 s").isTrue();
        String output = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }

    private static String jarName(String entry) {
        return Path.of(entry).getFileName().toString();
    }
}
