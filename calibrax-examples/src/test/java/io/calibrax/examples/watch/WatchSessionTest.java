package io.calibrax.examples.watch;

import io.calibrax.api.Alert;
import io.calibrax.monitoring.AdvancedMonitor;
import io.calibrax.monitoring.AlertManager;
import io.calibrax.monitoring.HandlerStats;
import io.calibrax.monitoring.Threshold;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class WatchSessionTest {

    @Test
    void runsOneMonitorCyclePerIntervalAndPrintsAPlainLinePerSample() throws Exception {
        StringWriter text = new StringWriter();
        WatchResult result;
        try (AlertManager alerts = new AlertManager();
             AdvancedMonitor monitor = AdvancedMonitor.builder().alertManager(alerts).build()) {
            WatchSession session = new WatchSession(monitor, settings(Duration.ofMillis(600),
                    List.of(ThresholdSpec.parse("memory_rss_mb>1"))), new PrintWriter(text, true), "box", List.of());
            result = session.run();
        }

        assertThat(result.samples()).isBetween(2L, 6L); // 6 unless a loaded machine skipped ticks
        assertThat(result.metrics()).extracting(MetricSeries.Snapshot::name)
                .startsWith("cpu_percent", "memory_rss_mb").contains("jvm_heap_used_mb");
        MetricSeries.Snapshot rss = result.metrics().get(1);
        assertThat(rss.count()).isEqualTo(result.samples());
        assertThat(rss.min()).isPositive().isLessThanOrEqualTo(rss.mean());
        assertThat(rss.mean()).isLessThanOrEqualTo(rss.max());

        // the breach alerts once (it persists: no repeat within the repeat interval), printed and kept
        assertThat(result.alertsRaised()).isEqualTo(1);
        Alert alert = result.alerts().get(0);
        assertThat(alert.metricName()).isEqualTo("memory_rss_mb");
        assertThat(result.handlers()).extracting(HandlerStats::name, HandlerStats::delivered)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("console", 1L));

        String[] lines = text.toString().split("\n");
        assertThat(lines).filteredOn(line -> line.contains("cpu_percent=")).hasSize((int) result.samples());
        assertThat(lines).filteredOn(line -> line.contains("[warning] memory_rss_mb exceeded threshold")
                || line.contains("[critical] memory_rss_mb exceeded threshold")).hasSize(1);
    }

    @Test
    void stopEndsAnOpenEndedWatchAtOnce() throws Exception {
        try (AlertManager alerts = new AlertManager();
             AdvancedMonitor monitor = AdvancedMonitor.builder().alertManager(alerts).build()) {
            WatchSession session = new WatchSession(monitor, settings(Duration.ZERO, List.of()),
                    new PrintWriter(new StringWriter(), true), "box", List.of());
            CompletableFuture<WatchResult> running = CompletableFuture.supplyAsync(() -> {
                try {
                    return session.run();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });

            session.stop();

            // without stop() it would run forever: the watch has no duration
            WatchResult result = running.get(10, TimeUnit.SECONDS);
            assertThat(result.elapsed()).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void theFirstSampleComesAtStartAndAFractionalDurationIsWatchedWhole() throws Exception {
        WatchResult result;
        try (AlertManager alerts = new AlertManager();
             AdvancedMonitor monitor = AdvancedMonitor.builder().alertManager(alerts).build()) {
            WatchSession session = new WatchSession(monitor, new WatchSession.Settings(Duration.ofSeconds(1),
                    Duration.ofMillis(1500), List.of(), false, ZoneOffset.UTC),
                    new PrintWriter(new StringWriter(), true), "box", List.of());
            result = session.run();
        }

        // 1.5 s, not 1 s: the watch lasts its whole duration even when it ends between two ticks
        assertThat(result.elapsed()).isBetween(Duration.ofMillis(1500), Duration.ofMillis(2500));
        // a sample at start (not one interval late) and one a second later
        assertThat(result.samples()).isEqualTo(2);
        long firstSample = result.metrics().get(0).times()[0];
        assertThat(firstSample - result.started().toEpochMilli())
                .isLessThan(WatchSession.FIRST_SAMPLE_DELAY.toMillis() + 400);
    }

    @Test
    void marksAThresholdPendingWhileItsDurationRunsAndOneWithoutData() throws Exception {
        StringWriter text = new StringWriter();
        StringWriter summary = new StringWriter();
        WatchResult result;
        try (AlertManager alerts = new AlertManager();
             AdvancedMonitor monitor = AdvancedMonitor.builder().alertManager(alerts).build()) {
            WatchSession session = new WatchSession(monitor, settings(Duration.ofMillis(300), List.of(
                    new ThresholdSpec("memory_rss_mb", Threshold.above(1).forDuration(Duration.ofHours(1))),
                    ThresholdSpec.parse("no_such_metric>5"))), new PrintWriter(text, true), "box", List.of());
            result = session.run();
            result.printSummary(new PrintWriter(summary, true), ZoneOffset.UTC);
        }

        assertThat(result.alertsRaised()).isZero(); // in breach, but not for an hour
        assertThat(result.thresholdStates()).containsEntry("memory_rss_mb", Threshold.State.PENDING)
                .containsEntry("no_such_metric", Threshold.State.NO_DATA);
        assertThat(text.toString().lines()).filteredOn(line -> line.contains("cpu_percent="))
                .isNotEmpty()
                .allSatisfy(line -> assertThat(line).endsWith("  [memory_rss_mb pending]  [no_such_metric no data]"));
        assertThat(summary.toString().lines()).anySatisfy(line ->
                assertThat(line).startsWith("memory_rss_mb").endsWith("> 1 (pending)"));
        assertThat(summary.toString()).contains("(no reading of no_such_metric, so its threshold > 5 was never checked)");
    }

    private static WatchSession.Settings settings(Duration duration, List<ThresholdSpec> thresholds) {
        return new WatchSession.Settings(Duration.ofMillis(100), duration, thresholds, false, ZoneOffset.UTC);
    }
}
