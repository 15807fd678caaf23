package io.calibrax.monitoring;

import io.calibrax.api.AlertSeverity;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ThresholdTest {

    @Test
    void aboveAndBelowBreachStrictlyAndClearAtTheirClearLevel() {
        Threshold above = Threshold.above(80);
        assertThat(above.isBreachedBy(80)).isFalse();
        assertThat(above.isBreachedBy(80.0001)).isTrue();
        assertThat(above.isClearedBy(80)).isTrue();
        assertThat(above.clearLevel()).isEqualTo(80);
        assertThat(above.consecutiveSamples()).isEqualTo(1);
        assertThat(above.severity()).isEmpty();

        Threshold below = Threshold.below(500).withClearLevel(550);
        assertThat(below.isBreachedBy(500)).isFalse();
        assertThat(below.isBreachedBy(499)).isTrue();
        assertThat(below.isClearedBy(540)).isFalse();
        assertThat(below.isClearedBy(550)).isTrue();
        assertThat(below.direction()).isEqualTo(Threshold.Direction.BELOW);
        assertThat(below.direction().verb()).isEqualTo("fell below");
    }

    @Test
    void refinementsReturnNewValuesAndDescribeThemselves() {
        Threshold base = Threshold.above(1.5);
        Threshold refined = base.withConsecutiveSamples(3).withClearLevel(1.2).withSeverity(AlertSeverity.ERROR);
        assertThat(base).isEqualTo(Threshold.above(1.5)).isNotEqualTo(refined);
        assertThat(refined).isEqualTo(Threshold.above(1.5).withConsecutiveSamples(3).withClearLevel(1.2)
                .withSeverity(AlertSeverity.ERROR)).hasSameHashCodeAs(refined);
        assertThat(refined.severityFor(100)).isEqualTo(AlertSeverity.ERROR);
        assertThat(refined.toString()).isEqualTo(
                "Threshold.above(1.5).withConsecutiveSamples(3).withClearLevel(1.2).withSeverity(ERROR)");
        assertThat(base.toString()).isEqualTo("Threshold.above(1.5)");
    }
}
