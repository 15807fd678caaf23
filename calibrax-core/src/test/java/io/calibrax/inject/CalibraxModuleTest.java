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
import io.calibrax.monitoring.AlertManager;
import io.calibrax.spi.CalibraxConfig;
import io.calibrax.testplugins.FakeGpuProfilerProvider;
import io.calibrax.testplugins.FakeMetricSourceProvider;
import io.calibrax.testplugins.FakeResourceMonitorProvider;
import io.calibrax.testplugins.RecordingHandler;
import io.calibrax.testplugins.RecordingHandlerProvider;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class CalibraxModuleTest {
    private static final Duration FLUSH = Duration.ofSeconds(10);

    @Test
    void oneAlertManagerPerInjector() {
        CalibraxModule module = new CalibraxModule(CalibraxConfig.empty());
        Injector first = Guice.createInjector(module);
        Injector second = Guice.createInjector(module);
        try (Calibrax a = first.getInstance(Calibrax.class); Calibrax b = second.getInstance(Calibrax.class)) {
            assertThat(first.getInstance(AlertManager.class)).isSameAs(first.getInstance(AlertManager.class))
                    .isSameAs(a.alertManager());
            assertThat(second.getInstance(AlertManager.class)).isNotSameAs(first.getInstance(AlertManager.class));
            assertThat(first.getInstance(CalibraxConfig.class)).isSameAs(module.config());
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
            AlertManager manager = injector.getInstance(AlertManager.class);
            assertThat(manager.getAlertHandlers()).containsExactlyInAnyOrder(RecordingHandler.byId(id), applicationHandler);

            manager.triggerAlert("GPU too hot", AlertSeverity.CRITICAL, "gpu_temperature_c", 92, 85);
            assertThat(manager.flush(FLUSH)).isTrue();

            assertThat(applicationHandler.received()).extracting(alert -> alert.message()).containsExactly("GPU too hot");
            assertThat(RecordingHandler.byId(id).received()).extracting(alert -> alert.message())
                    .containsExactly("GPU too hot");
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
        }
    }

    @Test
    void anInvalidAlertManagerSettingFailsWhenTheModuleIsMadeNamingTheKey() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new CalibraxModule(CalibraxConfig.of(Map.of(CalibraxModule.QUEUE_CAPACITY, "-1"))))
                .withMessageContaining(CalibraxModule.QUEUE_CAPACITY).withMessageContaining("-1");
    }
}
