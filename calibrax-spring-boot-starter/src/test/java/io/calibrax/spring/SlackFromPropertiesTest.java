package io.calibrax.spring;

import io.calibrax.api.AlertSeverity;
import io.calibrax.monitoring.AlertManager;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The Slack plugin on the class path, switched on by application properties alone, posting to a loopback webhook. */
class SlackFromPropertiesTest {
    private final MockWebServer slack = new MockWebServer();
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(CalibraxAutoConfiguration.class));

    @BeforeEach
    void start() throws IOException {
        slack.start();
    }

    @AfterEach
    void stop() {
        slack.close();
    }

    @Test
    void slackHandlerFromPropertiesDeliversAlertsAtOrAboveItsSeverity() {
        slack.enqueue(new MockResponse.Builder().code(200).body("ok").build());
        runner.withPropertyValues("calibrax.slack.webhook-url=" + slack.url("/services/T1/B2/xyz"),
                "calibrax.slack.min-severity=error", "calibrax.slack.timeout=5s").run(context -> {
            AlertManager manager = context.getBean(AlertManager.class);
            assertThat(manager.handlerStats()).extracting("name").contains("slack");

            manager.triggerAlert("only a warning", AlertSeverity.WARNING, "latency_ms", 600, 500);
            manager.triggerAlert("checkout latency critical", AlertSeverity.CRITICAL, "latency_ms", 900, 500);
            RecordedRequest request = slack.takeRequest(10, TimeUnit.SECONDS);
            assertThat(request).as("a webhook call within 10s").isNotNull();
            assertThat(request.getUrl().encodedPath()).isEqualTo("/services/T1/B2/xyz");
            String body = request.getBody().utf8();
            assertThat(body).contains("checkout latency critical").doesNotContain("only a warning");
        });
        assertThat(slack.getRequestCount()).isEqualTo(1);
    }

    @Test
    void withoutTheWebhookPropertyThereIsNoSlackHandler() {
        runner.run(context -> assertThat(context.getBean(AlertManager.class).handlerStats())
                .extracting("name").doesNotContain("slack"));
    }
}
