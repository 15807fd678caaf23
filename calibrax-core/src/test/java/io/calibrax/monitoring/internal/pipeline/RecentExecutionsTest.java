package io.calibrax.monitoring.internal.pipeline;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

class RecentExecutionsTest {

    /** Both spans' counts, rate and mean after every execution, against the plain list of all executions. */
    @Test
    void eachSpanHoldsExactlyTheLatestExecutionsInOrder() {
        Random random = new Random(11);
        int[][] spans = {{1, 1}, {1, 5}, {20, 100}, {100, 20}, {7, 7}, {3, 64}};
        for (int[] span : spans) {
            RecentExecutions recent = new RecentExecutions(span[0], span[1]);
            List<Double> times = new ArrayList<>();
            List<Boolean> failed = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                double time = random.nextInt(10) == 0 ? 0.0 : random.nextDouble();
                boolean success = random.nextInt(4) != 0;
                recent.add(time, success);
                times.add(time);
                failed.add(!success);

                int alertFrom = Math.max(0, times.size() - span[0]);
                int healthFrom = Math.max(0, times.size() - span[1]);
                assertThat(recent.alertSize()).isEqualTo(times.size() - alertFrom);
                assertThat(recent.alertFailures()).isEqualTo(count(failed.subList(alertFrom, failed.size())));
                int healthSize = times.size() - healthFrom;
                assertThat(recent.healthSize()).isEqualTo(healthSize);
                assertThat(recent.healthRate())
                        .isEqualTo((double) count(failed.subList(healthFrom, failed.size())) / healthSize);
                double sum = times.subList(healthFrom, times.size()).stream().mapToDouble(Double::doubleValue).sum();
                assertThat(recent.healthMeanTime()).isCloseTo(sum / healthSize, within(1e-12));
            }
        }
    }

    @Test
    void anEmptyWindowHasNoRateAndNoMean() {
        RecentExecutions recent = new RecentExecutions(20, 100);
        assertThat(recent.alertSize()).isZero();
        assertThat(recent.healthSize()).isZero();
        assertThat(recent.healthRate()).isZero();
        assertThat(recent.healthMeanTime()).isZero();
    }

    /** A time of minus zero passes the "not negative" check: it must not read back as a failure. */
    @Test
    void minusZeroIsATimeOfZeroNotAFailure() {
        RecentExecutions recent = new RecentExecutions(2, 2);
        recent.add(-0.0, true);
        recent.add(0.5, true);
        recent.add(0.5, true); // the -0.0 leaves both spans: a failure there would make the counts negative
        assertThat(recent.alertFailures()).isZero();
        assertThat(recent.healthRate()).isZero();
        assertThat(recent.healthMeanTime()).isEqualTo(0.5);
    }

    @Test
    void spansMustBePositive() {
        assertThatIllegalArgumentException().isThrownBy(() -> new RecentExecutions(0, 100)).withMessageContaining("0");
        assertThatIllegalArgumentException().isThrownBy(() -> new RecentExecutions(20, -1)).withMessageContaining("-1");
    }

    private static int count(List<Boolean> flags) {
        int n = 0;
        for (boolean flag : flags) {
            n += flag ? 1 : 0;
        }
        return n;
    }
}
