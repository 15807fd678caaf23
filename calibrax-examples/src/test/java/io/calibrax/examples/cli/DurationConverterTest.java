package io.calibrax.examples.cli;

import io.calibrax.spi.ConfigValues;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DurationConverterTest {
    private final DurationConverter converter = new DurationConverter();

    @Test
    void readsEveryUnit() {
        assertThat(converter.convert("200ms")).isEqualTo(Duration.ofMillis(200));
        assertThat(converter.convert("1s")).isEqualTo(Duration.ofSeconds(1));
        assertThat(converter.convert("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(converter.convert("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(converter.convert("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(converter.convert("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(converter.convert(" 2M ")).isEqualTo(Duration.ofMinutes(2));
        assertThat(converter.convert("0s")).isEqualTo(Duration.ZERO);
    }

    @Test
    void readsWhatTheConfigurationReads() {
        assertThat(converter.convert("PT2S")).isEqualTo(Duration.ofSeconds(2));
        assertThat(converter.convert("500ms")).isEqualTo(ConfigValues.parseDuration("k", "500ms"));
        assertThat(converter.convert("5")).isEqualTo(Duration.ofSeconds(5)); // a bare number is seconds, as in config
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1s", "1x", "", "s", "1.s", "1e3s", "P1Y"})
    void refusesAnythingElseSayingWhatItExpects(String value) {
        assertThatThrownBy(() -> converter.convert(value))
                .isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("'" + value + "'")
                .hasMessageContaining("such as 500ms, 1.5s, 2m, 2h, 1d or PT2S");
    }
}
