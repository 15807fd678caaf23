package io.calibrax.examples;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/** Each example class runs as its main would and prints what its Javadoc promises. */
class ExamplesTest {

    @Test
    void guiceWiringDeliversToTheApplicationsHandlerBesideTheConsole() {
        StringWriter out = new StringWriter();

        GuiceWiringExample.run(new PrintWriter(out, true));

        assertThat(out.toString())
                .contains("Handlers: [console, pager]")
                .contains("Pages received by the application's handler: 1")
                .contains("Pipeline 'checkout' degraded", "(pipeline_checkout_time)");
    }

    @Test
    void adapterMetricSourceFeedsTheMonitorAndItsThresholdAlerts() throws InterruptedException {
        StringWriter out = new StringWriter();

        QueueMetricSourceExample.run(new PrintWriter(out, true));

        assertThat(out.toString())
                .containsPattern("\\[(error|critical)\\] render_queue_depth exceeded threshold: \\d+\\.\\d\\d > 50\\.00")
                .containsPattern("Queue alert raised: true; queue depth max=\\d+ over \\d+ readings");
    }
}
