package io.calibrax.micrometer;

import io.micrometer.core.instrument.Tags;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The meter that shows one monitored metric: {@code calibrax.<metric>} without tags, except the
 * GPU readings, which share one meter per reading with the GPU's index as the tag {@code gpu}
 * ({@code gpu_utilization} is {@code calibrax.gpu_utilization{gpu="0"}}, {@code gpu1_utilization}
 * is {@code calibrax.gpu_utilization{gpu="1"}}), so a dashboard graphs every GPU with one query.
 *
 * @param name the meter's name
 * @param tags its tags
 */
record MetricMeterName(String name, Tags tags) {
    private static final Pattern GPU_READING = Pattern.compile("gpu(\\d*)_(.+)");

    /** The meter for the metric named {@code metric}. */
    static MetricMeterName of(String metric) {
        Matcher gpu = GPU_READING.matcher(metric);
        if (gpu.matches()) {
            String index = gpu.group(1).isEmpty() ? "0" : gpu.group(1);
            return new MetricMeterName("calibrax.gpu_" + gpu.group(2), Tags.of("gpu", index));
        }
        return new MetricMeterName("calibrax." + metric, Tags.empty());
    }
}
