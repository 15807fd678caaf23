/**
 * Alerts by email: the {@code email} alert handler, over SMTP with Jakarta Mail (Angus Mail).
 *
 * <h2>Turning it on</h2>
 * Put this module on the classpath and set, in {@code calibrax.properties}, environment
 * variables ({@code CALIBRAX_EMAIL_HOST}...) or system properties:
 * <pre>
 * calibrax.email.host=smtp.example.com
 * calibrax.email.from=Calibrax &lt;alerts@example.com&gt;
 * calibrax.email.to=oncall@example.com, ml-team@example.com
 * calibrax.email.username=alerts@example.com
 * calibrax.email.password=...            # a secret: never logged, hidden in toString()
 * </pre>
 * {@link io.calibrax.handlers.email.EmailAlertHandlerProvider} is found through
 * {@code META-INF/services} and creates the handler when host, from and to are all set (some
 * but not all is an error naming the missing keys). Or wire it yourself:
 * {@code new EmailAlertHandler(EmailSettings.builder(host, from, to).build())}, or the Guice
 * {@link io.calibrax.handlers.email.EmailAlertModule}. {@code sendTest()} checks the setup.
 *
 * <h2>Keys</h2>
 * <table>
 * <caption>calibrax.email.*</caption>
 * <tr><th>key</th><th>default</th><th>meaning</th></tr>
 * <tr><td>host, from, to</td><td></td><td>server, sender, comma-separated recipients; each
 *     address is checked at start</td></tr>
 * <tr><td>tls</td><td>starttls</td><td>{@code starttls} (required, never falls back to plain
 *     text), {@code smtps} (implicit TLS) or {@code none}; certificates and host names are
 *     checked</td></tr>
 * <tr><td>port</td><td>587 / 465 / 25</td><td>by tls mode</td></tr>
 * <tr><td>username, password</td><td></td><td>SMTP AUTH, both or neither</td></tr>
 * <tr><td>min-severity</td><td>warning</td><td>lower alerts are not mailed</td></tr>
 * <tr><td>subject-prefix</td><td>[calibrax]</td><td>subject: {@code <prefix> <SEVERITY>
 *     <metric>: <message>}</td></tr>
 * <tr><td>batch-window</td><td>0</td><td>above 0, alerts within the window go out as one
 *     digest</td></tr>
 * <tr><td>timeout</td><td>10s</td><td>connect, read and write timeout of each step; an exchange
 *     is also cut after a total deadline</td></tr>
 * <tr><td>max-attempts, retry-backoff</td><td>5, 1s</td><td>tries per mail on transient
 *     failures, and the first wait (doubling, at most a minute)</td></tr>
 * <tr><td>allow-insecure</td><td>false</td><td>lets a password cross the network without TLS
 *     (tls=none to a host off this machine), with a warning, instead of refusing it</td></tr>
 * </table>
 *
 * <h2>Guarantees</h2>
 * <ul>
 *   <li>Alert text never reaches a header raw: CR, LF and other control characters become
 *       spaces, so it cannot add recipients or headers; every value in the HTML part is
 *       escaped.</li>
 *   <li>The handler formats and sends, one try per call; the alert manager delivers under
 *       {@link io.calibrax.handlers.email.EmailSettings#deliveryPolicy()}: transient failures
 *       (no connection, timeouts, 4xx) are retried with exponential backoff, permanent ones (5xx,
 *       bad credentials, no STARTTLS, untrusted certificate) are not, and the reason with the
 *       server's reply is logged. A burst or a digest batch shares one connection.</li>
 *   <li>Nothing is lost silently: the manager's {@code delivered} is what the server accepted,
 *       each alert of a digest counted for itself; the rest is counted as failed or dropped and
 *       logged.</li>
 *   <li>Threads: the alert manager's per-handler thread sends; the handler adds daemon threads
 *       named {@code calibrax-email-<n>-timer-<k>} (timeouts, idle connection), stopped by
 *       {@code close()}.</li>
 * </ul>
 */
@NullMarked
package io.calibrax.handlers.email;

import org.jspecify.annotations.NullMarked;
