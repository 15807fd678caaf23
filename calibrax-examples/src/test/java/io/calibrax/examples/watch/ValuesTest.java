package io.calibrax.examples.watch;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class ValuesTest {

    @Test
    void readingsGetTheDecimalsTheyDeserve() {
        assertThat(Values.format(90)).isEqualTo("90");
        assertThat(Values.format(-3)).isEqualTo("-3");
        assertThat(Values.format(1234.56)).isEqualTo("1234.6");
        assertThat(Values.format(12.5)).isEqualTo("12.50");
        assertThat(Values.format(0.25)).isEqualTo("0.25");
        assertThat(Values.format(0.001)).isEqualTo("0.001");
        assertThat(Values.format(0.000123456)).isEqualTo("0.000123");
    }

    @Test
    void aColumnOfReadingsKeepsItsDecimals() {
        assertThat(Values.reading(1, false)).isEqualTo("1.00");
        assertThat(Values.reading(1.523, false)).isEqualTo("1.52");
        assertThat(Values.reading(100.26, false)).isEqualTo("100.3");
        assertThat(Values.reading(0, false)).isEqualTo("0.00");
        assertThat(Values.reading(0.0012, false)).isEqualTo("0.0012");
        assertThat(Values.reading(23, true)).isEqualTo("23");
    }

    @Test
    void durationsReadAsAPersonWritesThem() {
        assertThat(Values.format(Duration.ofMillis(200))).isEqualTo("200ms");
        assertThat(Values.format(Duration.ofSeconds(30))).isEqualTo("30s");
        assertThat(Values.format(Duration.ofMillis(1500))).isEqualTo("1.5s");
        assertThat(Values.format(Duration.ofSeconds(125))).isEqualTo("2m 5s");
        assertThat(Values.format(Duration.ofMinutes(2))).isEqualTo("2m");
        assertThat(Values.format(Duration.ofMinutes(65))).isEqualTo("1h 5m");
    }
}
