package io.calibrax.testing;

import io.calibrax.spi.AlertHandlerProvider;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * Builds a third-party plugin JAR at test time: compiles the sources under a test-resource folder
 * against calibrax-api alone (not core) and packs the classes with the folder's other files
 * (its {@code META-INF/services} entries).
 */
public final class PluginJar {
    private PluginJar() {
    }

    public static Path build(String resourceFolder, Path workDir) throws IOException {
        Path sources = resourcePath(resourceFolder);
        Path classes = Files.createDirectories(workDir.resolve("classes"));
        List<String> javaFiles;
        try (Stream<Path> files = Files.walk(sources)) {
            javaFiles = files.filter(p -> p.toString().endsWith(".java")).map(Path::toString).toList();
        }
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        if (compiler == null) {
            throw new IllegalStateException("tests need a JDK with javax.tools (a JRE has no compiler)");
        }
        List<String> args = new ArrayList<>(List.of("--release", "17", "-classpath", apiLocation().toString(),
                "-d", classes.toString()));
        args.addAll(javaFiles);
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int status = compiler.run(null, errors, errors, args.toArray(String[]::new));
        if (status != 0) {
            throw new IllegalStateException("plugin did not compile:\n" + errors.toString(StandardCharsets.UTF_8));
        }
        Path jar = workDir.resolve(resourceFolder + ".jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream zip = new JarOutputStream(out)) {
            add(zip, classes, path -> true);
            add(zip, sources, path -> !path.toString().endsWith(".java"));
        }
        return jar;
    }

    /** A class loader over the JAR whose parent is this test's class path, as a drop-in plugin has. */
    public static URLClassLoader classLoader(Path jar) throws IOException {
        return new URLClassLoader(new URL[]{jar.toUri().toURL()}, PluginJar.class.getClassLoader());
    }

    private static void add(JarOutputStream zip, Path root, java.util.function.Predicate<Path> include)
            throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(Files::isRegularFile).filter(include).sorted().toList();
        }
        for (Path file : files) {
            zip.putNextEntry(new JarEntry(root.relativize(file).toString().replace('\\', '/')));
            Files.copy(file, zip);
            zip.closeEntry();
        }
    }

    private static Path resourcePath(String folder) {
        URL url = PluginJar.class.getClassLoader().getResource(folder);
        if (url == null) {
            throw new IllegalStateException("test resource folder not found: " + folder);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Where calibrax-api's classes are: the plugin compiles against them and nothing else. */
    private static Path apiLocation() {
        try {
            return Path.of(AlertHandlerProvider.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
