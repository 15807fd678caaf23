/**
 * Alerts to Slack incoming webhooks: the {@code slack} alert handler provider.
 */
package io.calibrax.handlers.slack;
