/**
 * Alerts to Slack incoming webhooks: the {@code slack} alert handler provider.
 *
 * <p>Put this module on the classpath and set {@code calibrax.slack.webhook-url} (environment
 * variable {@code CALIBRAX_SLACK_WEBHOOK_URL}): {@link io.calibrax.handlers.slack.SlackAlertHandlerProvider}
 * is found through {@code ServiceLoader} and its {@link io.calibrax.handlers.slack.SlackAlertHandler}
 * joins the alert manager. Other keys: {@code calibrax.slack.min-severity} (default {@code warning}),
 * {@code username}, {@code icon-emoji} (honoured by legacy webhooks only), {@code timeout} (per
 * HTTP call, default 10 s), {@code max-attempts} (default 5), {@code allow-insecure} (default
 * false: an {@code http://} webhook off this machine is refused, its token would travel in
 * plaintext); see {@link io.calibrax.handlers.slack.SlackSettings}. Queueing and the close
 * deadline are the alert manager's ({@code calibrax.alerts.*}).
 * Without discovery, build the handler from {@code SlackSettings.builder(url)} or install
 * {@link io.calibrax.handlers.slack.SlackModule} in a Guice injector.
 *
 * <p>What a demanding user can rely on:
 * <ul>
 *   <li>Messages are Block Kit (a header with the severity, the message, fields for metric,
 *       value, threshold, trend and host, a context line with the time) with a {@code text}
 *       fallback for notifications. Alert text is escaped ({@code &}, {@code <}, {@code >}), so it
 *       can neither ping ({@code <!channel>}) nor disguise a link, and cut to Slack's limits.</li>
 *   <li>The handler only formats and posts; the alert manager delivers under its
 *       {@link io.calibrax.handlers.slack.SlackSettings#deliveryPolicy() policy}: at most one
 *       request per second, alerts that queue behind it go out as one digest, most severe
 *       first, with {@code and N more} beyond what fits. The manager's {@code delivered} counts
 *       what Slack answered 2xx to, each alert of a digest for itself; {@code failed} what it gave
 *       up on.</li>
 *   <li>HTTP 429 waits for {@code Retry-After} (1 to 60 s); 5xx, timeouts and I/O errors are
 *       retried with exponential backoff and jitter (500 ms, ×1.5, at most 60 s); other 4xx
 *       ({@code invalid_payload}, {@code no_service}, {@code channel_not_found}, ...) are logged
 *       once with Slack's error code and not retried.</li>
 *   <li>Every call has connect, read, write and whole-call timeouts; {@code close()} cancels
 *       the call in flight, so the manager's close deadline holds even if Slack hangs.</li>
 *   <li>The webhook URL is a secret: it is shown at most as
 *       {@code https://hooks.slack.com/services/T…/B…/***}, never logged and never in an
 *       exception's text.</li>
 * </ul>
 */
@NullMarked
package io.calibrax.handlers.slack;

import org.jspecify.annotations.NullMarked;
