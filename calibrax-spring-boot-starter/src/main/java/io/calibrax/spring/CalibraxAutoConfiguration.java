package io.calibrax.spring;

import io.calibrax.api.AlertHandler;
import io.calibrax.api.GpuProfiler;
import io.calibrax.api.MetricSource;
import io.calibrax.micrometer.CalibraxMeterBinder;
import io.calibrax.monitoring.AdvancedMonitor;
import io.calibrax.monitoring.AlertManager;
import io.calibrax.monitoring.ProductionMonitor;
import io.calibrax.spi.CalibraxConfig;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Calibrax in a Spring Boot application: its configuration from the {@code Environment}
 * ({@code calibrax.*} in {@code application.yml}), the {@link AlertManager} with the discovered
 * handlers and every {@link AlertHandler} bean, the {@link ProductionMonitor} (also the
 * {@link AdvancedMonitor} bean) polling the GPUs found and the {@link GpuProfiler} and
 * {@link MetricSource} beans, started with the context and closed with it.
 *
 * <p>With the actuator on the class path: the {@code calibrax} health indicator
 * ({@link CalibraxHealthIndicator}) and the {@code calibrax} endpoint ({@link CalibraxEndpoint}).
 * With Micrometer: a {@link CalibraxMeterBinder}, so that {@code /actuator/prometheus} carries
 * Calibrax's meters. Every bean backs off when the application defines its own of that type.
 *
 * @since 0.1.0
 */
@AutoConfiguration
public class CalibraxAutoConfiguration {

    /** Every {@code calibrax.*} property of the environment. */
    @Bean
    @ConditionalOnMissingBean
    public CalibraxConfig calibraxConfig(ConfigurableEnvironment environment) {
        return SpringEnvironmentConfig.from(environment);
    }

    /** Core's wiring with the application's handler, GPU profiler and metric source beans added. */
    @Bean
    @ConditionalOnMissingBean
    public CalibraxWiring calibraxWiring(CalibraxConfig config, ObjectProvider<AlertHandler> handlers,
                                         ObjectProvider<GpuProfiler> gpuProfilers,
                                         ObjectProvider<MetricSource> metricSources) {
        return new CalibraxWiring(config, handlers.orderedStream().toList(), gpuProfilers.orderedStream().toList(),
                metricSources.orderedStream().toList());
    }

    /** The alert manager, every discovered handler and handler bean registered on it. */
    @Bean
    @ConditionalOnMissingBean
    public AlertManager calibraxAlertManager(CalibraxWiring wiring) {
        return wiring.alertManager();
    }

    /** The production monitor on the alert manager bean; also the {@code AdvancedMonitor} bean. */
    @Bean
    @ConditionalOnMissingBean
    public ProductionMonitor calibraxProductionMonitor(CalibraxWiring wiring, AlertManager alertManager) {
        return wiring.productionMonitor(alertManager);
    }

    /** Polls with the context running: every {@code calibrax.monitor.interval} (default 5s). */
    @Bean
    @ConditionalOnMissingBean
    public CalibraxMonitoringLifecycle calibraxMonitoringLifecycle(ProductionMonitor monitor, CalibraxConfig config) {
        return new CalibraxMonitoringLifecycle(monitor,
                config.getDuration(CalibraxMonitoringLifecycle.INTERVAL, AdvancedMonitor.DEFAULT_INTERVAL));
    }

    /** The {@code calibrax} health component, off with {@code management.health.calibrax.enabled=false}. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HealthIndicator.class)
    static class HealthConfiguration {
        @Bean
        @ConditionalOnMissingBean(name = "calibraxHealthIndicator")
        @ConditionalOnEnabledHealthIndicator("calibrax")
        CalibraxHealthIndicator calibraxHealthIndicator(ProductionMonitor monitor) {
            return new CalibraxHealthIndicator(monitor);
        }
    }

    /** The {@code calibrax} actuator endpoint, when exposed. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({Endpoint.class, ConditionalOnAvailableEndpoint.class})
    static class EndpointConfiguration {
        @Bean
        @ConditionalOnMissingBean
        @ConditionalOnAvailableEndpoint
        CalibraxEndpoint calibraxEndpoint(AlertManager alertManager, ProductionMonitor monitor) {
            return new CalibraxEndpoint(alertManager, monitor);
        }
    }

    /** Calibrax's meters in every registry of the context (Boot binds {@code MeterBinder} beans). */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({MeterBinder.class, CalibraxMeterBinder.class})
    static class MetricsConfiguration {
        @Bean
        @ConditionalOnMissingBean
        CalibraxMeterBinder calibraxMeterBinder(ProductionMonitor monitor) {
            return new CalibraxMeterBinder(monitor);
        }
    }
}
