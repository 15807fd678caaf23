package io.calibrax.handlers.email;

import io.calibrax.api.Alert;
import io.calibrax.api.AlertSeverity;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Header hygiene and HTML escaping, character by character. */
class AlertMailTest {

    @Test
    void everyControlCharacterAndLineSeparatorLeavesHeaderText() {
        String hostile = "a\rb\nc\r\nd\u0000e\u0085f\u2028g\u2029h\u001bi\tj\u007fk";

        String header = AlertMail.headerText(hostile);

        assertThat(header).isEqualTo("a b c d e f g h i j k");
        assertThat(header.chars()).noneMatch(c -> Character.isISOControl(c) || c == 0x2028 || c == 0x2029);
    }

    @Test
    void longSubjectsAreCutWithAnEllipsis() {
        Alert alert = new Alert("x".repeat(1000), AlertSeverity.ERROR, "m", 1, 0);

        String subject = AlertMail.subject("[calibrax]", alert);

        assertThat(subject).hasSize(AlertMail.MAX_SUBJECT_LENGTH).startsWith("[calibrax] ERROR m: xxx").endsWith("\u2026");
    }

    @Test
    void emptyPrefixLeavesNoLeadingSpace() {
        assertThat(AlertMail.subject("", new Alert("hot", AlertSeverity.WARNING, "temp", 1, 0)))
                .isEqualTo("WARNING temp: hot");
    }

    @Test
    void htmlEscapesEveryValueIncludingMetadata() {
        Alert alert = new Alert("<img src=x onerror=alert(1)> & \"quotes\" 'single'", AlertSeverity.ERROR,
                "metric<script>", 1, 0, Instant.EPOCH, Map.of("<key>", "<value>"));

        String html = AlertMail.singleHtml(AlertMail.subject("[c]", alert), alert);
        String digest = AlertMail.digestHtml("[c]", List.of(alert, alert), AlertSeverity.ERROR);

        for (String page : List.of(html, digest)) {
            assertThat(page).doesNotContain("<img", "<script>", "<key>", "<value>", "\"quotes\"")
                    .contains("&lt;img src=x onerror=alert(1)&gt; &amp; &quot;quotes&quot; &#39;single&#39;",
                            "metric&lt;script&gt;", "&lt;key&gt;", "&lt;value&gt;");
        }
    }

    @Test
    void labelsAreShownInTextAndHtmlEscaped() {
        Alert alert = new Alert("m", AlertSeverity.ERROR, "disk", 1, 0, Instant.EPOCH, Map.of(),
                Map.of("service", "<api>", "env", "prod"));

        assertThat(AlertMail.singleText(alert)).contains("Labels:    ").contains("service=<api>").contains("env=prod");
        assertThat(AlertMail.singleHtml("[c]", alert)).contains("service=&lt;api&gt;").doesNotContain("<api>");
        assertThat(AlertMail.digestText(List.of(alert, alert), AlertSeverity.ERROR)).contains("labels: ");
    }

    @Test
    void bodyKeepsLineBreaksButNoOtherControlCharacters() {
        assertThat(AlertMail.bodyText("line 1\r\nline 2\rline 3\u0000end\u2028last")).isEqualTo("line 1\nline 2\nline 3 end\nlast");
    }

    @Test
    void numbersAreShortAndPlain() {
        assertThat(AlertMail.number(90)).isEqualTo("90");
        assertThat(AlertMail.number(97.5)).isEqualTo("97.5");
        assertThat(AlertMail.number(0.000123456789)).isEqualTo("0.000123457");
        assertThat(AlertMail.number(-3)).isEqualTo("-3");
        assertThat(AlertMail.number(1e20)).isEqualTo("100000000000000000000");
    }

    @Test
    void digestSubjectNamesHighestSeverityCountAndMetricsOnce() {
        List<Alert> alerts = List.of(new Alert("a", AlertSeverity.WARNING, "cpu", 1, 0),
                new Alert("b", AlertSeverity.CRITICAL, "gpu\r\nX: y", 1, 0),
                new Alert("c", AlertSeverity.INFO, "cpu", 1, 0));

        assertThat(AlertMail.digestSubject("[calibrax]", alerts, AlertMail.highest(alerts)))
                .isEqualTo("[calibrax] CRITICAL 3 alerts: cpu, gpu X: y");
    }
}
