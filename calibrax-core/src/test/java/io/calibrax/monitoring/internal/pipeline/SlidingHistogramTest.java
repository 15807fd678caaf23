package io.calibrax.monitoring.internal.pipeline;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;
import java.util.function.DoubleSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.within;

class SlidingHistogramTest {
    private static final double[] PS = {0.0, 0.25, 0.50, 0.95, 0.99, 1.0};

    /** numpy's default percentile: linear interpolation between the two nearest ranks. */
    private static double reference(double[] values, double p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double position = p * (sorted.length - 1);
        int lower = (int) Math.floor(position);
        int upper = Math.min(sorted.length - 1, lower + 1);
        return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - lower);
    }

    private static double allowedError(double exact) {
        return Math.max(exact * SlidingHistogram.RELATIVE_ERROR, SlidingHistogram.ABSOLUTE_ERROR_BELOW_RANGE);
    }

    private static double min(double[] values) {
        return Arrays.stream(values).min().orElseThrow();
    }

    private static double max(double[] values) {
        return Arrays.stream(values).max().orElseThrow();
    }

    @Test
    void quantilesOfTheWindowAreWithinTheDocumentedPrecisionOfNumpys() {
        Random random = new Random(7);
        DoubleSupplier[] distributions = {
            () -> 0.050 + random.nextDouble() * 0.050,                 // 50..100 ms
            () -> Math.exp(random.nextGaussian() * 3 - 4),              // log-normal over many decades
            () -> random.nextInt(4) * 0.25,                             // few distinct values, zero among them
            () -> random.nextDouble() * 1e-7,                           // below the log-linear range
            () -> 0.1,                                                  // constant
            () -> random.nextBoolean() ? 1e-3 : 1e3,                    // bimodal
        };
        for (int window : new int[] {1, 2, 3, 10, 25, 1024}) {
            for (int d = 0; d < distributions.length; d++) {
                for (int added : new int[] {1, 2, window, window + 1, 3 * window + 7}) {
                    SlidingHistogram histogram = new SlidingHistogram(window);
                    double[] all = new double[added];
                    for (int i = 0; i < added; i++) {
                        all[i] = distributions[d].getAsDouble();
                        histogram.add(all[i]);
                    }
                    double[] held = Arrays.copyOfRange(all, Math.max(0, added - window), added);
                    assertThat(histogram.size()).isEqualTo(held.length);
                    // bounds from every value ever added, as the monitor passes them
                    double[] actual = SlidingHistogram.quantiles(new SlidingHistogram[] {histogram}, PS, min(all), max(all));
                    for (int q = 0; q < PS.length; q++) {
                        double exact = reference(held, PS[q]);
                        assertThat(Math.abs(actual[q] - exact))
                                .as("window=%d distribution=%d added=%d p=%s exact=%s actual=%s",
                                        window, d, added, PS[q], exact, actual[q])
                                .isLessThanOrEqualTo(allowedError(exact));
                    }
                }
            }
        }
    }

    @Test
    void valuesEqualToTheBoundsComeOutExactly() {
        SlidingHistogram histogram = new SlidingHistogram(16);
        for (int i = 0; i < 40; i++) {
            histogram.add(0.3);
        }
        assertThat(SlidingHistogram.quantiles(new SlidingHistogram[] {histogram}, PS, 0.3, 0.3))
                .containsOnly(0.3);
    }

    @Test
    void theOldestValuesLeaveTheWindow() {
        SlidingHistogram histogram = new SlidingHistogram(100);
        for (int i = 0; i < 1000; i++) {
            histogram.add(10.0); // all evicted by what follows
        }
        for (int i = 0; i < 100; i++) {
            histogram.add(0.001 * (i + 1));
        }
        double[] quantiles = SlidingHistogram.quantiles(new SlidingHistogram[] {histogram}, new double[] {0.5, 1.0}, 0.001, 10.0);
        assertThat(quantiles[0]).isCloseTo(0.0505, within(0.0505 / 32));
        assertThat(quantiles[1]).isCloseTo(0.1, within(0.1 / 32));
    }

    @Test
    void mergedPartsGiveWhatOneHistogramOfAllTheirValuesGives() {
        Random random = new Random(11);
        SlidingHistogram whole = new SlidingHistogram(4000);
        SlidingHistogram[] parts = {new SlidingHistogram(1000), new SlidingHistogram(1000),
            new SlidingHistogram(1000), new SlidingHistogram(1000)};
        double[] values = new double[4000];
        for (int i = 0; i < values.length; i++) {
            values[i] = Math.exp(random.nextGaussian() - 2);
            whole.add(values[i]);
            parts[i % parts.length].add(values[i]);
        }
        double[] merged = SlidingHistogram.quantiles(parts, PS, min(values), max(values));
        double[] single = SlidingHistogram.quantiles(new SlidingHistogram[] {whole}, PS, min(values), max(values));
        assertThat(merged).containsExactly(single);
        for (int q = 0; q < PS.length; q++) {
            assertThat(Math.abs(merged[q] - reference(values, PS[q]))).isLessThanOrEqualTo(allowedError(reference(values, PS[q])));
        }
    }

    @Test
    void bucketsCoverTheRangeInOrderWithTheDocumentedWidth() {
        assertThat(SlidingHistogram.bucket(0.0)).isZero();
        assertThat(SlidingHistogram.bucket(Double.MIN_VALUE)).isZero();
        assertThat(SlidingHistogram.bucket(SlidingHistogram.LOWEST)).isEqualTo(SlidingHistogram.SUB_BUCKETS);
        assertThat(SlidingHistogram.bucket(SlidingHistogram.HIGHEST)).isEqualTo(SlidingHistogram.OVERFLOW);
        assertThat(SlidingHistogram.bucket(Math.nextDown(SlidingHistogram.HIGHEST))).isEqualTo(SlidingHistogram.OVERFLOW - 1);
        assertThat(SlidingHistogram.bucket(Double.MAX_VALUE)).isEqualTo(SlidingHistogram.OVERFLOW);
        assertThat(SlidingHistogram.BUCKETS).isEqualTo(SlidingHistogram.OVERFLOW + 1);
        for (int b = 0; b < SlidingHistogram.OVERFLOW; b++) {
            double low = SlidingHistogram.lowerBound(b);
            double high = SlidingHistogram.lowerBound(b + 1);
            assertThat(high).as("bucket %d", b).isGreaterThan(low);
            assertThat(SlidingHistogram.bucket(low)).as("bucket %d", b).isEqualTo(b);
            assertThat(SlidingHistogram.bucket(Math.nextDown(high))).as("bucket %d", b).isEqualTo(b);
            if (low >= SlidingHistogram.LOWEST) {
                assertThat((high - low) / low).as("bucket %d", b).isLessThanOrEqualTo(SlidingHistogram.RELATIVE_ERROR);
            } else {
                assertThat(high - low).as("bucket %d", b).isLessThanOrEqualTo(SlidingHistogram.ABSOLUTE_ERROR_BELOW_RANGE);
            }
        }
        assertThat(SlidingHistogram.lowerBound(SlidingHistogram.OVERFLOW)).isEqualTo(SlidingHistogram.HIGHEST);
    }

    /**
     * A few values far above the range must not drag a quantile of the values within it, nor be
     * reported anywhere but at the largest of them: the last in-range bucket no longer holds them.
     */
    @Test
    void valuesAboveTheRangeHaveAnOverflowBucketReportedAtTheirLargest() {
        SlidingHistogram histogram = new SlidingHistogram(100);
        double[] values = new double[100];
        for (int i = 0; i < 100; i++) {
            values[i] = i < 94 ? 1_000_000.0 : 1e9; // 94 just under 2^20 (in the top bucket of the range), 6 far above
            histogram.add(values[i]);
        }
        double[] ps = {0.50, 0.93, 0.95, 0.99, 1.0};
        double[] quantiles = SlidingHistogram.quantiles(new SlidingHistogram[] {histogram}, ps, 1_000_000.0, 1e9);
        for (int q = 0; q < ps.length; q++) {
            double exact = reference(values, ps[q]);
            if (exact < SlidingHistogram.HIGHEST) {
                assertThat(quantiles[q]).as("p%s", ps[q]).isCloseTo(exact, within(allowedError(exact)));
            } else {
                assertThat(quantiles[q]).as("p%s", ps[q]).isEqualTo(exact); // all overflow values equal: exact
            }
        }

        // the overflow bucket's largest is the largest added since it last emptied, not the lifetime maximum
        SlidingHistogram sliding = new SlidingHistogram(4);
        sliding.add(1e12);
        for (int i = 0; i < 4; i++) {
            sliding.add(1.0); // evicts 1e12: the overflow bucket empties
        }
        sliding.add(2e6);
        sliding.add(2e6);
        assertThat(SlidingHistogram.quantiles(new SlidingHistogram[] {sliding}, new double[] {1.0}, 1.0, 1e12)[0])
                .isEqualTo(2e6);
    }

    @Test
    void valuesAboveTheRangeStayWithinTheMaximum() {
        SlidingHistogram histogram = new SlidingHistogram(10);
        histogram.add(3e6);
        histogram.add(5e6);
        double[] quantiles = SlidingHistogram.quantiles(new SlidingHistogram[] {histogram}, new double[] {0.0, 1.0}, 3e6, 5e6);
        assertThat(quantiles[0]).isBetween(SlidingHistogram.HIGHEST, 5e6);
        assertThat(quantiles[1]).isBetween(quantiles[0], 5e6);
    }

    @Test
    void emptyOrNonsensicalUseIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> new SlidingHistogram(0)).withMessageContaining("window");
        assertThatIllegalStateException().isThrownBy(() ->
                SlidingHistogram.quantiles(new SlidingHistogram[] {new SlidingHistogram(4)}, PS, 0, 0));
    }
}
