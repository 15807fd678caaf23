package io.calibrax.examples.jar;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real {@code calibrax.jar} that the build just packed ({@code java -jar}), in a working
 * folder of the test's, and captures its exit code and output.
 */
final class CalibraxJar {
    private static final Path JAR = Path.of(System.getProperty("test.calibrax.jar", "target/calibrax.jar"));
    private static final long TIMEOUT_SECONDS = 60;

    private CalibraxJar() {
    }

    /** Runs {@code java -jar calibrax.jar args} in {@code workDir} with these extra environment variables. */
    static Result run(Path workDir, Map<String, String> environment, String... args)
            throws IOException, InterruptedException {
        return runWithJvmOptions(workDir, environment, List.of(), args);
    }

    static Result runWithJvmOptions(Path workDir, Map<String, String> environment, List<String> jvmOptions,
                                    String... args) throws IOException, InterruptedException {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR.toAbsolutePath() + " is missing: run these tests with mvn verify");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(JAR.toAbsolutePath().toString());
        command.addAll(List.of(args));
        Path out = workDir.resolve("stdout-" + System.nanoTime() + ".txt");
        Path err = workDir.resolve("stderr-" + System.nanoTime() + ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
        builder.environment().keySet().removeIf(name -> name.startsWith("CALIBRAX_"));
        builder.environment().putAll(environment);
        Process process = builder.start();
        process.getOutputStream().close();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("calibrax " + String.join(" ", args) + " did not end within "
                    + TIMEOUT_SECONDS + " s");
        }
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    record Result(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- out ---\n" + out + "--- err ---\n" + err;
        }
    }
}
