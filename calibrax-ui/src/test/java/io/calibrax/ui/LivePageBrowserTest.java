package io.calibrax.ui;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The live page in a real browser (Debian's headless Chromium), served by a running monitor. */
class LivePageBrowserTest {
    private LivePageFixture page;

    @AfterEach
    void stop() {
        if (page != null) {
            page.close();
        }
    }

    @Test
    void thePageShowsReadingsPipelinesAndAlerts(@TempDir Path dir) throws Exception {
        page = new LivePageFixture("127.0.0.1", Optional.empty());
        page.monitor.recordMetric("x<img src=x onerror=alert(1)>", 5);

        String dom = Chromium.dumpDom(page.uri("/"), dir.resolve("profile"));

        assertThat(dom).contains("<h3>gpu_utilization</h3>", "97.50", "<h3>queue_depth</h3>",
                LivePageFixture.ALERT_MESSAGE.replace(">", "&gt;"), "<td>nightly-etl</td>", "<td>pager</td>", "updated");
        assertThat(dom).contains("x&lt;img src=x onerror=alert(1)&gt;").doesNotContain("<img src=x");
        assertThat(dom).contains("chart.svg?metric=gpu_utilization");
    }

    @Test
    void theFormAddsASilenceThatTheApiLists(@TempDir Path dir) throws Exception {
        page = new LivePageFixture("127.0.0.1", Optional.empty());

        try (Chromium.Page browser = new Chromium.Page(page.uri("/"), dir.resolve("profile"))) {
            await("the page loaded in the browser").atMost(Duration.ofSeconds(30)).until(() -> browser.evaluate(
                    "String(location.href.startsWith('http') && document.readyState === 'complete'"
                            + " && document.getElementById('silence-form') !== null)"), "true"::equals);
            String submitted = browser.evaluate("""
                    (() => {
                      const form = document.getElementById('silence-form');
                      form.matchers.value = 'metric="disk_percent"';
                      form.duration.value = '30m';
                      form.comment.value = 'from the browser';
                      form.querySelector('button[type=submit]').click();
                      return 'submitted';
                    })()""");
            assertThat(submitted).isEqualTo("submitted");

            JsonNode silence = await("the form's silence in /api/silences").atMost(Duration.ofSeconds(20))
                    .until(() -> page.getJson("/api/silences").get("silences"), silences -> silences.size() == 1).get(0);
            assertThat(silence.get("matchers").asText()).contains("metric=\"disk_percent\"");
            assertThat(silence.get("comment").asText()).isEqualTo("from the browser");
            await("the page to list the silence").atMost(Duration.ofSeconds(20)).until(() -> browser.evaluate(
                    "document.getElementById('silences').tBodies[0].textContent"), text -> text.contains("from the browser"));
            assertThat(browser.evaluate("document.getElementById('form-status').textContent")).contains("added");
        }
    }
}
