package io.calibrax.examples.jar;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code calibrax run} and {@code watch --pid} through the real {@code calibrax.jar}, around real
 * child processes: memory seen, a shell's children counted, exit codes, {@code --fail-on}, signals,
 * a command that cannot start.
 */
class RunCommandIT {
    @TempDir
    Path dir;

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The max column of {@code metric}'s row in the summary table. */
    private static double max(String out, String metric) {
        Matcher row = Pattern.compile("(?m)^" + metric + " +(\\S+) +(\\S+) +(\\S+) +(\\S+)").matcher(out);
        assertThat(row.find()).as("a summary row for " + metric + " in\n" + out).isTrue();
        return Double.parseDouble(row.group(3));
    }

    @Test
    void aChildThatAllocates300MbIsSeenAtThatMuchOrMore() throws Exception {
        CalibraxJar.Result result = CalibraxJar.run(dir, Map.of(), "run", "--interval", "100ms", "--",
                java(), "-Xmx512m", "-cp", PluginJars.locationOf(ChildProgram.class).toString(),
                ChildProgram.class.getName(), "allocate", "300", "1500");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("allocated 300 MB", "Command exited with status 0.");
        assertThat(max(result.out(), "memory_rss_mb")).isGreaterThanOrEqualTo(300);
    }

    @Test
    void aShellThatStartsTwoChildrenCountsBoth() throws Exception {
        CalibraxJar.Result result = CalibraxJar.run(dir, Map.of(), "run", "--interval", "100ms", "--",
                "sh", "-c", "sleep 1 & sleep 1 & wait");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(max(result.out(), "process_count")).isEqualTo(3); // the shell and both sleeps
        assertThat(result.out()).containsPattern("(?m)^process_threads ").containsPattern("(?m)^cpu_percent ")
                .doesNotContain("jvm_heap_used_mb");
    }

    @Test
    void theCommandsExitStatusComesBack() throws Exception {
        CalibraxJar.Result failed = CalibraxJar.run(dir, Map.of(), "run", "--", "sh", "-c", "exit 7");
        CalibraxJar.Result succeeded = CalibraxJar.run(dir, Map.of(), "run", "--threshold", "memory_rss_mb=1000000",
                "--fail-on", "info", "--", "sh", "-c", "sleep 0.3");

        assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(7);
        assertThat(failed.out()).contains("Command exited with status 7.");
        assertThat(succeeded.exitCode()).as(succeeded.toString()).isZero();
    }

    @Test
    void aBreachAtOrAboveFailOnExitsThreeAndWithoutFailOnZero() throws Exception {
        Path report = dir.resolve("run.html");
        CalibraxJar.Result gated = CalibraxJar.run(dir, Map.of(), "run", "--interval", "100ms",
                "--threshold", "memory_rss_mb=0.5", "--fail-on", "warning", "--report", report.toString(),
                "--", "sh", "-c", "sleep 1.5");
        CalibraxJar.Result ungated = CalibraxJar.run(dir, Map.of(), "run", "--interval", "100ms",
                "--threshold", "memory_rss_mb=0.5", "--", "sh", "-c", "sleep 1.5");

        assertThat(gated.exitCode()).as(gated.toString()).isEqualTo(3);
        assertThat(gated.out()).contains("memory_rss_mb exceeded threshold", "Failing (exit 3)", "--fail-on warning");
        assertThat(report).content().contains("memory_rss_mb");
        assertThat(ungated.exitCode()).as(ungated.toString()).isZero();
    }

    @Test
    void sigintReachesTheCommandAndItsStatusComesBack() throws Exception {
        Path ready = dir.resolve("ready");
        Path got = dir.resolve("got-int");
        String script = "trap 'echo int > " + got + "; exit 5' INT; echo > " + ready + "; "
                + "while :; do sleep 0.1; done";
        List<String> command = new ArrayList<>(List.of(java(), "-jar",
                Path.of(System.getProperty("test.calibrax.jar", "target/calibrax.jar")).toAbsolutePath().toString(),
                "run", "--interval", "200ms", "--", "sh", "-c", script));
        Process calibrax = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile()).start();
        try {
            Path out = dir.resolve("out.txt");
            // the trap is set and calibrax has sampled the tree at least once (one plain line per sample)
            awaitTrue(() -> Files.exists(ready) && read(out).contains("process_count="), Duration.ofSeconds(30));

            // to calibrax alone, as CI sends it: not to the process group
            assertThat(new ProcessBuilder("kill", "-s", "INT", Long.toString(calibrax.pid())).start().waitFor())
                    .isZero();

            assertThat(calibrax.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(Files.readString(got)).isEqualTo("int\n");
            assertThat(calibrax.exitValue()).as(Files.readString(dir.resolve("err.txt"))).isEqualTo(5);
            assertThat(Files.readString(dir.resolve("out.txt"))).contains("Command exited with status 5.")
                    .containsPattern("(?m)^memory_rss_mb ");
        } finally {
            calibrax.destroyForcibly();
        }
    }

    @Test
    void atTheEndOfDurationTheWholeTreeIsStopped() throws Exception {
        Path pids = dir.resolve("pids");
        long start = System.nanoTime();
        CalibraxJar.Result result = CalibraxJar.run(dir, Map.of(), "run", "--duration", "2s", "--interval", "200ms",
                "--", "sh", "-c", "sleep 60 & echo $! > " + pids + "; wait");

        assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(40));
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(143); // the shell, stopped by SIGTERM
        assertThat(result.out()).contains("Command exited with status 143.");
        // the shell's child ended too: gone, or a zombie that nobody has reaped yet (a container's init may not)
        Path stat = Path.of("/proc", Files.readString(pids).strip(), "stat");
        assertThat(read(stat)).as("the shell's child").satisfiesAnyOf(
                text -> assertThat(text).isEmpty(), text -> assertThat(text).containsPattern("\\) Z "));
    }

    @Test
    void aCommandThatCannotBeStartedExitsTwoNamingIt() throws Exception {
        CalibraxJar.Result result = CalibraxJar.run(dir, Map.of(), "run", "--", "no-such-command-4711", "--flag");
        CalibraxJar.Result missing = CalibraxJar.run(dir, Map.of(), "run");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err().lines()).singleElement().asString()
                .startsWith("calibrax run: cannot start 'no-such-command-4711'");
        assertThat(result.out()).isEmpty();
        assertThat(missing.exitCode()).as(missing.toString()).isEqualTo(2);
        assertThat(missing.err()).contains("COMMAND");
    }

    @Test
    void watchPidFollowsARunningProcessUntilItEnds() throws Exception {
        // long enough to outlast calibrax's start on a loaded machine; the watch ends when it does
        Process sleeper = new ProcessBuilder("sh", "-c", "sleep 4 & wait").start();
        try {
            CalibraxJar.Result result = CalibraxJar.run(dir, Map.of(), "watch", "--pid", Long.toString(sleeper.pid()),
                    "--interval", "100ms");

            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(result.out()).contains("Watching pid " + sleeper.pid());
            assertThat(max(result.out(), "process_count")).isEqualTo(2);
        } finally {
            sleeper.destroyForcibly();
        }
    }

    @Test
    void watchWithoutAProcessReportsTheHostNotItsOwnJvm() throws Exception {
        CalibraxJar.Result result = CalibraxJar.run(dir, Map.of(), "watch", "--duration", "500ms",
                "--interval", "100ms");
        CalibraxJar.Result noSuchPid = CalibraxJar.run(dir, Map.of(), "watch", "--pid", "999999999");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("(the host and its GPUs)").containsPattern("(?m)^system_cpu_percent ")
                .containsPattern("(?m)^memory_rss_mb ").doesNotContain("jvm_heap_used_mb", "jvm_gc_count");
        assertThat(noSuchPid.exitCode()).isEqualTo(2);
        assertThat(noSuchPid.err()).contains("'--pid'", "999999999");
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "";
        }
    }

    /** Polls {@code condition} until it holds or the deadline passes. */
    private static void awaitTrue(BooleanSupplier condition, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IOException("condition not met within " + timeout);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }
}
