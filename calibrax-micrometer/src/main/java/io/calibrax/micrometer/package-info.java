/**
 * Calibrax and Micrometer, both ways.
 *
 * <ul>
 *   <li>{@link io.calibrax.micrometer.CalibraxMeterBinder}: every Calibrax reading (pipelines,
 *       health, metrics, GPUs, alerts, handler deliveries) as meters of any Micrometer registry,
 *       read when the registry asks, so recording pays nothing for export; in a Prometheus
 *       registry the pipeline series come from one collector built from one health report per
 *       scrape (the same text as the meters give, a fraction of their cost).</li>
 *   <li>{@link io.calibrax.micrometer.MeterRegistryMetricSource}: the application's own meters as
 *       readings a Calibrax threshold can watch.</li>
 *   <li>{@link io.calibrax.micrometer.PrometheusEndpoint}: {@code /metrics} on the JDK's HTTP
 *       server, started by {@code Calibrax.bootstrap()} when {@code calibrax.prometheus.port} is
 *       set.</li>
 * </ul>
 * A Grafana dashboard over these series is in the module's {@code grafana/} folder.
 */
@NullMarked
package io.calibrax.micrometer;

import org.jspecify.annotations.NullMarked;
