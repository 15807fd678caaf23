package io.calibrax;

import ch.qos.logback.classic.Level;
import io.calibrax.api.AlertSeverity;
import io.calibrax.handlers.console.ConsoleAlertHandler;
import io.calibrax.inject.CalibraxModule;
import io.calibrax.internal.ConfigKeys;
import io.calibrax.internal.Plugins;
import io.calibrax.internal.ServiceDiscovery;
import io.calibrax.monitoring.ProductionMonitor;
import io.calibrax.spi.CalibraxConfig;
import io.calibrax.testing.LogCapture;
import io.calibrax.testplugins.FakeGpuProfilerProvider;
import io.calibrax.testplugins.FakeGpuProfilerProvider.FakeGpu;
import io.calibrax.testplugins.RecordingHandler;
import io.calibrax.testplugins.RecordingHandlerProvider;
import io.calibrax.testplugins.ThrowingHandlerProvider;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class CalibraxBootstrapTest {
    private static final Duration FLUSH = Duration.ofSeconds(10);

    @Test
    void providerThatThrowsInCreateIsSkippedAndTheOthersStillDeliver() {
        String id = UUID.randomUUID().toString();
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        PrintStream realOut = System.out;
        Calibrax calibrax;
        try (LogCapture log = LogCapture.of(ServiceDiscovery.class)) {
            System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
            try {
                calibrax = Calibrax.bootstrap(CalibraxConfig.of(Map.of(RecordingHandlerProvider.ID, id,
                        ThrowingHandlerProvider.ENABLED, "true", "calibrax.console.enabled", "true")));
            } finally {
                System.setOut(realOut);
            }
            // one line each (here also the test class path's deliberately broken providers), stack traces only at DEBUG
            assertThat(log.messages(Level.ERROR)).filteredOn(line -> line.contains(ThrowingHandlerProvider.class.getName()))
                    .singleElement().asString().contains("boom");
            assertThat(log.messages(Level.ERROR)).noneSatisfy(line -> assertThat(line).contains(" | "));
        }
        try (calibrax) {
            assertThat(calibrax.handlers()).hasSize(2)
                    .contains(RecordingHandler.byId(id))
                    .anySatisfy(handler -> assertThat(handler).isInstanceOf(ConsoleAlertHandler.class));

            calibrax.alertManager().triggerAlert("Throughput below minimum", AlertSeverity.WARNING, "throughput",
                    850.0, 1000.0);
            assertThat(calibrax.alertManager().flush(FLUSH)).isTrue();

            assertThat(RecordingHandler.byId(id).received()).singleElement()
                    .satisfies(alert -> assertThat(alert.message()).isEqualTo("Throughput below minimum"));
            assertThat(stdout.toString(StandardCharsets.UTF_8))
                    .contains("[warning] Throughput below minimum: throughput=850.00 (threshold=1000.00)");
        }
    }

    @Test
    void productionMonitorRaisesItsAlertsThroughTheSharedAlertManager() {
        String id = UUID.randomUUID().toString();
        try (Calibrax calibrax = Calibrax.bootstrap(CalibraxConfig.of(Map.of(RecordingHandlerProvider.ID, id)))) {
            ProductionMonitor monitor = calibrax.productionMonitor();
            assertThat(monitor.getAlertManager()).isSameAs(calibrax.alertManager());

            monitor.setPerformanceBaseline("etl", 10.0);
            monitor.recordPipelineExecution("etl", 15.0, true);
            assertThat(calibrax.alertManager().flush(FLUSH)).isTrue();

            assertThat(RecordingHandler.byId(id).received()).singleElement().satisfies(alert -> {
                assertThat(alert.severity()).isEqualTo(AlertSeverity.WARNING);
                assertThat(alert.message()).contains("degraded");
                assertThat(alert.metricName()).isEqualTo("pipeline_etl_time");
            });
        }
    }

    @Test
    void aDisabledPluginIsNotCreatedAlthoughItsKeyIsSet() {
        String id = UUID.randomUUID().toString();
        try (Calibrax calibrax = Calibrax.bootstrap(CalibraxConfig.of(Map.of(RecordingHandlerProvider.ID, id,
                Plugins.DISABLED, "slack, recording")))) {
            assertThat(calibrax.handlers()).isEmpty();
            assertThat(RecordingHandler.byId(id)).isNull();
        }
    }

    @Test
    void logsOneInfoLineListingTheHandlersAndGpus() {
        String id = UUID.randomUUID().toString();
        try (LogCapture log = LogCapture.of(Calibrax.class);
             Calibrax calibrax = Calibrax.bootstrap(CalibraxConfig.of(Map.of(RecordingHandlerProvider.ID, id,
                     FakeGpuProfilerProvider.COUNT, "2")))) {
            assertThat(calibrax.gpuProfilers()).hasSize(2);
            assertThat(log.messages(Level.INFO)).singleElement().satisfies(line -> assertThat(line)
                    .contains("[recording]")
                    .contains("0: Fake GPU 0")
                    .contains("1: Fake GPU 1"));
        }
    }

    @Test
    void withNothingEnabledThereAreNoHandlersAndNoGpus() {
        try (LogCapture log = LogCapture.of(Calibrax.class);
             Calibrax calibrax = Calibrax.bootstrap(CalibraxConfig.empty())) {
            assertThat(calibrax.handlers()).isEmpty();
            assertThat(calibrax.gpuProfilers()).isEmpty();
            assertThat(log.messages(Level.INFO)).singleElement()
                    .satisfies(line -> assertThat(line).contains("alert handlers []").contains("GPUs []"));
        }
    }

    @Test
    void closeReleasesEverythingOnceAndIsIdempotent() {
        String id = UUID.randomUUID().toString();
        Calibrax calibrax = Calibrax.bootstrap(CalibraxConfig.of(Map.of(RecordingHandlerProvider.ID, id,
                FakeGpuProfilerProvider.COUNT, "2")));
        calibrax.alertManager().triggerAlert("before close", AlertSeverity.ERROR, "latency", 3.0, 1.0);

        calibrax.close();
        calibrax.close();

        assertThat(calibrax.isClosed()).isTrue();
        assertThat(calibrax.productionMonitor().isClosed()).isTrue();
        assertThat(calibrax.alertManager().isClosed()).isTrue();
        RecordingHandler handler = RecordingHandler.byId(id);
        assertThat(handler.received()).hasSize(1);
        assertThat(handler.closes()).isEqualTo(1);
        assertThat(calibrax.gpuProfilers()).hasSize(2)
                .allSatisfy(gpu -> assertThat(((FakeGpu) gpu).closes()).isEqualTo(1));
    }

    @Test
    void bootstrapWithoutArgumentsReadsTheEnvironment() {
        String id = UUID.randomUUID().toString();
        System.setProperty(RecordingHandlerProvider.ID, id);
        try (Calibrax calibrax = Calibrax.bootstrap()) {
            assertThat(calibrax.handlers()).containsExactly(RecordingHandler.byId(id));
            assertThat(calibrax.config().get(RecordingHandlerProvider.ID)).contains(id);
        } finally {
            System.clearProperty(RecordingHandlerProvider.ID);
        }
    }

    @Test
    void anInvalidCoreSettingFailsNamingTheKey() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Calibrax.bootstrap(CalibraxConfig.of(Map.of(CalibraxModule.MAX_ALERTS, "0"))))
                .withMessageContaining(CalibraxModule.MAX_ALERTS);
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Calibrax.bootstrap(CalibraxConfig.of(Map.of(CalibraxModule.CLOSE_TIMEOUT, "soon"))))
                .withMessageContaining(CalibraxModule.CLOSE_TIMEOUT);
    }

    @Test
    void strictWiringFailsOnAWrongPluginKeyNamingIt() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Calibrax.bootstrap(CalibraxConfig.of(Map.of(Plugins.STRICT, "true",
                        "calibrax.console.enabled", "maybe"))))
                .withMessageContaining("calibrax.console.enabled").withMessageContaining("'maybe'");
    }

    @Test
    void anUnknownKeyIsWarnedAboutOnceNamingTheNearestKnownKey() {
        CalibraxConfig config = CalibraxConfig.of(Map.of("calibrax.monitor.history-sise", "10"));
        try (LogCapture log = LogCapture.of(ConfigKeys.class)) {
            Calibrax.bootstrap(config).close();
            Calibrax.bootstrap(config).close();

            assertThat(log.messages(Level.WARN)).singleElement().asString()
                    .contains("calibrax.monitor.history-sise", "did you mean calibrax.monitor.history-size?");
        }
    }

    @Test
    void alertManagerSettingsComeFromTheConfig() {
        try (Calibrax calibrax = Calibrax.bootstrap(CalibraxConfig.of(Map.of(CalibraxModule.MAX_ALERTS, "3")))) {
            assertThat(calibrax.alertManager().getMaxAlerts()).isEqualTo(3);
        }
    }
}
