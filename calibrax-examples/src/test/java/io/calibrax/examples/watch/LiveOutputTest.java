package io.calibrax.examples.watch;

import io.calibrax.api.Alert;
import io.calibrax.api.AlertSeverity;
import io.calibrax.monitoring.Threshold;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LiveOutputTest {
    private static final Instant AT = Instant.parse("2025-01-31T09:15:02.250Z");
    private static final Alert ALERT = new Alert("cpu_percent exceeded threshold: 95.00 > 90.00 (trend: increasing)",
            AlertSeverity.WARNING, "cpu_percent", 95, 90, AT, Map.of());

    private final StringWriter text = new StringWriter();

    @Test
    void onATerminalRewritesOneStatusLineInPlaceAndPrintsAlertsAboveIt() {
        LiveOutput live = new LiveOutput(new PrintWriter(text), true, ZoneOffset.UTC, WatchSession.FIRST);

        live.sample(AT, Duration.ofSeconds(61), readings(12.5, 85.2), 0);
        live.sample(AT, Duration.ofSeconds(62), readings(95.0, 86.0), 0);
        live.alert(ALERT);
        live.finish();

        String status1 = "00:01:01  cpu 12.5%  rss 85 MB  process_threads 24  alerts 0";
        String status2 = "00:01:02  cpu 95.0%  rss 86 MB  process_threads 24  alerts 0";
        assertThat(text.toString()).isEqualTo("\r" + status1 + "\r" + status2
                + "\r" + " ".repeat(status2.length()) + "\r"
                + "[warning] cpu_percent exceeded threshold: 95.00 > 90.00 (trend: increasing): cpu_percent=95.00 (threshold=90.00)"
                + System.lineSeparator() + status2 + System.lineSeparator());
    }

    @Test
    void marksPendingAndNoDataThresholdsOnTheStatusLineAndCountsThemWhenTheyDoNotFit() {
        LiveOutput live = new LiveOutput(new PrintWriter(text), true, ZoneOffset.UTC, WatchSession.FIRST);

        live.sample(AT, Duration.ofSeconds(1), readings(95.0, 85.0), 0, Map.of("cpu_percent", Threshold.State.PENDING,
                "memory_rss_mb", Threshold.State.INACTIVE, "gpu_temperature_c", Threshold.State.FIRING));
        assertThat(text.toString()).isEqualTo("\r00:00:01  cpu 95.0%  rss 85 MB  [cpu_percent pending]  alerts 0");

        StringWriter crowded = new StringWriter();
        LiveOutput many = new LiveOutput(new PrintWriter(crowded), true, ZoneOffset.UTC, WatchSession.FIRST);
        many.sample(AT, Duration.ofSeconds(1), readings(95.0, 85.0), 0, Map.of("cpu_percent", Threshold.State.PENDING,
                "some_very_long_metric_name", Threshold.State.NO_DATA, "another_long_metric", Threshold.State.NO_DATA));
        assertThat(crowded.toString()).endsWith("  3 pending/no data  alerts 0").hasSizeLessThanOrEqualTo(1 + LiveOutput.STATUS_WIDTH);
    }

    @Test
    void aPlainLineEndsWithThePendingAndNoDataMarks() {
        LiveOutput live = new LiveOutput(new PrintWriter(text), false, ZoneOffset.UTC, WatchSession.FIRST);

        live.sample(AT, Duration.ofSeconds(1), readings(95.0, 85.0), 0, Map.of("cpu_percent", Threshold.State.PENDING,
                "gpu_temperature_c", Threshold.State.NO_DATA));

        assertThat(text.toString()).endsWith("  [cpu_percent pending]  [gpu_temperature_c no data]" + System.lineSeparator());
    }

    @Test
    void aShorterStatusLineBlanksWhatTheLongerOneBeforeLeft() {
        LiveOutput live = new LiveOutput(new PrintWriter(text), true, ZoneOffset.UTC, WatchSession.FIRST);

        live.sample(AT, Duration.ofSeconds(1), readings(100.0, 85.0), 2);
        live.sample(AT, Duration.ofSeconds(2), readings(5.0, 85.0), 2);

        String longer = "00:00:01  cpu 100.0%  rss 85 MB  process_threads 24  alerts 2";
        String shorter = "00:00:02  cpu 5.0%  rss 85 MB  process_threads 24  alerts 2";
        assertThat(text.toString()).isEqualTo("\r" + longer + "\r" + shorter + "  ");
    }

    @Test
    void theStatusLineNeverWrapsOnAnEightyColumnTerminal() {
        LiveOutput live = new LiveOutput(new PrintWriter(text), true, ZoneOffset.UTC, WatchSession.FIRST);
        List<LiveOutput.Reading> many = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            many.add(new LiveOutput.Reading("some_long_metric_name_" + i, 1234.5 + i, "1234.5"));
        }

        live.sample(AT, Duration.ofSeconds(1), many, 3);

        assertThat(text.toString().substring(1)).hasSizeLessThanOrEqualTo(LiveOutput.STATUS_WIDTH).endsWith("alerts 3");
    }

    @Test
    void elsewherePrintsAPlainLinePerSampleWithEveryReading() {
        LiveOutput live = new LiveOutput(new PrintWriter(text), false, ZoneOffset.UTC, WatchSession.FIRST);

        live.sample(AT, Duration.ofSeconds(1), readings(12.5, 85.25), 0);
        live.alert(ALERT);
        live.finish();

        assertThat(text.toString().lines()).containsExactly(
                "09:15:02.250  cpu_percent=12.50  memory_rss_mb=85.25  process_threads=24",
                "09:15:02.250  [warning] cpu_percent exceeded threshold: 95.00 > 90.00 (trend: increasing): "
                        + "cpu_percent=95.00 (threshold=90.00)");
        assertThat(text.toString()).doesNotContain("\r");
    }

    private static List<LiveOutput.Reading> readings(double cpu, double rss) {
        return List.of(new LiveOutput.Reading("cpu_percent", cpu, Values.reading(cpu, false)),
                new LiveOutput.Reading("memory_rss_mb", rss, Values.reading(rss, false)),
                new LiveOutput.Reading("process_threads", 24.0, Values.reading(24.0, true)));
    }

}
