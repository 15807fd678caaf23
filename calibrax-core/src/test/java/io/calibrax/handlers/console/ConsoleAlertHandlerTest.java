package io.calibrax.handlers.console;

import io.calibrax.api.Alert;
import io.calibrax.api.AlertSeverity;
import io.calibrax.spi.CalibraxConfig;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConsoleAlertHandlerTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, false, StandardCharsets.UTF_8);

    private static Alert alert(String message, AlertSeverity severity) {
        return new Alert(message, severity, "throughput", 850.0, 1000.0, Instant.now(), Map.of());
    }

    @Test
    void printsTheSeedLine() {
        new ConsoleAlertHandler(out, AlertSeverity.INFO).handle(alert("Throughput below minimum", AlertSeverity.WARNING));
        assertThat(bytes.toString(StandardCharsets.UTF_8))
                .isEqualTo("[warning] Throughput below minimum: throughput=850.00 (threshold=1000.00)"
                        + System.lineSeparator());
    }

    @Test
    void aMultiLineMessageStaysOnOneLine() {
        assertThat(ConsoleAlertHandler.format(alert("first\r\nsecond\nthird", AlertSeverity.ERROR)))
                .isEqualTo("[error] first second third: throughput=850.00 (threshold=1000.00)");
    }

    @Test
    void alertsBelowTheMinimumSeverityAreNotPrinted() {
        ConsoleAlertHandler handler = new ConsoleAlertHandler(out, AlertSeverity.ERROR);
        handler.handle(alert("quiet", AlertSeverity.WARNING));
        handler.handle(alert("loud", AlertSeverity.CRITICAL));
        assertThat(bytes.toString(StandardCharsets.UTF_8)).doesNotContain("quiet").contains("[critical] loud");
    }

    @Test
    void sendTestPrintsWhateverTheMinimumSeverity() {
        new ConsoleAlertHandler(out, AlertSeverity.CRITICAL).sendTest();
        assertThat(bytes.toString(StandardCharsets.UTF_8))
                .startsWith("[warning] Calibrax test alert").contains("calibrax_test=1.00 (threshold=0.00)");
    }

    @Test
    void aStreamErrorFailsTheDelivery() {
        PrintStream broken = new PrintStream(new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("disk full");
            }
        });
        ConsoleAlertHandler handler = new ConsoleAlertHandler(broken, AlertSeverity.INFO);
        assertThatThrownBy(() -> handler.handle(alert("x", AlertSeverity.INFO))).isInstanceOf(UncheckedIOException.class);
    }

    @Test
    void providerCreatesItOnlyWhenEnabled() {
        ConsoleHandlerProvider provider = new ConsoleHandlerProvider();
        assertThat(provider.name()).isEqualTo("console");
        assertThat(provider.create(CalibraxConfig.empty())).isEmpty();
        assertThat(provider.create(CalibraxConfig.of(Map.of("calibrax.console.enabled", "false")))).isEmpty();
        assertThat(provider.create(CalibraxConfig.of(Map.of("calibrax.console.enabled", "true",
                "calibrax.console.min-severity", "error"))))
                .hasValueSatisfying(handler -> assertThat(((ConsoleAlertHandler) handler).minSeverity())
                        .isEqualTo(AlertSeverity.ERROR));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> provider.create(CalibraxConfig.of(Map.of("calibrax.console.enabled", "maybe"))))
                .withMessageContaining("calibrax.console.enabled");
    }
}
