/**
 * Calibrax in Spring Boot 4: add {@code calibrax-spring-boot-starter} and configure
 * {@code calibrax.*} in {@code application.yml}.
 *
 * <ul>
 *   <li>{@link io.calibrax.spring.CalibraxAutoConfiguration}: the configuration
 *       ({@link io.calibrax.spring.SpringEnvironmentConfig}), the alert manager, the monitor, the
 *       discovered handlers plus every {@code AlertHandler} bean, the GPU profilers, wired by core's
 *       own wiring ({@link io.calibrax.spring.CalibraxWiring}); monitoring starts and stops with the
 *       context ({@link io.calibrax.spring.CalibraxMonitoringLifecycle}).</li>
 *   <li>{@link io.calibrax.spring.CalibraxHealthIndicator}: the pipelines' health as the
 *       {@code calibrax} component of {@code /actuator/health}.</li>
 *   <li>{@link io.calibrax.spring.CalibraxEndpoint}: {@code /actuator/calibrax}, the report, recent
 *       alerts, handler statistics and silences; silences added and expired there.</li>
 *   <li>A {@code CalibraxMeterBinder}, so that {@code /actuator/prometheus} carries Calibrax's meters.</li>
 * </ul>
 */
@NullMarked
package io.calibrax.spring;

import org.jspecify.annotations.NullMarked;
