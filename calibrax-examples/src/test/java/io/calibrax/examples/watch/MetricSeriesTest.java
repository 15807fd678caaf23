package io.calibrax.examples.watch;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MetricSeriesTest {

    @Test
    void keepsExactStatisticsOfEveryReading() {
        MetricSeries series = new MetricSeries("latency");
        series.add(1, 2.0);
        series.add(2, 4.0);
        series.add(3, Double.NaN);
        series.add(4, 0.5);

        MetricSeries.Snapshot snapshot = series.snapshot();

        assertThat(snapshot.latest()).isEqualTo(0.5);
        assertThat(snapshot.min()).isEqualTo(0.5);
        assertThat(snapshot.max()).isEqualTo(4.0);
        assertThat(snapshot.mean()).isEqualTo(6.5 / 3);
        assertThat(snapshot.count()).isEqualTo(3);
        assertThat(snapshot.times()).containsExactly(1, 2, 4);
    }

    @Test
    void aLongRunKeepsBoundedPointsSpanningTheWholeRun() {
        MetricSeries series = new MetricSeries("cpu_percent");
        int readings = MetricSeries.MAX_POINTS * 5 + 3;
        for (int i = 0; i < readings; i++) {
            series.add(i, i);
        }

        MetricSeries.Snapshot snapshot = series.snapshot();

        assertThat(snapshot.count()).isEqualTo(readings);
        assertThat(snapshot.times().length).isBetween(MetricSeries.MAX_POINTS / 2, MetricSeries.MAX_POINTS);
        assertThat(snapshot.times()[0]).isZero();
        assertThat(snapshot.times()[snapshot.times().length - 1]).isGreaterThan(readings - 10L);
        assertThat(snapshot.max()).isEqualTo(readings - 1);
        for (int i = 1; i < snapshot.times().length; i++) {
            assertThat(snapshot.times()[i]).isGreaterThan(snapshot.times()[i - 1]);
        }
    }
}
