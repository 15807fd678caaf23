package io.calibrax.spring;

import io.calibrax.api.AlertSeverity;
import io.calibrax.api.GpuClocks;
import io.calibrax.api.GpuMemory;
import io.calibrax.api.GpuPower;
import io.calibrax.api.GpuProfiler;
import io.calibrax.api.HealthStatus;
import io.calibrax.api.MetricSource;
import io.calibrax.micrometer.CalibraxMeterBinder;
import io.calibrax.monitoring.AdvancedMonitor;
import io.calibrax.monitoring.AlertManager;
import io.calibrax.monitoring.ProductionMonitor;
import io.calibrax.spi.CalibraxConfig;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class CalibraxAutoConfigurationTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(CalibraxAutoConfiguration.class));

    @Test
    void providesOneAlertManagerAndOneMonitorThatIsAlsoTheAdvancedMonitor() {
        runner.run(context -> {
            assertThat(context).hasNotFailed()
                    .hasSingleBean(CalibraxConfig.class).hasSingleBean(AlertManager.class)
                    .hasSingleBean(ProductionMonitor.class).hasSingleBean(AdvancedMonitor.class)
                    .hasSingleBean(CalibraxWiring.class).hasSingleBean(CalibraxMonitoringLifecycle.class)
                    .hasSingleBean(CalibraxMeterBinder.class).hasBean("calibraxHealthIndicator");
            assertThat(context.getBean(CalibraxConfig.class)).isInstanceOf(SpringEnvironmentConfig.class);
            ProductionMonitor monitor = context.getBean(ProductionMonitor.class);
            assertThat(context.getBean(AdvancedMonitor.class)).isSameAs(monitor);
            assertThat(monitor.getAlertManager()).isSameAs(context.getBean(AlertManager.class));
        });
    }

    @Test
    void monitoringRunsWithTheContextAtTheConfiguredInterval() {
        runner.withPropertyValues("calibrax.monitor.interval=250ms").run(context -> {
            assertThat(context.getBean(ProductionMonitor.class).isMonitoring()).isTrue();
            assertThat(context.getBean(CalibraxMonitoringLifecycle.class).interval()).isEqualTo(Duration.ofMillis(250));
        });
    }

    @Test
    void propertiesReachCoresWiring() {
        runner.withPropertyValues("calibrax.alerts.max-alerts=7", "calibrax.monitor.history-size=3",
                "calibrax.monitor.repeat-interval=2m").run(context -> {
            assertThat(context.getBean(AlertManager.class).getMaxAlerts()).isEqualTo(7);
            ProductionMonitor monitor = context.getBean(ProductionMonitor.class);
            assertThat(monitor.getHistorySize()).isEqualTo(3);
            assertThat(monitor.getRepeatInterval()).isEqualTo(Duration.ofMinutes(2));
        });
    }

    @Test
    void aBadPropertyFailsTheStartNamingTheKey() {
        runner.withPropertyValues("calibrax.alerts.max-alerts=many").run(context ->
                assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("calibrax.alerts.max-alerts").hasMessageContaining("many"));
        runner.withPropertyValues("calibrax.monitor.interval=0s").run(context ->
                assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("calibrax.monitor.interval"));
    }

    @Test
    void alertHandlerBeansReceiveAlertsBesideTheDiscoveredOnes() {
        runner.withUserConfiguration(HandlerConfiguration.class).withPropertyValues("calibrax.console.enabled=true")
                .run(context -> {
                    AlertManager manager = context.getBean(AlertManager.class);
                    RecordingHandler handler = context.getBean(RecordingHandler.class);
                    assertThat(manager.getAlertHandlers()).contains(handler);
                    assertThat(manager.handlerStats()).extracting("name").contains("recording", "console");

                    manager.triggerAlert("disk nearly full", AlertSeverity.ERROR, "disk_percent", 97, 90);
                    assertThat(manager.flush(WAIT)).isTrue();
                    assertThat(handler.received).extracting("message").containsExactly("disk nearly full");
                });
    }

    @Test
    void metricSourceBeansArePolledByTheMonitor() {
        runner.withUserConfiguration(MetricSourceConfiguration.class).withPropertyValues("calibrax.monitor.interval=50ms")
                .run(context -> {
                    ProductionMonitor monitor = context.getBean(ProductionMonitor.class);
                    await().atMost(WAIT).until(() -> !monitor.getMetricHistory("queue_depth").isEmpty());
                    assertThat(monitor.getMetricHistory("queue_depth")).contains(42.0);
                });
    }

    @Test
    void gpuProfilerBeansArePolledBesideTheDiscoveredOnes() {
        runner.withUserConfiguration(GpuConfiguration.class).withPropertyValues("calibrax.monitor.interval=50ms")
                .run(context -> {
                    ProductionMonitor monitor = context.getBean(ProductionMonitor.class);
                    assertThat(context.getBean(CalibraxWiring.class).gpuProfilers())
                            .contains(context.getBean(GpuProfiler.class));
                    await().atMost(WAIT).until(() -> !monitor.getMetricHistory("gpu_utilization").isEmpty());
                    assertThat(monitor.getMetricHistory("gpu_utilization")).contains(73.0);
                });
    }

    @Test
    void endpointReportsAndSilences() {
        runner.run(context -> {
            AlertManager manager = context.getBean(AlertManager.class);
            CalibraxEndpoint endpoint = new CalibraxEndpoint(manager, context.getBean(ProductionMonitor.class));
            Map<String, Object> silence = endpoint.silence("metric=\"disk\"", "30m", null);
            assertThat(manager.silences()).extracting("id").containsExactly(silence.get("id"));
            assertThat(endpoint.report()).containsOnlyKeys("health", "alerts", "handlers", "silences");

            assertThatThrownBy(() -> endpoint.silence("metric=~\"(\"", "30m", "x"))
                    .isInstanceOf(InvalidEndpointRequestException.class).hasMessageContaining("matchers");
            assertThatThrownBy(() -> endpoint.silence("metric=\"disk\"", "later", "x"))
                    .isInstanceOf(InvalidEndpointRequestException.class).hasMessageContaining("duration");

            assertThat(endpoint.expire("no-such-id")).containsEntry("expired", false);
            assertThat(endpoint.expire((String) silence.get("id"))).containsEntry("expired", true);
            assertThat(manager.silences()).isEmpty();
        });
    }

    @Test
    void everythingClosesWithTheContext() {
        AtomicReference<AlertManager> manager = new AtomicReference<>();
        AtomicReference<ProductionMonitor> monitor = new AtomicReference<>();
        AtomicReference<CalibraxWiring> wiring = new AtomicReference<>();
        AtomicReference<RecordingHandler> handler = new AtomicReference<>();
        runner.withUserConfiguration(HandlerConfiguration.class).run(context -> {
            manager.set(context.getBean(AlertManager.class));
            monitor.set(context.getBean(ProductionMonitor.class));
            wiring.set(context.getBean(CalibraxWiring.class));
            handler.set(context.getBean(RecordingHandler.class));
            assertThat(monitor.get().isMonitoring()).isTrue();
            manager.get().triggerAlert("last words", AlertSeverity.WARNING, "m", 1, 0);
        });
        assertThat(monitor.get().isMonitoring()).isFalse();
        assertThat(monitor.get().isClosed()).isTrue();
        assertThat(manager.get().isClosed()).isTrue();
        assertThat(wiring.get().isClosed()).isTrue();
        assertThat(handler.get().closes.get()).isPositive();
        // closing drained the queue first: the alert raised just before the context closed was delivered
        assertThat(handler.get().received).extracting("message").containsExactly("last words");
    }

    @Test
    void backsOffForTheApplicationsConfig() {
        runner.withUserConfiguration(OwnConfig.class).run(context -> {
            assertThat(context).hasSingleBean(CalibraxConfig.class);
            assertThat(context.getBean(CalibraxConfig.class)).isNotInstanceOf(SpringEnvironmentConfig.class);
            assertThat(context.getBean(AlertManager.class).getMaxAlerts()).isEqualTo(11);
        });
    }

    @Test
    void backsOffForTheApplicationsAlertManagerAndRaisesThroughIt() {
        runner.withUserConfiguration(OwnAlertManager.class).run(context -> {
            assertThat(context).hasSingleBean(AlertManager.class).doesNotHaveBean("calibraxAlertManager");
            AlertManager own = context.getBean("ownAlertManager", AlertManager.class);
            ProductionMonitor monitor = context.getBean(ProductionMonitor.class);
            assertThat(monitor.getAlertManager()).isSameAs(own);
            monitor.setThreshold("latency_ms", 100);
            monitor.recordMetric("latency_ms", 250);
            await().atMost(WAIT).until(() -> own.getAlertCount() == 1);
        });
    }

    @Test
    void backsOffForTheApplicationsMonitor() {
        runner.withUserConfiguration(OwnMonitor.class).run(context -> {
            assertThat(context).hasSingleBean(ProductionMonitor.class).doesNotHaveBean("calibraxProductionMonitor");
            ProductionMonitor own = context.getBean("ownMonitor", ProductionMonitor.class);
            assertThat(context.getBean(CalibraxMeterBinder.class)).isNotNull();
            assertThat(own.isMonitoring()).isTrue();
        });
    }

    @Test
    void backsOffForTheApplicationsHealthIndicatorEndpointBinderAndLifecycle() {
        new WebApplicationContextRunner().withConfiguration(AutoConfigurations.of(CalibraxAutoConfiguration.class))
                .withUserConfiguration(OwnActuatorBeans.class)
                .withPropertyValues("management.endpoints.web.exposure.include=calibrax").run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(CalibraxEndpoint.class)
                            .hasSingleBean(CalibraxMeterBinder.class).hasSingleBean(CalibraxMonitoringLifecycle.class);
                    assertThat(context.getBean("calibraxHealthIndicator")).isSameAs(OwnActuatorBeans.HEALTH);
                    assertThat(context.getBean(CalibraxEndpoint.class)).isSameAs(context.getBean("ownEndpoint"));
                    assertThat(context.getBean(CalibraxMeterBinder.class)).isSameAs(context.getBean("ownBinder"));
                    assertThat(context.getBean(CalibraxMonitoringLifecycle.class).interval()).hasSeconds(60);
                });
    }

    @Test
    void healthIndicatorNeedsTheHealthModuleAndCanBeSwitchedOff() {
        runner.withClassLoader(new FilteredClassLoader(HealthIndicator.class)).run(context ->
                assertThat(context).hasNotFailed().doesNotHaveBean("calibraxHealthIndicator"));
        runner.withPropertyValues("management.health.calibrax.enabled=false").run(context ->
                assertThat(context).hasNotFailed().doesNotHaveBean("calibraxHealthIndicator"));
    }

    @Test
    void endpointOnlyWhenExposedAndTheActuatorIsPresent() {
        WebApplicationContextRunner web = new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(CalibraxAutoConfiguration.class));
        web.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(CalibraxEndpoint.class));
        runner.withPropertyValues("management.endpoints.web.exposure.include=calibrax")
                .run(context -> assertThat(context).hasSingleBean(CalibraxEndpoint.class));
        runner.withPropertyValues("management.endpoints.jmx.exposure.include=calibrax", "spring.jmx.enabled=true")
                .run(context -> assertThat(context).hasSingleBean(CalibraxEndpoint.class));
        web.withPropertyValues("management.endpoints.web.exposure.include=calibrax")
                .run(context -> assertThat(context).hasSingleBean(CalibraxEndpoint.class));
        web.withPropertyValues("management.endpoints.web.exposure.include=calibrax")
                .withClassLoader(new FilteredClassLoader(Endpoint.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(CalibraxEndpoint.class));
    }

    @Test
    void meterBinderOnlyWithMicrometer() {
        runner.withClassLoader(new FilteredClassLoader(MeterBinder.class)).run(context ->
                assertThat(context).hasNotFailed().doesNotHaveBean(CalibraxMeterBinder.class)
                        .hasSingleBean(ProductionMonitor.class));
    }

    @Test
    @SuppressWarnings("unchecked")
    void healthIndicatorMapsEachPipelineHealthToABootStatus() {
        runner.run(context -> {
            HealthIndicator indicator = context.getBean("calibraxHealthIndicator", HealthIndicator.class);
            ProductionMonitor monitor = context.getBean(ProductionMonitor.class);
            assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);

            for (int i = 0; i < 3; i++) {
                monitor.recordPipelineExecution("etl", 1.0, true);
            }
            Health healthy = indicator.health();
            assertThat(healthy.getStatus()).isEqualTo(Status.UP);
            assertThat(healthy.getDetails()).containsOnlyKeys("etl");
            assertThat((Map<String, Object>) healthy.getDetails().get("etl")).containsEntry("health", "healthy")
                    .containsEntry("total_executions", 3L);

            for (int i = 0; i < 4; i++) {
                monitor.recordPipelineExecution("shaky", 1.0, i != 0);
            }
            Health degraded = indicator.health();
            assertThat(degraded.getStatus()).isEqualTo(new Status("DEGRADED"));
            assertThat(degraded.getDetails()).containsOnlyKeys("etl", "shaky");

            for (int i = 0; i < 3; i++) {
                monitor.recordPipelineExecution("broken", 1.0, false);
            }
            Health critical = indicator.health();
            assertThat(critical.getStatus()).isEqualTo(Status.DOWN);
            assertThat((Map<String, Object>) critical.getDetails().get("broken")).containsEntry("health", "critical");
        });
        assertThat(CalibraxHealthIndicator.status(HealthStatus.DEGRADED).getCode()).isEqualTo("DEGRADED");
    }

    @Configuration(proxyBeanMethods = false)
    static class HandlerConfiguration {
        @Bean
        RecordingHandler recordingHandler() {
            return new RecordingHandler();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class MetricSourceConfiguration {
        @Bean
        MetricSource queueDepth() {
            return () -> Map.of("queue_depth", 42.0);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class GpuConfiguration {
        @Bean
        GpuProfiler fakeGpu() {
            return new GpuProfiler() {
                public int index() {
                    return 0;
                }

                public String name() {
                    return "Test GPU";
                }

                public Optional<GpuMemory> memory() {
                    return Optional.empty();
                }

                public OptionalDouble utilization() {
                    return OptionalDouble.of(73);
                }

                public Optional<GpuClocks> clocks() {
                    return Optional.empty();
                }

                public Optional<GpuPower> power() {
                    return Optional.empty();
                }

                public OptionalDouble temperatureCelsius() {
                    return OptionalDouble.empty();
                }

                public void close() {
                }
            };
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnConfig {
        @Bean
        CalibraxConfig ownConfig() {
            return CalibraxConfig.of(Map.of("calibrax.alerts.max-alerts", "11"));
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnAlertManager {
        @Bean
        AlertManager ownAlertManager() {
            return AlertManager.builder().maxAlerts(5).build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnMonitor {
        @Bean
        ProductionMonitor ownMonitor() {
            return ProductionMonitor.builder().build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnActuatorBeans {
        static final HealthIndicator HEALTH = () -> Health.up().build();

        @Bean
        HealthIndicator calibraxHealthIndicator() {
            return HEALTH;
        }

        @Bean
        CalibraxEndpoint ownEndpoint(AlertManager alertManager, ProductionMonitor monitor) {
            return new CalibraxEndpoint(alertManager, monitor);
        }

        @Bean
        CalibraxMeterBinder ownBinder(ProductionMonitor monitor) {
            return new CalibraxMeterBinder(monitor);
        }

        @Bean
        CalibraxMonitoringLifecycle ownLifecycle(ProductionMonitor monitor) {
            return new CalibraxMonitoringLifecycle(monitor, Duration.ofMinutes(1));
        }
    }
}
