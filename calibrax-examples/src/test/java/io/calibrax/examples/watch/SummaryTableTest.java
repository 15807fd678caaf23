package io.calibrax.examples.watch;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class SummaryTableTest {

    @Test
    void listsEveryMetricTheAlertsAndEachHandlersDeliveries() {
        StringWriter text = new StringWriter();

        new SummaryTable(ZoneOffset.UTC).print(HtmlReportTest.result(), new PrintWriter(text));

        assertThat(text.toString().lines()).containsSubsequence(
                "Watched box for 3s: 4 samples every 1s.",
                "",
                "metric             latest         min         max        mean  threshold",
                "cpu_percent            40          10          95       48.75  > 90",
                "memory_rss_mb          83          80          83       81.50",
                "jvm_threads            12          12          12          12",
                "",
                "Alerts raised: 2 (1 info, 1 warning)",
                "  09:15:02.000  [warning] cpu_percent exceeded threshold: 95.00 > 90.00 (trend: increasing): "
                        + "cpu_percent=95.00 (threshold=90.00)",
                "  09:15:03.000  [info] cpu_percent back to normal: cpu_percent=40.00 (threshold=90.00)",
                "",
                "Alert handlers:",
                "  handler  delivered  failed  dropped  queued  suppressed",
                "  console          2       0        0       0           0",
                "  slack            7       0        0       0           0");
    }
}
