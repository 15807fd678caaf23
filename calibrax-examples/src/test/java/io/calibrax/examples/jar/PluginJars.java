package io.calibrax.examples.jar;

import io.calibrax.spi.AlertHandlerProvider;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Third-party plugin JARs made at test time, as a user makes them: Java sources compiled against
 * calibrax-api alone, packed with a {@code META-INF/services} entry. Also reads the README's code.
 */
final class PluginJars {
    static final Path README = Path.of(System.getProperty("test.calibrax.readme", "../README.md"));

    private PluginJars() {
    }

    /**
     * Compiles {@code source} (one public provider class) with {@code classpath} and packs it into
     * {@code jar}, listed as an {@link AlertHandlerProvider}.
     */
    static Path alertHandlerPlugin(Path jar, String source, List<Path> classpath) throws IOException {
        Matcher pkg = Pattern.compile("(?m)^package ([\\w.]+);").matcher(source);
        Matcher type = Pattern.compile("public (?:final )?class (\\w+)").matcher(source);
        if (!pkg.find() || !type.find()) {
            throw new IllegalArgumentException("a plugin source needs a package and a public class");
        }
        String className = pkg.group(1) + "." + type.group(1);
        Path work = Files.createTempDirectory(jar.getParent(), "build-");
        Path sourceFile = work.resolve("src").resolve(className.replace('.', '/') + ".java");
        Files.createDirectories(sourceFile.getParent());
        Files.writeString(sourceFile, source);
        Path classes = Files.createDirectories(work.resolve("classes"));
        compile(classes, classpath, sourceFile);
        Path services = classes.resolve("META-INF/services/" + AlertHandlerProvider.class.getName());
        Files.createDirectories(services.getParent());
        Files.writeString(services, className + "\n");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream zip = new JarOutputStream(out);
             Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                zip.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, zip);
                zip.closeEntry();
            }
        }
        return jar;
    }

    /** Compiles {@code sources} into {@code classes}; fails with the compiler's messages. */
    static void compile(Path classes, List<Path> classpath, Path... sources) {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        if (compiler == null) {
            throw new IllegalStateException("tests need a JDK with javax.tools (a JRE has no compiler)");
        }
        List<String> args = new ArrayList<>(List.of("--release", "17", "-d", classes.toString(), "-classpath",
                String.join(java.io.File.pathSeparator, classpath.stream().map(Path::toString).toList())));
        for (Path source : sources) {
            args.add(source.toString());
        }
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        if (compiler.run(null, errors, errors, args.toArray(String[]::new)) != 0) {
            throw new IllegalStateException("did not compile:\n" + errors.toString(StandardCharsets.UTF_8));
        }
    }

    /** Where {@code type}'s classes come from (a JAR or a classes folder). */
    static Path locationOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The README's ```java block that contains {@code marker}. */
    static String readmeJavaBlock(String marker) throws IOException {
        Matcher block = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(Files.readString(README));
        while (block.find()) {
            if (block.group(1).contains(marker)) {
                return block.group(1);
            }
        }
        throw new IllegalStateException(README.toAbsolutePath() + " has no java block containing " + marker);
    }
}
