package io.calibrax.gpu.nvml;

import io.calibrax.api.GpuMigDevice;
import io.calibrax.spi.CalibraxConfig;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * The second half of the device check (run by src/test/device/check-against-nvidia-smi.sh after
 * {@link NvidiaSmiCheck}): the fault readings of issue 20 against {@code nvidia-smi -q} and
 * {@code nvidia-smi -L}, read before and after Calibrax's:
 * <ul>
 *   <li>memory percent against {@code FB Memory Usage} used / total (within their MiB rounding and
 *       the drift between the two runs);</li>
 *   <li>lost: nvidia-smi lists the GPU, so Calibrax must not call it lost;</li>
 *   <li>throttled against {@code Clocks Event Reasons} (or {@code Clocks Throttle Reasons}): any
 *       reason other than {@code Idle} and {@code Applications Clocks Setting} {@code Active};</li>
 *   <li>uncorrected ECC errors against {@code ECC Errors / Volatile}: the {@code Double Bit / Total}
 *       of older drivers, else the sum of the {@code Uncorrectable} counts; none where all are N/A;</li>
 *   <li>MIG: {@code MIG Mode / Current} and the MIG devices {@code nvidia-smi -L} lists.</li>
 * </ul>
 * Exit status as {@link NvidiaSmiCheck}: 0 agree, 1 differ, 2 could not run.
 */
public final class NvidiaSmiFaultCheck {

    /** One GPU's fault readings; empty where the source has no value. */
    record Faults(OptionalDouble memoryPercent, boolean lost, Optional<Boolean> throttled, OptionalLong eccUncorrected,
                  boolean migEnabled, int migDevices) {
    }

    private NvidiaSmiFaultCheck() {
    }

    public static void main(String[] args) {
        String smi = System.getProperty("calibrax.check.nvidia-smi", "nvidia-smi");
        System.exit(run(List.of(smi), CalibraxConfig.fromEnvironment(), System.out));
    }

    static int run(List<String> smiCommand, CalibraxConfig config, PrintStream out) {
        List<NvmlGpuProfiler> gpus = new NvmlGpuProfilerProvider().openProfilers(config);
        try {
            String before = NvidiaSmiCheck.output(with(smiCommand, "-q"));
            String listBefore = NvidiaSmiCheck.output(with(smiCommand, "-L"));
            List<Faults> calibrax = new ArrayList<>();
            for (NvmlGpuProfiler gpu : gpus) {
                calibrax.add(read(gpu));
            }
            String after = NvidiaSmiCheck.output(with(smiCommand, "-q"));
            List<Faults> smiBefore = parse(before, listBefore);
            List<Faults> smiAfter = parse(after, listBefore);
            boolean agree = compare(smiBefore, smiAfter, calibrax, out);
            out.println(agree ? "FAULT CHECK PASSED: Calibrax's fault readings agree with nvidia-smi -q"
                    : "FAULT CHECK FAILED: see the rows marked DIFFERS");
            return agree ? 0 : 1;
        } catch (NvmlException e) {
            out.println("FAULT CHECK FAILED: a Calibrax reading threw " + e.getMessage());
            return 1;
        } catch (IllegalStateException | UncheckedIOException e) {
            out.println("FAULT CHECK COULD NOT RUN: " + e.getMessage());
            return 2;
        } finally {
            gpus.forEach(NvmlGpuProfiler::close);
        }
    }

    private static List<String> with(List<String> command, String argument) {
        List<String> full = new ArrayList<>(command);
        full.add(argument);
        return full;
    }

    static Faults read(NvmlGpuProfiler gpu) {
        List<GpuMigDevice> migs = gpu.migDevices();
        return new Faults(gpu.memoryPercent(), gpu.isLost(), gpu.throttled(), gpu.eccUncorrectedErrors(),
                !migs.isEmpty(), migs.size());
    }

    /**
     * Reads {@code nvidia-smi -q}: one {@link Faults} per {@code GPU <bus id>} section, in order;
     * the MIG device count of each from {@code nvidia-smi -L} (its {@code MIG ...} lines under each
     * {@code GPU n:} line).
     *
     * @throws IllegalStateException if the output holds no GPU section
     */
    static List<Faults> parse(String query, String list) {
        List<Map<String, String>> sections = sections(query);
        if (sections.isEmpty()) {
            throw new IllegalStateException("nvidia-smi -q printed no GPU section");
        }
        List<Integer> migCounts = migCounts(list);
        List<Faults> faults = new ArrayList<>();
        for (int i = 0; i < sections.size(); i++) {
            Map<String, String> gpu = sections.get(i);
            faults.add(new Faults(memoryPercent(gpu), false, throttled(gpu), ecc(gpu),
                    "Enabled".equalsIgnoreCase(gpu.get("MIG Mode/Current")), i < migCounts.size() ? migCounts.get(i) : 0));
        }
        return faults;
    }

    /** Each GPU section as path → value, such as {@code ECC Errors/Volatile/DRAM Uncorrectable} → {@code 0}. */
    static List<Map<String, String>> sections(String query) {
        List<Map<String, String>> gpus = new ArrayList<>();
        Map<String, String> current = null;
        List<String> path = new ArrayList<>();
        List<Integer> indents = new ArrayList<>();
        for (String line : query.lines().toList()) {
            if (line.isBlank()) {
                continue;
            }
            int indent = line.length() - line.stripLeading().length();
            String text = line.strip();
            if (indent == 0) {
                if (text.startsWith("GPU ")) {
                    current = new LinkedHashMap<>();
                    gpus.add(current);
                }
                path.clear();
                indents.clear();
                continue;
            }
            if (current == null) {
                continue;
            }
            while (!indents.isEmpty() && indents.get(indents.size() - 1) >= indent) {
                indents.remove(indents.size() - 1);
                path.remove(path.size() - 1);
            }
            int colon = text.indexOf(':');
            if (colon < 0) {
                path.add(text);
                indents.add(indent);
            } else {
                String key = text.substring(0, colon).strip();
                String prefix = path.isEmpty() ? "" : String.join("/", path) + "/";
                current.put(prefix + key, text.substring(colon + 1).strip());
            }
        }
        return gpus;
    }

    private static List<Integer> migCounts(String list) {
        List<Integer> counts = new ArrayList<>();
        for (String line : list.lines().toList()) {
            String text = line.strip();
            if (text.startsWith("GPU ")) {
                counts.add(0);
            } else if (text.startsWith("MIG ") && !counts.isEmpty()) {
                counts.set(counts.size() - 1, counts.get(counts.size() - 1) + 1);
            }
        }
        return counts;
    }

    private static OptionalDouble memoryPercent(Map<String, String> gpu) {
        OptionalDouble used = number(gpu.get("FB Memory Usage/Used"));
        OptionalDouble total = number(gpu.get("FB Memory Usage/Total"));
        if (used.isEmpty() || total.isEmpty() || total.getAsDouble() <= 0) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(100.0 * used.getAsDouble() / total.getAsDouble());
    }

    private static Optional<Boolean> throttled(Map<String, String> gpu) {
        boolean seen = false;
        boolean active = false;
        for (Map.Entry<String, String> entry : gpu.entrySet()) {
            String key = entry.getKey();
            if (!key.startsWith("Clocks Event Reasons/") && !key.startsWith("Clocks Throttle Reasons/")
                    && !key.startsWith("Performance/Clocks Event Reasons/")
                    && !key.startsWith("Performance/Clocks Throttle Reasons/")) {
                continue;
            }
            String value = entry.getValue();
            if (!value.equals("Active") && !value.equals("Not Active")) {
                continue; // the counters of newer drivers, N/A
            }
            seen = true;
            String reason = key.substring(key.lastIndexOf('/') + 1);
            if (value.equals("Active") && !reason.equals("Idle") && !reason.equals("Applications Clocks Setting")) {
                active = true;
            }
        }
        return seen ? Optional.of(active) : Optional.empty();
    }

    private static OptionalLong ecc(Map<String, String> gpu) {
        OptionalDouble doubleBit = number(gpu.get("ECC Errors/Volatile/Double Bit/Total"));
        if (doubleBit.isPresent()) {
            return OptionalLong.of((long) doubleBit.getAsDouble());
        }
        long sum = 0;
        boolean seen = false;
        for (Map.Entry<String, String> entry : gpu.entrySet()) {
            if (entry.getKey().startsWith("ECC Errors/Volatile/") && entry.getKey().contains("Uncorrectable")) {
                OptionalDouble value = number(entry.getValue());
                if (value.isPresent()) {
                    sum += (long) value.getAsDouble();
                    seen = true;
                }
            }
        }
        return seen ? OptionalLong.of(sum) : OptionalLong.empty();
    }

    /** {@code "81559 MiB"} is 81559; {@code "N/A"} and other words are empty. */
    private static OptionalDouble number(String value) {
        if (value == null) {
            return OptionalDouble.empty();
        }
        String first = value.strip().split("\\s+")[0];
        try {
            return OptionalDouble.of(Double.parseDouble(first));
        } catch (NumberFormatException e) {
            return OptionalDouble.empty();
        }
    }

    static boolean compare(List<Faults> before, List<Faults> after, List<Faults> calibrax, PrintStream out) {
        if (before.size() != calibrax.size() || after.size() != calibrax.size()) {
            out.printf("DIFFERS: nvidia-smi -q lists %d then %d GPUs, Calibrax %d%n", before.size(), after.size(),
                    calibrax.size());
            return false;
        }
        boolean agree = true;
        for (int i = 0; i < calibrax.size(); i++) {
            Faults b = before.get(i);
            Faults a = after.get(i);
            Faults c = calibrax.get(i);
            out.printf("GPU %d (faults)%n  %-22s %-30s %-16s %s%n", i, "reading", "nvidia-smi -q (before | after)",
                    "Calibrax", "verdict");
            agree &= row(out, "memory percent", b.memoryPercent() + " | " + a.memoryPercent(), c.memoryPercent(),
                    percentVerdict(b, a, c));
            agree &= row(out, "lost", "false (listed)", c.lost(), c.lost() ? "DIFFERS" : "ok");
            agree &= row(out, "throttled", b.throttled() + " | " + a.throttled(), c.throttled(),
                    c.throttled().equals(b.throttled()) || c.throttled().equals(a.throttled()) ? "ok" : "DIFFERS");
            agree &= row(out, "ECC uncorrected", b.eccUncorrected() + " | " + a.eccUncorrected(), c.eccUncorrected(),
                    eccVerdict(b.eccUncorrected(), a.eccUncorrected(), c.eccUncorrected()));
            agree &= row(out, "MIG devices", b.migEnabled() + " " + b.migDevices(), c.migEnabled() + " " + c.migDevices(),
                    b.migDevices() == c.migDevices() && (c.migDevices() == 0 || b.migEnabled()) ? "ok" : "DIFFERS");
        }
        return agree;
    }

    private static boolean row(PrintStream out, String reading, String smi, Object calibrax, String verdict) {
        out.printf(Locale.ROOT, "  %-22s %-30s %-16s %s%n", reading, smi, calibrax, verdict);
        return verdict.equals("ok");
    }

    private static String percentVerdict(Faults before, Faults after, Faults calibrax) {
        if (before.memoryPercent().isEmpty() || after.memoryPercent().isEmpty()) {
            return calibrax.memoryPercent().isEmpty() ? "ok" : "DIFFERS";
        }
        if (calibrax.memoryPercent().isEmpty()) {
            return "DIFFERS";
        }
        double low = Math.min(before.memoryPercent().getAsDouble(), after.memoryPercent().getAsDouble());
        double high = Math.max(before.memoryPercent().getAsDouble(), after.memoryPercent().getAsDouble());
        double value = calibrax.memoryPercent().getAsDouble();
        double slack = 0.01; // nvidia-smi's whole MiB: 1 MiB of a few GiB or more is under 0.01 %
        return value >= low - slack && value <= high + slack ? "ok" : "DIFFERS";
    }

    private static String eccVerdict(OptionalLong before, OptionalLong after, OptionalLong calibrax) {
        if (before.isEmpty() && after.isEmpty()) {
            return calibrax.isEmpty() ? "ok" : "DIFFERS";
        }
        if (calibrax.isEmpty()) {
            return "DIFFERS";
        }
        long value = calibrax.getAsLong();
        return value >= before.orElse(value) && value <= after.orElse(value) ? "ok" : "DIFFERS";
    }
}
