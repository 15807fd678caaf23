/**
 * Alerting and monitoring.
 *
 * <ul>
 *   <li>{@link io.calibrax.monitoring.AlertManager} stores alerts and fans them out to handlers
 *       without ever blocking the caller.</li>
 *   <li>{@link io.calibrax.monitoring.AdvancedMonitor} polls the process (through a
 *       {@link io.calibrax.api.ResourceMonitor}), GPUs and {@link io.calibrax.api.MetricSource}s on
 *       one {@code calibrax-monitor-<n>} daemon thread, takes readings the application pushes with
 *       {@code recordMetric}, keeps a bounded history per metric and checks each reading against
 *       its {@link io.calibrax.monitoring.Threshold}: a breach alerts once, then at most once per
 *       repeat interval (4 hours by default), and a resolved alert says when it clears; a threshold
 *       may wait ({@code forDuration}), keep firing ({@code keepFiringFor}) and alert on missing
 *       data ({@code alertOnMissing}), by the monitor's clock.</li>
 *   <li>{@link io.calibrax.monitoring.ProductionMonitor} adds pipeline executions: performance
 *       baselines, degradation and error-rate alerts (resolved when they clear), pipelines expected
 *       every so often ({@code expectEvery}, a dead-man's switch), and a
 *       {@link io.calibrax.monitoring.PipelineHealthReport} of how each pipeline does now (its
 *       recent executions) in per-pipeline
 *       {@link io.calibrax.monitoring.PipelineStats}, and {@link io.calibrax.monitoring.PipelineRecorder}
 *       handles bound to one pipeline. Recording is exact for any number of threads and keeps
 *       memory bounded however many executions arrive.</li>
 * </ul>
 *
 * <pre>{@code
 * try (ProductionMonitor monitor = new ProductionMonitor()) {
 *     monitor.getAlertManager().addAlertHandler(alert -> System.out.println(alert.message()));
 *     monitor.setThreshold("memory_rss_mb", 2048);
 *     monitor.setThreshold("throughput", Threshold.below(500).withConsecutiveSamples(3));
 *     monitor.setPerformanceBaseline("inference", 0.05);
 *     monitor.startMonitoring(Duration.ofSeconds(5));
 *     monitor.recordPipelineExecution("inference", 0.048, true);
 *     System.out.println(monitor.getPipelineHealthReport().toMap());
 * }
 * }</pre>
 *
 * <p>Every type here is thread-safe. {@code io.calibrax.monitoring.internal} is not public API.
 */
@NullMarked
package io.calibrax.monitoring;

import org.jspecify.annotations.NullMarked;
