package io.calibrax.examples.modules;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Calibrax on the module path, as a modular application uses it: the test compiles a plugin module
 * ({@code demo.plugin}, one {@code AlertHandlerProvider}) and an application module ({@code demo.app},
 * {@code requires io.calibrax.core} only) against the built Calibrax modules, and runs the
 * application with {@code java --module-path}. Service binding brings in core's console handler,
 * the real email plugin and the demo plugin; Guice and OSHI are left off the module path.
 */
class ModularApplicationTest {
    private static final List<String> MODULES = List.of("io.calibrax.api", "io.calibrax.core",
            "io.calibrax.handlers.email", "org.slf4j", "jakarta.mail", "org.eclipse.angus.mail", "jakarta.activation");

    @TempDir
    static Path work;
    private static String calibraxModulePath;

    @BeforeAll
    static void findModules() {
        Map<String, Path> found = new LinkedHashMap<>();
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        for (String entry : classPath.split(File.pathSeparator)) {
            Path path = Path.of(entry);
            if (!Files.exists(path)) {
                continue;
            }
            try {
                for (ModuleReference module : ModuleFinder.of(path).findAll()) {
                    if (MODULES.contains(module.descriptor().name())) {
                        found.putIfAbsent(module.descriptor().name(), path);
                    }
                }
            } catch (RuntimeException notAModule) {
                // a JAR whose automatic name is invalid: none of ours
            }
        }
        assertThat(found.keySet()).containsExactlyInAnyOrderElementsOf(MODULES);
        calibraxModulePath = found.values().stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
    }

    @Test
    void coreExportsItsApiAndNoInternalPackage() {
        ModuleDescriptor core = ModuleFinder.of(Arrays.stream(calibraxModulePath.split(File.pathSeparator))
                .map(Path::of).toArray(Path[]::new)).find("io.calibrax.core").orElseThrow().descriptor();

        Set<String> exported = core.exports().stream().filter(export -> !export.isQualified())
                .map(ModuleDescriptor.Exports::source).collect(Collectors.toSet());
        assertThat(exported).contains("io.calibrax", "io.calibrax.monitoring")
                .noneMatch(name -> name.contains("internal"));
        assertThat(core.uses()).contains("io.calibrax.spi.AlertHandlerProvider", "io.calibrax.spi.ResourceMonitorProvider");
        assertThat(core.requires()).filteredOn(r -> r.name().equals("com.google.guice") || r.name().equals("com.github.oshi"))
                .allMatch(r -> r.modifiers().contains(ModuleDescriptor.Requires.Modifier.STATIC));
    }

    @Test
    void aModularApplicationFindsHandlersThroughServiceBindingAndCannotReachInternals() throws Exception {
        Path plugin = compile("demo.plugin", calibraxModulePath, Map.of(
                "module-info.java", """
                        module demo.plugin {
                            requires io.calibrax.api;
                            provides io.calibrax.spi.AlertHandlerProvider with demo.plugin.DemoProvider;
                        }
                        """,
                "demo/plugin/DemoProvider.java", """
                        package demo.plugin;

                        import io.calibrax.api.AlertHandler;
                        import io.calibrax.spi.AlertHandlerProvider;
                        import io.calibrax.spi.CalibraxConfig;
                        import java.util.Optional;

                        public final class DemoProvider implements AlertHandlerProvider {
                            public String name() { return "demo"; }
                            public Optional<AlertHandler> create(CalibraxConfig config) {
                                return Optional.of(alert -> System.out.println("demo got " + alert.message()));
                            }
                        }
                        """));
        Path app = compile("demo.app", calibraxModulePath, Map.of(
                "module-info.java", """
                        module demo.app {
                            requires io.calibrax.core;
                        }
                        """,
                "demo/app/Main.java", """
                        package demo.app;

                        import io.calibrax.Calibrax;
                        import io.calibrax.api.AlertSeverity;
                        import io.calibrax.spi.CalibraxConfig;
                        import java.util.Map;
                        import java.util.TreeSet;

                        public final class Main {
                            public static void main(String[] args) throws Exception {
                                Map<String, String> config = Map.of("calibrax.console.enabled", "true",
                                        "calibrax.email.host", "127.0.0.1", "calibrax.email.from", "calibrax@example.com",
                                        "calibrax.email.to", "ops@example.com");
                                try (Calibrax calibrax = Calibrax.bootstrap(CalibraxConfig.of(config))) {
                                    TreeSet<String> handlers = new TreeSet<>();
                                    calibrax.handlers().forEach(h -> handlers.add(h.getClass().getModule().getName()));
                                    System.out.println("handler modules " + handlers);
                                    System.out.println("monitor " + calibrax.productionMonitor().getResourceMonitor()
                                            .orElseThrow().getClass().getSimpleName());
                                    System.out.println("guice " + ModuleLayer.boot().findModule("com.google.guice").isPresent());
                                    try {
                                        Class.forName("io.calibrax.internal.ServiceDiscovery").getMethod("providers", Class.class)
                                                .invoke(null, Object.class);
                                        System.out.println("internal reachable");
                                    } catch (IllegalAccessException e) {
                                        System.out.println("internal refused");
                                    }
                                }
                            }
                        }
                        """));

        Result result = run(List.of("--module-path", String.join(File.pathSeparator, calibraxModulePath,
                plugin.toString(), app.toString()), "-m", "demo.app/demo.app.Main"));

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output())
                .contains("handler modules [demo.plugin, io.calibrax.core, io.calibrax.handlers.email]")
                .contains("monitor JdkResourceMonitor")
                .contains("guice false")
                .contains("internal refused");
    }

    @Test
    void aModuleThatImportsAnInternalPackageDoesNotCompile() throws IOException {
        Path sources = write("demo.sneaky", Map.of(
                "module-info.java", "module demo.sneaky { requires io.calibrax.core; }\n",
                "demo/sneaky/Sneaky.java", """
                        package demo.sneaky;

                        public final class Sneaky {
                            Object discovery = io.calibrax.internal.ServiceDiscovery.class;
                        }
                        """));
        ByteArrayOutputStream errors = new ByteArrayOutputStream();

        int status = javac(sources, work.resolve("out-sneaky"), calibraxModulePath, errors);

        assertThat(status).isNotZero();
        assertThat(errors.toString(StandardCharsets.UTF_8)).contains("io.calibrax.internal")
                .contains("does not export");
    }

    private static Path compile(String module, String modulePath, Map<String, String> files) throws IOException {
        Path sources = write(module, files);
        Path out = work.resolve("out-" + module);
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int status = javac(sources, out, modulePath, errors);
        assertThat(status).as(errors.toString(StandardCharsets.UTF_8)).isZero();
        return out;
    }

    private static Path write(String module, Map<String, String> files) throws IOException {
        Path sources = work.resolve("src-" + module);
        for (Map.Entry<String, String> file : files.entrySet()) {
            Path path = sources.resolve(file.getKey());
            Files.createDirectories(path.getParent());
            Files.writeString(path, file.getValue());
        }
        return sources;
    }

    private static int javac(Path sources, Path out, String modulePath, ByteArrayOutputStream errors) throws IOException {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        // an explicit, empty class path: javac would otherwise take this JVM's, which holds Calibrax too
        List<String> args = new ArrayList<>(List.of("--release", "17", "-d", out.toString(), "--module-path", modulePath,
                "--class-path", work.resolve("empty-class-path").toString()));
        try (var files = Files.walk(sources)) {
            files.filter(path -> path.toString().endsWith(".java")).forEach(path -> args.add(path.toString()));
        }
        return compiler.run(null, errors, errors, args.toArray(String[]::new));
    }

    private static Result run(List<String> javaArgs) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(javaArgs);
        Path out = work.resolve("run-" + System.nanoTime() + ".txt");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the application ends within 60 s").isTrue();
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    }

    private record Result(int exitCode, String output) {
    }
}
