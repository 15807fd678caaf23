/**
 * Alerts by SMTP: the {@code email} alert handler provider.
 */
package io.calibrax.handlers.email;
