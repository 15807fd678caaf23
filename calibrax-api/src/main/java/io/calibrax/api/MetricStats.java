package io.calibrax.api;

/**
 * Statistics of one metric's recent history, as a monitor keeps it.
 *
 * <p>Immutable and thread-safe.
 *
 * @param latest  the newest reading
 * @param min     the smallest reading in the history
 * @param max     the largest reading in the history
 * @param mean    the arithmetic mean of the history
 * @param samples how many readings the history holds
 * @since 0.1.0
 */
public record MetricStats(double latest, double min, double max, double mean, int samples) {

    /**
     * @throws IllegalArgumentException if samples is negative, min exceeds max, or a value is NaN
     */
    public MetricStats {
        if (samples < 0) {
            throw new IllegalArgumentException("samples must not be negative, got " + samples);
        }
        if (Double.isNaN(latest) || Double.isNaN(min) || Double.isNaN(max) || Double.isNaN(mean)) {
            throw new IllegalArgumentException("latest, min, max and mean must not be NaN");
        }
        if (samples > 0 && min > max) {
            throw new IllegalArgumentException("min (" + min + ") must not exceed max (" + max + ")");
        }
    }
}
