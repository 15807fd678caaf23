/**
 * Alerting and monitoring: {@link io.calibrax.monitoring.AlertManager} stores alerts and fans
 * them out to handlers without ever blocking the caller; the monitors poll metrics, check
 * thresholds and track pipeline health.
 */
package io.calibrax.monitoring;
