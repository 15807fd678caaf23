/**
 * Alerts to Prometheus Alertmanager: the {@code alertmanager} alert handler provider.
 *
 * <p>When a fleet outgrows one process, Alertmanager is where its alerts are deduplicated,
 * grouped, silenced, inhibited and routed. Put this module's JAR on the classpath and set
 * {@code calibrax.alertmanager.url} (comma-separated for an HA pair) and every Calibrax process
 * posts its alerts to {@code /api/v2/alerts}, behaving as Prometheus does:
 * <ul>
 *   <li>labels {@code alertname} (the metric), {@code severity}, {@code instance} (the host, or
 *       {@code calibrax.alertmanager.instance}), the static {@code calibrax.alertmanager.labels},
 *       and metadata that names what is alerting ({@code pipeline}); annotations {@code summary},
 *       {@code value}, {@code threshold}, {@code trend} and the other metadata;</li>
 *   <li>firing alerts re-sent every {@code calibrax.alertmanager.resend-interval} (1 minute) in
 *       one request, so Alertmanager does not time them out; a resolved alert
 *       ({@code state=resolved}) sent with the same labels and {@code endsAt};</li>
 *   <li>OkHttp with {@code calibrax.alertmanager.timeout} on every call, one post per alert (the
 *       alert manager retries 5xx and I/O errors with backoff, and counts an alert delivered only
 *       once an Alertmanager answered 2xx), and Alertmanager's reason logged when it rejects a
 *       batch;</li>
 *   <li>basic credentials in an {@code http://} URL to a host off this machine refused unless
 *       {@code calibrax.alertmanager.allow-insecure=true} (then with a warning).</li>
 * </ul>
 *
 * <pre>{@code
 * calibrax.alertmanager.url=http://am-1:9093,http://am-2:9093
 * calibrax.alertmanager.labels=service=checkout,env=prod
 * }</pre>
 *
 * <p>{@link io.calibrax.handlers.alertmanager.AlertmanagerHandler#builder()} builds one by hand;
 * {@link io.calibrax.handlers.alertmanager.AlertmanagerModule} adds one to a Guice injector.
 */
@NullMarked
package io.calibrax.handlers.alertmanager;

import org.jspecify.annotations.NullMarked;
