package io.calibrax.gpu.nvml.jna;

import com.sun.jna.Native;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Finds and loads the NVML library, once per name or path for the life of the JVM (a native
 * library cannot be unloaded safely, and loading it again would only cost time).
 *
 * <p>Failure is an answer, not an exception: {@link #load(List)} gives {@link Unavailable} with a
 * one-line reason where no candidate loads, JNA's own native part included. Thread-safe.
 *
 * @since 0.1.0
 */
public final class NvmlLoader {
    private static final ConcurrentMap<String, NvmlLibrary> LOADED = new ConcurrentHashMap<>();

    private NvmlLoader() {
    }

    /**
     * What {@link #load(List)} found.
     *
     * @since 0.1.0
     */
    public sealed interface Result permits Loaded, Unavailable {
    }

    /**
     * A loaded library.
     *
     * @param library the binding
     * @param source  the candidate it was loaded from
     * @since 0.1.0
     */
    public record Loaded(NvmlLibrary library, String source) implements Result {
        public Loaded {
            Objects.requireNonNull(library, "library");
            Objects.requireNonNull(source, "source");
        }
    }

    /**
     * No candidate loaded.
     *
     * @param reason one line naming each candidate tried and why it failed
     * @since 0.1.0
     */
    public record Unavailable(String reason) implements Result {
        public Unavailable {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * Where the driver installs NVML: {@code libnvidia-ml.so.1}, then {@code nvidia-ml}
     * ({@code libnvidia-ml.so}, present with the development package) on Linux and other Unix
     * systems; {@code nvml.dll} in {@code System32}, then in the NVSMI folder on Windows.
     *
     * @param osName      the {@code os.name} system property
     * @param environment the environment variables ({@code SystemRoot}, {@code ProgramFiles} on Windows)
     */
    public static List<String> defaultCandidates(String osName, Map<String, String> environment) {
        Objects.requireNonNull(osName, "osName");
        Objects.requireNonNull(environment, "environment");
        if (osName.toLowerCase(Locale.ROOT).startsWith("windows")) {
            String systemRoot = environment.getOrDefault("SystemRoot",
                    environment.getOrDefault("WINDIR", "C:\\Windows"));
            String programFiles = environment.getOrDefault("ProgramW6432",
                    environment.getOrDefault("ProgramFiles", "C:\\Program Files"));
            return List.of(systemRoot + "\\System32\\nvml.dll",
                    programFiles + "\\NVIDIA Corporation\\NVSMI\\nvml.dll");
        }
        return List.of("libnvidia-ml.so.1", "nvidia-ml");
    }

    /** {@link #defaultCandidates(String, Map)} for this machine. */
    public static List<String> defaultCandidates() {
        return defaultCandidates(System.getProperty("os.name", ""), System.getenv());
    }

    /**
     * Loads the first candidate that loads; a candidate loaded before is not loaded again.
     *
     * @param candidates library names (as JNA maps them) or file paths, in order of preference
     * @throws IllegalArgumentException if the list is empty
     */
    public static Result load(List<String> candidates) {
        Objects.requireNonNull(candidates, "candidates");
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("candidates must not be empty");
        }
        List<String> failures = new ArrayList<>();
        for (String candidate : candidates) {
            Objects.requireNonNull(candidate, "candidate");
            if (looksLikePath(candidate) && !new File(candidate).isFile()) {
                failures.add(candidate + ": no such file");
                continue;
            }
            try {
                return new Loaded(LOADED.computeIfAbsent(candidate,
                        name -> Native.load(name, NvmlLibrary.class)), candidate);
            } catch (LinkageError | RuntimeException e) {
                // UnsatisfiedLinkError for a missing library; NoClassDefFoundError where JNA's own
                // native part cannot load; IllegalArgumentException for a bad name
                failures.add(candidate + ": " + firstLine(e));
            }
        }
        return new Unavailable(String.join("; ", failures));
    }

    private static boolean looksLikePath(String candidate) {
        return candidate.indexOf('/') >= 0 || candidate.indexOf('\\') >= 0;
    }

    /** JNA's messages list every path tried, one per line: the line naming the cause is enough. */
    private static String firstLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        String[] lines = message.strip().split("\\R");
        String best = lines[0];
        for (String line : lines) {
            if (!line.isBlank() && !line.startsWith("Unable to load library")) {
                best = line;
                break;
            }
        }
        best = best.strip();
        return best.length() > 200 ? best.substring(0, 200) + "..." : best;
    }
}
