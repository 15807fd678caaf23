package io.calibrax.inject;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import com.google.inject.multibindings.Multibinder;
import io.calibrax.Calibrax;
import io.calibrax.api.AlertHandler;
import io.calibrax.api.AlertSeverity;
import io.calibrax.api.GpuProfiler;
import io.calibrax.api.MetricSource;
import io.calibrax.api.ResourceMonitor;
import io.calibrax.internal.Plugins;
import io.calibrax.testing.LogCapture;
import ch.qos.logback.classic.Level;
import io.calibrax.monitoring.AdvancedMonitor;
import io.calibrax.monitoring.AlertManager;
import io.calibrax.monitoring.ProductionMonitor;
import io.calibrax.spi.CalibraxConfig;
import io.calibrax.testplugins.FakeGpuProfilerProvider;
import io.calibrax.testplugins.FakeMetricSourceProvider;
import io.calibrax.testplugins.FakeResourceMonitorProvider;
import io.calibrax.testplugins.RecordingHandler;
import io.calibrax.testplugins.RecordingHandlerProvider;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class CalibraxModuleTest {
    private static final Duration FLUSH = Duration.ofSeconds(10);

    @Test
    void oneAlertManagerPerInjectorSharedByBothMonitors() {
        CalibraxModule module = new CalibraxModule(CalibraxConfig.empty());
        Injector first = Guice.createInjector(module);
        Injector second = Guice.createInjector(module);
        try (Calibrax a = first.getInstance(Calibrax.class); Calibrax b = second.getInstance(Calibrax.class)) {
            AlertManager manager = first.getInstance(AlertManager.class);
            AdvancedMonitor advanced = first.getInstance(AdvancedMonitor.class);
            ProductionMonitor production = first.getInstance(ProductionMonitor.class);

            assertThat(first.getInstance(AlertManager.class)).isSameAs(manager).isSameAs(a.alertManager());
            assertThat(first.getInstance(AdvancedMonitor.class)).isSameAs(advanced);
            assertThat(first.getInstance(ProductionMonitor.class)).isSameAs(production).isSameAs(a.productionMonitor());
            assertThat(advanced).isNotSameAs(production).isNotInstanceOf(ProductionMonitor.class);
            assertThat(advanced.getAlertManager()).isSameAs(manager);
            assertThat(production.getAlertManager()).isSameAs(manager);

            assertThat(second.getInstance(AlertManager.class)).isNotSameAs(manager).isSameAs(b.alertManager())
                    .isSameAs(second.getInstance(ProductionMonitor.class).getAlertManager())
                    .isSameAs(second.getInstance(AdvancedMonitor.class).getAlertManager());
            assertThat(first.getInstance(CalibraxConfig.class)).isSameAs(module.config());

            production.recordMetric("latency", 1.0);
            advanced.recordMetric("latency", 2.0);
            advanced.setThreshold("latency", 1.5);
            advanced.recordMetric("latency", 4.0);
            production.setThreshold("queue", 1.0);
            production.recordMetric("queue", 3.0);
            assertThat(manager.getRecentAlerts()).extracting(alert -> alert.metricName())
                    .containsExactly("queue", "latency");
            assertThat(second.getInstance(AlertManager.class).getRecentAlerts()).isEmpty();
        }
    }

    @Test
    void closingCalibraxClosesTheMonitorsTheInjectorMadeThenTheAlertManager() {
        Injector injector = Guice.createInjector(new CalibraxModule(CalibraxConfig.empty()));
        Calibrax calibrax = injector.getInstance(Calibrax.class);
        AdvancedMonitor advanced = injector.getInstance(AdvancedMonitor.class);
        advanced.startMonitoring(Duration.ofSeconds(30));
        assertThat(advanced.isMonitoring()).isTrue();

        calibrax.close();

        assertThat(advanced.isClosed()).isTrue();
        assertThat(advanced.isMonitoring()).isFalse();
        assertThat(calibrax.productionMonitor().isClosed()).isTrue();
        assertThat(calibrax.alertManager().isClosed()).isTrue();
    }

    @Test
    void bothMonitorsPollTheDiscoveredGpusMetricSourcesAndResourceMonitor() {
        Injector injector = Guice.createInjector(new CalibraxModule(CalibraxConfig.of(Map.of(
                FakeGpuProfilerProvider.COUNT, "2", FakeMetricSourceProvider.DEPTH, "17",
                FakeResourceMonitorProvider.ENABLED, "true", CalibraxModule.HISTORY_SIZE, "5"))));
        try (Calibrax calibrax = injector.getInstance(Calibrax.class)) {
            assertThat(calibrax.gpuProfilers()).hasSize(2);
            for (AdvancedMonitor monitor : List.of(injector.getInstance(AdvancedMonitor.class),
                    injector.getInstance(ProductionMonitor.class))) {
                for (int i = 0; i < 7; i++) {
                    monitor.runCycle();
                }
                assertThat(monitor.getMetricHistory("gpu_utilization")).hasSize(5).containsOnly(40.0);
                assertThat(monitor.getMetricHistory("gpu1_utilization")).containsOnly(41.0);
                assertThat(monitor.getMetricHistory("queue_depth")).containsOnly(17.0);
                assertThat(monitor.getMetricHistory("cpu_percent")).containsOnly(12.5);
                assertThat(monitor.getHistorySize()).isEqualTo(5);
            }
        }
    }

    @Test
    void applicationBoundHandlerReceivesAlertsBesideTheDiscoveredOnes() {
        String id = UUID.randomUUID().toString();
        RecordingHandler applicationHandler = new RecordingHandler("pager");
        Injector injector = Guice.createInjector(
                new CalibraxModule(CalibraxConfig.of(Map.of(RecordingHandlerProvider.ID, id))),
                new AbstractModule() {
                    @Override
                    protected void configure() {
                        Multibinder.newSetBinder(binder(), AlertHandler.class).addBinding().toInstance(applicationHandler);
                    }
                });
        try (Calibrax calibrax = injector.getInstance(Calibrax.class)) {
            AlertManager manager = calibrax.alertManager();
            assertThat(manager.getAlertHandlers()).containsExactlyInAnyOrder(RecordingHandler.byId(id), applicationHandler);

            ProductionMonitor monitor = injector.getInstance(ProductionMonitor.class);
            monitor.setThreshold("gpu_temperature_c", 85);
            monitor.recordMetric("gpu_temperature_c", 92);
            manager.triggerAlert("Throughput below minimum", AlertSeverity.WARNING, "throughput", 850, 1000);
            assertThat(manager.flush(FLUSH)).isTrue();

            for (RecordingHandler handler : List.of(applicationHandler, RecordingHandler.byId(id))) {
                assertThat(handler.received()).extracting(alert -> alert.metricName())
                        .containsExactly("gpu_temperature_c", "throughput");
                assertThat(handler.received().get(0).message()).startsWith("gpu_temperature_c exceeded threshold");
            }
        }
        assertThat(applicationHandler.closes()).isEqualTo(1);
        assertThat(RecordingHandler.byId(id).closes()).isEqualTo(1);
    }

    @Test
    void discoveredGpuProfilersAndMetricSourcesAreInTheirSets() {
        Injector injector = Guice.createInjector(new CalibraxModule(CalibraxConfig.of(Map.of(
                FakeGpuProfilerProvider.COUNT, "3", FakeMetricSourceProvider.DEPTH, "17"))));
        try (Calibrax calibrax = injector.getInstance(Calibrax.class)) {
            Set<GpuProfiler> gpus = injector.getInstance(Key.get(new TypeLiteral<Set<GpuProfiler>>() { }));
            assertThat(gpus).extracting(GpuProfiler::index).containsExactly(0, 1, 2);
            assertThat(calibrax.gpuProfilers()).containsExactlyElementsOf(gpus);

            Set<MetricSource> sources = injector.getInstance(Key.get(new TypeLiteral<Set<MetricSource>>() { }));
            assertThat(sources).singleElement().satisfies(source ->
                    assertThat(source.collect()).containsEntry("queue_depth", 17.0));
        }
    }

    @Test
    void theAvailableResourceMonitorWithTheHighestPriorityIsBound() {
        Injector injector = Guice.createInjector(new CalibraxModule(CalibraxConfig.of(Map.of(
                FakeResourceMonitorProvider.ENABLED, "true"))));
        try (Calibrax calibrax = injector.getInstance(Calibrax.class)) {
            Optional<ResourceMonitor> monitor = injector.getInstance(Key.get(new TypeLiteral<Optional<ResourceMonitor>>() { }));
            assertThat(monitor).containsInstanceOf(FakeResourceMonitorProvider.FakeResourceMonitor.class);
            assertThat(calibrax.productionMonitor().getResourceMonitor()).containsSame(monitor.orElseThrow());
        }
    }

    @Test
    void aHandlerBothDiscoveredAndBoundByTheApplicationIsAWarning() {
        String id = UUID.randomUUID().toString();
        try (LogCapture log = LogCapture.of(Plugins.class)) {
            Injector injector = Guice.createInjector(
                    new CalibraxModule(CalibraxConfig.of(Map.of(RecordingHandlerProvider.ID, id))),
                    new AbstractModule() {
                        @Override
                        protected void configure() {
                            Multibinder.newSetBinder(binder(), AlertHandler.class).addBinding()
                                    .toInstance(new RecordingHandler("explicit"));
                        }
                    });
            injector.getInstance(Calibrax.class).close();
            assertThat(log.messages(Level.WARN)).singleElement().satisfies(line -> assertThat(line)
                    .contains("'recording'").contains(RecordingHandler.class.getName())
                    .contains(Plugins.DISABLED + "=recording"));
        }
    }

    @Test
    void anInvalidAlertManagerSettingFailsWhenTheModuleIsMadeNamingTheKey() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new CalibraxModule(CalibraxConfig.of(Map.of(CalibraxModule.QUEUE_CAPACITY, "-1"))))
                .withMessageContaining(CalibraxModule.QUEUE_CAPACITY).withMessageContaining("-1");
    }

    @Test
    void sizesPastWhatMemoryCanHoldAreRefusedNamingTheKey() {
        for (String key : List.of(CalibraxModule.QUEUE_CAPACITY, CalibraxModule.MAX_ALERTS, CalibraxModule.HISTORY_SIZE)) {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> new CalibraxModule(CalibraxConfig.of(Map.of(key, "2147483647"))))
                    .withMessageContaining(key).withMessageContaining("2147483647");
        }
        CalibraxModule large = new CalibraxModule(CalibraxConfig.of(Map.of(CalibraxModule.QUEUE_CAPACITY, "1048576",
                CalibraxModule.MAX_ALERTS, "1048576", CalibraxModule.HISTORY_SIZE, "100000",
                CalibraxModule.SHUTDOWN_HOOK, "false")));
        try (Calibrax calibrax = Guice.createInjector(large).getInstance(Calibrax.class)) {
            assertThat(calibrax.alertManager().getMaxAlerts()).isEqualTo(1_048_576);
        }
    }
}
