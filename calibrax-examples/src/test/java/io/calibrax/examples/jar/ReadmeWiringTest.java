package io.calibrax.examples.jar;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's Guice snippet compiles as shown, against Calibrax's modules, and runs. */
class ReadmeWiringTest {
    @TempDir
    Path dir;

    @Test
    void theReadmesWiringSnippetCompilesAndRuns() throws Exception {
        String source = PluginJars.readmeJavaBlock("public final class Wiring");
        Path file = Files.createDirectories(dir.resolve("src")).resolve("Wiring.java");
        Files.writeString(file, source);
        Path classes = Files.createDirectories(dir.resolve("classes"));
        List<Path> classpath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(Path::of).toList();

        PluginJars.compile(classes, classpath, file);

        try (URLClassLoader loader = new URLClassLoader(new URL[]{classes.toUri().toURL()},
                ReadmeWiringTest.class.getClassLoader())) {
            Method main = loader.loadClass("Wiring").getMethod("main", String[].class);
            main.invoke(null, (Object) new String[0]);
        }
        assertThat(classes.resolve("Wiring$MyHandler.class")).exists();
    }
}
