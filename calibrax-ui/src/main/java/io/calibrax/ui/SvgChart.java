package io.calibrax.ui;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import static io.calibrax.ui.Html.escape;

/**
 * One metric's line chart as inline SVG: a grid with value labels, the series (a point when it
 * has one reading), the threshold as a dashed line and alerts as coloured marks. The watch report
 * and the live page both draw with it. The x axis is whatever the caller measures along (epoch
 * milliseconds, reading numbers); every text drawn is HTML-escaped.
 *
 * <p>A chart is built by one thread and then drawn; not thread-safe.
 *
 * @since 0.1.0
 */
public final class SvgChart {
    /** The style rules of the classes the chart uses; colours from {@code --line}, {@code --muted}, {@code --accent}, {@code --bg}. */
    public static final String STYLE = """
            .chart { width: 100%; height: auto; }
            .chart .grid { stroke: var(--line); stroke-width: 1; }
            .chart .axis { fill: var(--muted); font-size: 11px; }
            .chart .series { fill: none; stroke: var(--accent); stroke-width: 2; stroke-linejoin: round; }
            .chart .point { fill: var(--accent); }
            .chart .threshold { stroke: #d2521d; stroke-width: 1.5; stroke-dasharray: 6 4; }
            .chart .threshold-label { fill: #d2521d; font-size: 11px; }
            .chart .mark { stroke: var(--bg); stroke-width: 1.5; }
            .chart .mark.info { fill: #4b7bd1; } .chart .mark.warning { fill: #c98a00; }
            .chart .mark.error { fill: #d2521d; } .chart .mark.critical { fill: #b3123b; }
            """;

    private static final String COLOURS = """
            :root { --muted: #5f6b7a; --line: #d9dee5; --accent: #2f6fde; --bg: #ffffff;
                    font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
            @media (prefers-color-scheme: dark) { :root { --muted: #9aa5b4; --line: #343b46; --accent: #6ea2ff;
                    --bg: #1b1f26; } }
            """;

    private static final int WIDTH = 720;
    private static final int HEIGHT = 170;
    private static final int LEFT = 64;
    private static final int RIGHT = 12;
    private static final int TOP = 10;
    private static final int BOTTOM = 26;

    private final String name;
    private double from;
    private double to = 1;
    private String fromLabel = "";
    private String toLabel = "";
    private double[] xs = new double[0];
    private double[] values = new double[0];
    private double min = Double.NaN;
    private double max = Double.NaN;
    private double threshold = Double.NaN;
    private String thresholdLabel = "";
    private final List<Mark> marks = new ArrayList<>();

    private record Mark(double x, double value, String severity, String title) {
    }

    private SvgChart(String name) {
        this.name = Objects.requireNonNull(name, "name");
    }

    /** A chart of the metric {@code name} (its accessible title). */
    public static SvgChart of(String name) {
        return new SvgChart(name);
    }

    /** The x axis runs from {@code from} to {@code to}, labelled at its ends. */
    public SvgChart axis(double from, double to, String fromLabel, String toLabel) {
        this.from = from;
        this.to = Math.max(to, from + 1);
        this.fromLabel = Objects.requireNonNull(fromLabel, "fromLabel");
        this.toLabel = Objects.requireNonNull(toLabel, "toLabel");
        return this;
    }

    /**
     * The points, x rising; the value range is theirs unless {@link #range} widens it.
     *
     * @throws IllegalArgumentException if the arrays differ in length
     */
    public SvgChart series(double[] xs, double[] values) {
        if (xs.length != values.length) {
            throw new IllegalArgumentException("xs and values differ in length: " + xs.length + " and " + values.length);
        }
        this.xs = xs.clone();
        this.values = values.clone();
        return this;
    }

    /** The smallest and largest reading to make room for (all readings, where the points are a sample of them). */
    public SvgChart range(double min, double max) {
        this.min = min;
        this.max = max;
        return this;
    }

    /** A threshold line at {@code value}, labelled {@code "threshold " + label}. */
    public SvgChart threshold(double value, String label) {
        this.threshold = value;
        this.thresholdLabel = Objects.requireNonNull(label, "label");
        return this;
    }

    /** An alert mark at ({@code x}, {@code value}) in the colour of {@code severity}, with {@code title} as its tooltip. */
    public SvgChart mark(double x, double value, String severity, String title) {
        marks.add(new Mark(x, value, Objects.requireNonNull(severity, "severity"), Objects.requireNonNull(title, "title")));
        return this;
    }

    /** The chart as a standalone SVG document (its style included), for an {@code <img>} or a file. */
    public String document() {
        StringBuilder svg = new StringBuilder(4096);
        svg.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        appendTo(svg, " xmlns=\"http://www.w3.org/2000/svg\"", "<style>\n" + COLOURS + STYLE + "</style>\n");
        return svg.toString();
    }

    /** Appends the chart as an inline {@code <svg>} element; the page carries {@link #STYLE}. */
    public void appendTo(StringBuilder html) {
        appendTo(html, "", "");
    }

    private void appendTo(StringBuilder html, String namespace, String style) {
        double lo = Double.isNaN(min) ? minOf(values) : min;
        double hi = Double.isNaN(max) ? maxOf(values) : max;
        boolean hasThreshold = !Double.isNaN(threshold);
        if (hasThreshold) {
            lo = Math.min(lo, threshold);
            hi = Math.max(hi, threshold);
        }
        if (!Double.isFinite(lo) || !Double.isFinite(hi)) { // nothing to draw yet
            lo = 0;
            hi = 1;
        }
        boolean neverNegative = lo >= 0;
        if (hi - lo < Math.max(Math.abs(hi), 1) * 1e-9) { // a flat line: give it some room
            double room = Math.max(Math.abs(hi) * 0.05, 1);
            lo -= room;
            hi += room;
        }
        double step = niceStep((hi - lo) / 4);
        lo = Math.floor(lo / step) * step;
        hi = Math.ceil(hi / step) * step;
        if (neverNegative && lo < 0) {
            lo = 0;
        }
        Scale scale = new Scale(from, to, lo, hi);

        html.append("<svg").append(namespace).append(" class=\"chart\" viewBox=\"0 0 ").append(WIDTH).append(' ')
                .append(HEIGHT).append("\" role=\"img\" aria-label=\"").append(escape(name)).append(" over time\">\n")
                .append(style).append("<title>").append(escape(name)).append("</title>\n");
        for (int i = 0; lo + i * step <= hi + step / 2; i++) {
            double value = lo + i * step;
            double y = scale.y(value);
            html.append(String.format(Locale.ROOT, "<line class=\"grid\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/>"
                            + "<text class=\"axis\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n",
                    LEFT, y, WIDTH - RIGHT, y, LEFT - 6, y + 4,
                    escape(Readings.format(Math.abs(value) < step / 1e6 ? 0 : value))));
        }
        html.append(String.format(Locale.ROOT, "<text class=\"axis\" x=\"%d\" y=\"%d\">%s</text>"
                        + "<text class=\"axis\" x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>%n",
                LEFT, HEIGHT - 6, escape(fromLabel), WIDTH - RIGHT, HEIGHT - 6, escape(toLabel)));
        if (hasThreshold) {
            double y = scale.y(threshold);
            html.append(String.format(Locale.ROOT, "<line class=\"threshold\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/>"
                            + "<text class=\"threshold-label\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\">threshold %s</text>%n",
                    LEFT, y, WIDTH - RIGHT, y, WIDTH - RIGHT - 4, y - 4, escape(thresholdLabel)));
        }
        if (xs.length == 1) {
            html.append(String.format(Locale.ROOT, "<circle class=\"point\" cx=\"%.1f\" cy=\"%.1f\" r=\"3\"/>%n",
                    scale.x(xs[0]), scale.y(values[0])));
        } else if (xs.length > 1) {
            html.append("<polyline class=\"series\" points=\"");
            for (int i = 0; i < xs.length; i++) {
                html.append(String.format(Locale.ROOT, "%.1f,%.1f ", scale.x(xs[i]), scale.y(values[i])));
            }
            html.setLength(html.length() - 1);
            html.append("\"/>\n");
        }
        for (Mark mark : marks) {
            html.append(String.format(Locale.ROOT, "<circle class=\"mark %s\" cx=\"%.1f\" cy=\"%.1f\" r=\"4.5\">"
                            + "<title>%s</title></circle>%n", escape(mark.severity()), scale.x(mark.x()),
                    scale.y(mark.value()), escape(mark.title())));
        }
        html.append("</svg>\n");
    }

    /** 1, 2 or 5 times a power of ten, the smallest at least {@code rough}: steps a reader can add up. */
    public static double niceStep(double rough) {
        double power = Math.pow(10, Math.floor(Math.log10(rough)));
        for (double factor : new double[] {1, 2, 5}) {
            if (factor * power >= rough) {
                return factor * power;
            }
        }
        return 10 * power;
    }

    private static double minOf(double[] values) {
        double min = Double.POSITIVE_INFINITY;
        for (double value : values) {
            min = Math.min(min, value);
        }
        return min;
    }

    private static double maxOf(double[] values) {
        double max = Double.NEGATIVE_INFINITY;
        for (double value : values) {
            max = Math.max(max, value);
        }
        return max;
    }

    /** Maps x and value to the chart's coordinates, clamped inside the plot area. */
    private record Scale(double x0, double x1, double lo, double hi) {
        double x(double x) {
            double fraction = (x - x0) / (x1 - x0);
            return LEFT + clamp(fraction) * (WIDTH - LEFT - RIGHT);
        }

        double y(double value) {
            double fraction = (value - lo) / (hi - lo);
            return TOP + (1 - clamp(fraction)) * (HEIGHT - TOP - BOTTOM);
        }

        private static double clamp(double fraction) {
            return Double.isFinite(fraction) ? Math.max(0, Math.min(1, fraction)) : 0;
        }
    }
}
