/**
 * Runnable walkthroughs of Calibrax, each a small class with a {@code main} you can copy:
 * <ul>
 *   <li>{@link io.calibrax.examples.AlertManagerWalkthrough}: an alert manager, a handler,
 *       querying and clearing alerts (the documentation's "Alert Management");</li>
 *   <li>{@link io.calibrax.examples.ThresholdMonitoringWalkthrough}: an advanced monitor with
 *       thresholds, its loop and pushed readings, its summary ("Threshold-Based Monitoring");</li>
 *   <li>{@link io.calibrax.examples.ProductionMonitorWalkthrough}: pipeline executions and the
 *       health report ("Production Monitor");</li>
 *   <li>{@link io.calibrax.examples.GuiceWiringExample}: Calibrax in a Guice application, with an
 *       application handler beside the discovered ones;</li>
 *   <li>{@link io.calibrax.examples.QueueMetricSourceExample}: an adapter
 *       {@link io.calibrax.api.MetricSource} over something the application measures;</li>
 *   <li>{@link io.calibrax.examples.plugin}: a third-party alert-handler plugin with its own
 *       {@code META-INF/services} entry.</li>
 * </ul>
 * Run one with {@code java -cp calibrax-examples/target/calibrax.jar io.calibrax.examples.<Name>};
 * {@code java -jar calibrax.jar demo} runs the three walkthroughs in turn. The command line itself
 * is {@link io.calibrax.examples.cli}.
 */
@NullMarked
package io.calibrax.examples;

import org.jspecify.annotations.NullMarked;
