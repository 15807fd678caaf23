package io.calibrax.gpu.nvml;

import io.calibrax.api.GpuClocks;
import io.calibrax.api.GpuMemory;
import io.calibrax.spi.CalibraxConfig;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The device check (run by src/test/device/check-against-nvidia-smi.sh on a machine with NVIDIA
 * GPUs): reads every GPU through Calibrax between two runs of
 * {@code nvidia-smi --query-gpu=name,memory.used,memory.total,utilization.gpu,clocks.gr,clocks.mem,power.draw,temperature.gpu --format=csv},
 * prints both side by side, and fails where a Calibrax reading lies outside what nvidia-smi
 * showed before and after it (the drift between two reads) widened by nvidia-smi's rounding.
 * A disagreement is read again, up to three times, before it counts.
 *
 * <p>Exit status: 0 all agree; 1 a reading disagrees; 2 the check could not run (no nvidia-smi,
 * output it cannot parse).
 */
public final class NvidiaSmiCheck {
    static final String QUERY = "name,memory.used,memory.total,utilization.gpu,clocks.gr,clocks.mem,power.draw,temperature.gpu";
    private static final int ATTEMPTS = 3;

    /**
     * The queried fields in order: the names nvidia-smi may head them with, the unit in its values
     * ({@code "1234 MiB"}), and its rounding.
     */
    enum Field {
        NAME(List.of("name"), "", 0),
        MEMORY_USED(List.of("memory.used"), "MiB", 1),
        MEMORY_TOTAL(List.of("memory.total"), "MiB", 1),
        UTILIZATION(List.of("utilization.gpu"), "%", 0),
        CLOCK_GRAPHICS(List.of("clocks.current.graphics", "clocks.gr"), "MHz", 0),
        CLOCK_MEMORY(List.of("clocks.current.memory", "clocks.mem"), "MHz", 0),
        POWER_DRAW(List.of("power.draw"), "W", 0.01),
        TEMPERATURE(List.of("temperature.gpu"), "C", 0);

        final List<String> names;
        final String unit;
        final double rounding;

        Field(List<String> names, String unit, double rounding) {
            this.names = names;
            this.unit = unit;
            this.rounding = rounding;
        }

        /** How nvidia-smi heads the column, such as {@code memory.used [MiB]}. */
        String header() {
            return names.get(0) + (unit.isEmpty() || this == TEMPERATURE ? "" : " [" + unit + "]");
        }

        /** Whether {@code cell} heads this field: one of its names, with its unit or none. */
        boolean heads(String cell) {
            int bracket = cell.indexOf(" [");
            String name = bracket < 0 ? cell : cell.substring(0, bracket);
            String unitText = bracket < 0 ? "" : cell.substring(bracket + 2, cell.length() - 1);
            return names.contains(name) && (unitText.isEmpty() || unitText.equals(unit));
        }
    }

    /** One GPU's row: the name, and each numeric field (empty for [N/A], [Not Supported], ...). */
    record Row(String name, Map<Field, OptionalDouble> values) {
        OptionalDouble value(Field field) {
            return values.getOrDefault(field, OptionalDouble.empty());
        }
    }

    private NvidiaSmiCheck() {
    }

    public static void main(String[] args) {
        String smi = System.getProperty("calibrax.check.nvidia-smi", "nvidia-smi");
        System.exit(run(List.of(smi), CalibraxConfig.fromEnvironment(), System.out));
    }

    /**
     * Runs the check.
     *
     * @param smiCommand the nvidia-smi command (the query arguments are appended)
     * @param config     Calibrax's config ({@code calibrax.nvml.library} may name the library)
     * @return the exit status
     */
    static int run(List<String> smiCommand, CalibraxConfig config, PrintStream out) {
        List<NvmlGpuProfiler> gpus = new NvmlGpuProfilerProvider().openProfilers(config);
        try {
            int status = 1;
            for (int attempt = 1; attempt <= ATTEMPTS && status == 1; attempt++) {
                String before = nvidiaSmi(smiCommand);
                List<Row> calibrax = new ArrayList<>();
                for (NvmlGpuProfiler gpu : gpus) {
                    calibrax.add(read(gpu));
                }
                String after = nvidiaSmi(smiCommand);
                out.printf("== attempt %d of %d%n-- nvidia-smi before:%n%s-- nvidia-smi after:%n%s", attempt,
                        ATTEMPTS, before, after);
                status = compare(parse(before), parse(after), calibrax, out) ? 0 : 1;
            }
            out.println(status == 0 ? "CHECK PASSED: Calibrax agrees with nvidia-smi on every GPU"
                    : "CHECK FAILED: Calibrax disagrees with nvidia-smi (see the rows marked DIFFERS)");
            return status;
        } catch (NvmlException e) {
            out.println("CHECK FAILED: a Calibrax reading threw " + e.getMessage());
            return 1;
        } catch (IllegalStateException | UncheckedIOException e) {
            out.println("CHECK COULD NOT RUN: " + e.getMessage());
            return 2;
        } finally {
            gpus.forEach(NvmlGpuProfiler::close);
        }
    }

    /** Calibrax's readings of one GPU in nvidia-smi's units (MiB = MB here: both 1024×1024 bytes). */
    static Row read(NvmlGpuProfiler gpu) {
        Map<Field, OptionalDouble> values = new EnumMap<>(Field.class);
        OptionalDouble used = gpu.memory().map(GpuMemory::usedMb).map(OptionalDouble::of).orElse(OptionalDouble.empty());
        OptionalDouble total = gpu.memory().map(GpuMemory::totalMb).map(OptionalDouble::of).orElse(OptionalDouble.empty());
        values.put(Field.MEMORY_USED, used);
        values.put(Field.MEMORY_TOTAL, total);
        values.put(Field.UTILIZATION, gpu.utilization());
        // the GpuProfiler pair where both are supported, else each alone
        OptionalDouble graphics = gpu.clocks().map(GpuClocks::graphicsMhz).map(OptionalDouble::of)
                .orElseGet(gpu::graphicsClockMhz);
        OptionalDouble memory = gpu.clocks().map(GpuClocks::memoryMhz).map(OptionalDouble::of)
                .orElseGet(gpu::memoryClockMhz);
        values.put(Field.CLOCK_GRAPHICS, graphics);
        values.put(Field.CLOCK_MEMORY, memory);
        values.put(Field.POWER_DRAW, gpu.power().map(p -> OptionalDouble.of(p.drawWatts())).orElseGet(gpu::powerDrawWatts));
        values.put(Field.TEMPERATURE, gpu.temperatureCelsius());
        return new Row(gpu.name(), values);
    }

    /**
     * Parses nvidia-smi's {@code --format=csv} output of {@link #QUERY}: a header line, then one
     * line per GPU such as {@code NVIDIA H100 80GB HBM3, 4 MiB, 81559 MiB, 0 %, 345 MHz, 2619 MHz, 69.82 W, 30}.
     *
     * @throws IllegalStateException if the output is not that
     */
    static List<Row> parse(String csv) {
        List<String> lines = csv.lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
        if (lines.isEmpty()) {
            throw new IllegalStateException("nvidia-smi printed nothing");
        }
        Field[] fields = Field.values();
        List<String> header = List.of(lines.get(0).split("\\s*,\\s*"));
        boolean known = header.size() == fields.length;
        for (int f = 0; known && f < fields.length; f++) {
            known = fields[f].heads(header.get(f));
        }
        if (!known) {
            throw new IllegalStateException("unexpected nvidia-smi header " + header + ", expected "
                    + java.util.Arrays.stream(fields).map(Field::header).toList());
        }
        List<Row> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            List<String> cells = List.of(line.split("\\s*,\\s*", -1));
            if (cells.size() < fields.length) {
                throw new IllegalStateException("nvidia-smi row with " + cells.size() + " cells: " + line);
            }
            // a name with a comma in it spans several cells: the numeric cells are the last ones
            int extra = cells.size() - fields.length;
            String name = String.join(", ", cells.subList(0, 1 + extra));
            Map<Field, OptionalDouble> values = new EnumMap<>(Field.class);
            for (int f = 1; f < fields.length; f++) {
                values.put(fields[f], parseValue(cells.get(f + extra), fields[f]));
            }
            rows.add(new Row(name, values));
        }
        return rows;
    }

    /**
     * {@code "1234 MiB"} (or {@code "1234"}, as {@code --format=csv,nounits} prints it) is 1234;
     * {@code "[N/A]"}, {@code "[Not Supported]"} and other bracketed words are empty.
     *
     * @throws IllegalStateException for anything else, such as a value in another unit
     */
    static OptionalDouble parseValue(String cell, Field field) {
        String text = cell.strip();
        if (text.startsWith("[") || text.equalsIgnoreCase("N/A")) {
            return OptionalDouble.empty();
        }
        if (text.endsWith(" " + field.unit)) {
            text = text.substring(0, text.length() - field.unit.length()).strip();
        }
        try {
            return OptionalDouble.of(Double.parseDouble(text));
        } catch (NumberFormatException e) {
            throw new IllegalStateException(field.header() + ": expected a number in " + field.unit + ", got '"
                    + cell + "'", e);
        }
    }

    /** Prints the readings side by side; true when every reading agrees. */
    static boolean compare(List<Row> before, List<Row> after, List<Row> calibrax, PrintStream out) {
        boolean agree = true;
        if (before.size() != calibrax.size() || after.size() != calibrax.size()) {
            out.printf("DIFFERS: nvidia-smi lists %d then %d GPUs, Calibrax %d%n", before.size(), after.size(),
                    calibrax.size());
            agree = false;
        }
        for (int i = 0; i < Math.min(calibrax.size(), Math.min(before.size(), after.size())); i++) {
            out.printf("GPU %d%n  %-30s %-34s %-26s %s%n", i, "field", "nvidia-smi (before | after)", "Calibrax", "verdict");
            boolean sameName = before.get(i).name().equals(calibrax.get(i).name());
            out.printf("  %-30s %-34s %-26s %s%n", "name", before.get(i).name(), calibrax.get(i).name(),
                    sameName ? "ok" : "DIFFERS");
            agree &= sameName;
            for (Field field : Field.values()) {
                if (field == Field.NAME) {
                    continue;
                }
                OptionalDouble b = before.get(i).value(field);
                OptionalDouble a = after.get(i).value(field);
                OptionalDouble c = calibrax.get(i).value(field);
                String verdict = verdict(b, a, c, field.rounding);
                out.printf("  %-30s %-34s %-26s %s%n", field.header(), text(b) + " | " + text(a), text(c), verdict);
                agree &= !verdict.startsWith("DIFFERS");
            }
        }
        return agree;
    }

    static String verdict(OptionalDouble before, OptionalDouble after, OptionalDouble calibrax, double rounding) {
        if (before.isEmpty() && after.isEmpty()) {
            return calibrax.isEmpty() ? "ok (neither has it)" : "DIFFERS: nvidia-smi has no value";
        }
        if (calibrax.isEmpty()) {
            return "DIFFERS: Calibrax has no value";
        }
        double low = Math.min(before.orElse(Double.MAX_VALUE), after.orElse(Double.MAX_VALUE));
        double high = Math.max(before.orElse(-Double.MAX_VALUE), after.orElse(-Double.MAX_VALUE));
        double value = calibrax.getAsDouble();
        // a little over the rounding, for binary fractions such as 251.337 printed as 251.34
        double slack = rounding + 1e-9;
        if (value >= low - slack && value <= high + slack) {
            return "ok";
        }
        return String.format(Locale.ROOT, "DIFFERS: outside [%s, %s] by more than %s", trim(low), trim(high), trim(rounding));
    }

    private static String text(OptionalDouble value) {
        return value.isPresent() ? trim(value.getAsDouble()) : "n/a";
    }

    private static String trim(double value) {
        return java.math.BigDecimal.valueOf(value).setScale(3, java.math.RoundingMode.HALF_EVEN)
                .stripTrailingZeros().toPlainString();
    }

    /** Runs nvidia-smi with the query; its standard output. */
    private static String nvidiaSmi(List<String> command) {
        List<String> full = new ArrayList<>(command);
        full.add("--query-gpu=" + QUERY);
        full.add("--format=csv");
        return output(full);
    }

    /**
     * Runs {@code full} (at most 60 s); its standard output.
     *
     * @throws IllegalStateException if it cannot run, times out or exits other than 0
     */
    static String output(List<String> full) {
        List<String> command = full;
        Process process;
        try {
            process = new ProcessBuilder(full).redirectErrorStream(false).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command + ": " + e.getMessage(), e);
        }
        try {
            CompletableFuture<String> stdout = CompletableFuture.supplyAsync(() -> drain(process.getInputStream()));
            CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> drain(process.getErrorStream()));
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException(command + " did not answer within 60 s");
            }
            String text = stdout.get(10, TimeUnit.SECONDS);
            if (process.exitValue() != 0) {
                throw new IllegalStateException(command + " exited with " + process.exitValue() + ": "
                        + stderr.get(10, TimeUnit.SECONDS).strip() + " " + text.strip());
            }
            return text;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cannot read the output of " + command + ": " + e.getMessage(), e);
        } finally {
            process.destroyForcibly();
        }
    }

    private static String drain(InputStream stream) {
        try (stream) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            stream.transferTo(bytes);
            return bytes.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
