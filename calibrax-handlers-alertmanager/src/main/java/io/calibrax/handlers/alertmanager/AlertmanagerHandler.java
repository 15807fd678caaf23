package io.calibrax.handlers.alertmanager;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.calibrax.api.Alert;
import io.calibrax.api.AlertHandler;
import io.calibrax.api.DeliveryException;
import io.calibrax.api.DeliveryPolicy;
import io.calibrax.api.internal.Args;
import io.calibrax.api.internal.HostNames;
import io.calibrax.api.internal.Transport;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Sends Calibrax alerts to Prometheus Alertmanager ({@code POST /api/v2/alerts}), behaving as
 * Prometheus does towards it: every firing alert is re-sent each resend interval until it is
 * resolved, all of them in one request; a resolved alert is sent with the same labels and an
 * {@code endsAt}, and re-sent for a while so that an Alertmanager that was down still learns it.
 *
 * <p>Mapping: labels {@code alertname} (the metric), {@code severity}, {@code instance} (this
 * host, or the configured name), the static labels, and the metadata entries named as identity
 * keys ({@code pipeline} by default); annotations {@code summary} (the message), {@code value},
 * {@code threshold}, {@code trend} and the remaining metadata; {@code startsAt}; and
 * {@code generatorURL} when configured. An alert whose metadata has {@code state=resolved} (what a
 * monitor raises when a breach clears) resolves the alert firing with the same labels, severity
 * aside: when a breach changes severity, the old alert is resolved and the new one fires.
 *
 * <p>Alerts that will be resolved later (metadata {@code state=firing}, as threshold breaches
 * carry) are re-sent until resolved. Any other alert (one raised with {@code triggerAlert}, a
 * pipeline's degradation) is an event that nothing may ever resolve: it is sent with an
 * {@code endsAt} one alert time-to-live later (5 minutes by default) and re-sent until then, so it
 * leaves Alertmanager's active list by itself instead of firing for as long as the process runs; a
 * {@code state=resolved} alert still ends it sooner, and raising it again extends it.
 *
 * <p>With several URLs (an HA pair) every batch goes to each of them. A new or resolved alert is
 * posted at once from {@link #handle}, one try, which throws a {@link DeliveryException} when no
 * Alertmanager accepted it (the alert manager retries it under {@link #deliveryPolicy()}, and the
 * alert stays on the resend list, so it arrives once one is back). Re-sending, Alertmanager's own
 * protocol, happens on a daemon thread named {@code calibrax-alertmanager-resend-<n>}. Basic
 * credentials over {@code http://} to a host off this machine are refused unless
 * {@link Builder#allowInsecure(boolean)}.
 *
 * <p>Threading: {@link #handle} may be called from any thread; posts are serialised so that
 * Alertmanager never sees an older state after a newer one. {@link #close()} stops the resend
 * thread, cancels calls in flight and returns promptly; it does not resolve anything (a process
 * that stops does not fix the problem), and Alertmanager drops the alerts after its
 * {@code resolve_timeout}.
 *
 * @since 0.1.0
 */
public final class AlertmanagerHandler implements AlertHandler {
    private static final Logger log = LoggerFactory.getLogger(AlertmanagerHandler.class);
    private static final AtomicInteger ORDINAL = new AtomicInteger();

    /** How often firing alerts are re-sent by default, as Prometheus' {@code resend-delay}. */
    public static final Duration DEFAULT_RESEND_INTERVAL = Duration.ofMinutes(1);
    /** The connect, read, write and total timeout of one call by default. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    /** How long a resolution keeps being re-sent by default (Prometheus keeps 15 minutes). */
    public static final Duration DEFAULT_RESOLVED_RETENTION = Duration.ofMinutes(15);
    /** How long an alert that nothing will resolve stays active in Alertmanager. */
    public static final Duration DEFAULT_ALERT_TTL = Duration.ofMinutes(5);
    /** Attempts per post by default (the first and two retries). */
    public static final int DEFAULT_MAX_ATTEMPTS = 3;
    /** The first retry's backoff by default; it doubles each retry. */
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(500);
    /** How many firing (and, separately, resolved) alerts are tracked by default. */
    public static final int DEFAULT_MAX_TRACKED_ALERTS = 10_000;
    /** The metadata keys that become labels by default. */
    public static final List<String> DEFAULT_IDENTITY_KEYS = List.of("pipeline");

    private final ObjectMapper json = new ObjectMapper();
    private final AlertMapper mapper;
    private final AlertBook book;
    private final AlertmanagerClient client;
    private final @Nullable String generatorUrl;
    private final Duration resendInterval;
    private final Duration alertTtl;
    private final ScheduledExecutorService resender;
    private final Object sendLock = new Object();
    private final DeliveryPolicy policy;
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);
    private volatile boolean closed;
    /** After a failed post, everything is re-sent sooner than the resend interval: 1 s, doubling. */
    private static final long FIRST_RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long MAX_RETRY_NANOS = TimeUnit.SECONDS.toNanos(30);
    private final AtomicBoolean retryScheduled = new AtomicBoolean();
    private volatile long retryDelayNanos = FIRST_RETRY_NANOS;

    private AlertmanagerHandler(Builder builder) {
        this.mapper = new AlertMapper(builder.instance, builder.labels, builder.identityKeys, json);
        this.book = new AlertBook(builder.resolvedRetention.toNanos(), builder.maxTrackedAlerts);
        this.alertTtl = builder.alertTtl;
        this.generatorUrl = builder.generatorUrl;
        this.resendInterval = builder.resendInterval;
        this.client = new AlertmanagerClient(builder.endpoints, builder.timeout, json);
        this.policy = DeliveryPolicy.builder().maxAttempts(builder.maxAttempts)
                .backoff(builder.initialBackoff, 2, MAX_BACKOFF).build();
        int ordinal = ORDINAL.incrementAndGet();
        this.resender = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "calibrax-alertmanager-resend-" + ordinal);
            thread.setDaemon(true);
            return thread;
        });
        long period = resendInterval.toNanos();
        resender.scheduleWithFixedDelay(this::resend, period, period, TimeUnit.NANOSECONDS);
    }

    /** A builder; at least one URL is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** {@code "alertmanager"}. */
    @Override
    public String name() {
        return "alertmanager";
    }

    /** The retries of {@link Builder#retries}: 3 tries, 500 ms apart, doubling, by default. */
    @Override
    public DeliveryPolicy deliveryPolicy() {
        return policy;
    }

    /**
     * Posts a new firing alert, or the resolution of a firing one, to every Alertmanager now, once,
     * and keeps it on the resend list.
     *
     * @throws DeliveryException     when no Alertmanager accepted it (each one's reason in the
     *                               message): permanent when every one rejected it; it is re-sent
     *                               next interval all the same
     * @throws IllegalStateException after {@link #close()}
     * @throws InterruptedException  if interrupted while posting
     */
    @Override
    public void handle(Alert alert) throws IOException, DeliveryException, InterruptedException {
        Objects.requireNonNull(alert, "alert");
        if (closed) {
            throw new IllegalStateException("Alertmanager handler is closed");
        }
        synchronized (sendLock) {
            Map<String, String> labels = mapper.labels(alert);
            Map<String, String> annotations = mapper.annotations(alert, labels);
            List<PostableAlert> batch;
            if (AlertMapper.isResolution(alert)) {
                batch = book.resolve(labels, annotations, alert.timestamp(), System.nanoTime());
                if (batch.isEmpty()) {
                    log.debug("Resolution of {} ignored: no alert with these labels is firing", labels);
                    return;
                }
            } else {
                // an event nothing may resolve ends by itself one time-to-live after it is sent
                boolean breach = AlertMapper.isFiring(alert);
                Instant endsAt = breach ? null : Instant.now().plus(alertTtl);
                batch = book.fire(new PostableAlert(labels, annotations, alert.timestamp(), endsAt, generatorUrl),
                        System.nanoTime(), breach ? -1 : alertTtl.toNanos());
            }
            List<AlertmanagerClient.Outcome> outcomes = client.post(toJson(batch));
            afterPost(outcomes);
            if (outcomes.stream().noneMatch(AlertmanagerClient.Outcome::accepted)) {
                boolean rejected = outcomes.stream().allMatch(AlertmanagerClient.Outcome::rejected);
                throw new DeliveryException("no Alertmanager accepted alert '" + alert.metricName() + "': "
                        + outcomes.stream().map(Object::toString).collect(Collectors.joining("; "))
                        + "; it will be re-sent when one answers again", !rejected, null, null);
            }
        }
    }

    /**
     * Posts the test alert to every Alertmanager, then its resolution, so the test shows up once
     * and does not keep firing.
     *
     * @throws DeliveryException when no Alertmanager accepted it, with each one's reason
     */
    @Override
    public void sendTest() throws IOException, DeliveryException, InterruptedException {
        Alert plain = AlertHandler.testAlert();
        Map<String, Object> firing = new LinkedHashMap<>(plain.metadata());
        firing.put("state", "firing");
        Alert test = new Alert(plain.message(), plain.severity(), plain.metricName(), plain.metricValue(),
                plain.threshold(), plain.timestamp(), firing);
        handle(test);
        Map<String, Object> resolved = new LinkedHashMap<>(test.metadata());
        resolved.put("state", "resolved");
        handle(new Alert(test.message(), test.severity(), test.metricName(), test.metricValue(), test.threshold(),
                Instant.now(), resolved));
    }

    /** Re-sends everything on the list in one request per Alertmanager; runs on the resend thread. */
    private void resend() {
        try {
            synchronized (sendLock) {
                if (closed) {
                    return;
                }
                List<PostableAlert> batch = book.all(System.nanoTime());
                if (!batch.isEmpty()) {
                    afterPost(client.post(toJson(batch)));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | JsonProcessingException e) {
            // a failed cycle must not cancel the schedule
            log.warn("Alertmanager re-send failed; trying again in {}", resendInterval, e);
        }
    }

    /**
     * When an Alertmanager missed a post (down, restarting, one of an HA pair), re-sends everything
     * sooner than the resend interval: after 1 s, then 2, 4 ... up to 30 s, until every one
     * accepts again. So an outage costs seconds of delay, not a whole resend interval.
     */
    private void afterPost(List<AlertmanagerClient.Outcome> outcomes) {
        if (outcomes.stream().allMatch(AlertmanagerClient.Outcome::accepted)) {
            retryDelayNanos = FIRST_RETRY_NANOS;
            return;
        }
        if (closed || !retryScheduled.compareAndSet(false, true)) {
            return;
        }
        long delay = Math.min(retryDelayNanos, resendInterval.toNanos());
        retryDelayNanos = Math.min(retryDelayNanos * 2, MAX_RETRY_NANOS);
        try {
            resender.schedule(() -> {
                retryScheduled.set(false);
                resend();
            }, delay, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException closing) {
            retryScheduled.set(false);
        }
    }

    private String toJson(List<PostableAlert> batch) throws JsonProcessingException {
        List<Map<String, Object>> array = new ArrayList<>(batch.size());
        for (PostableAlert alert : batch) {
            array.add(alert.toJson());
        }
        return json.writeValueAsString(array);
    }

    /** How many alerts are firing, as this handler last told Alertmanager. */
    public int firingCount() {
        return book.firingCount();
    }

    /** The Alertmanagers posted to ({@code /api/v2/alerts} URLs, without credentials). */
    public List<String> urls() {
        return client.endpoints().stream().map(AlertmanagerEndpoint::display).toList();
    }

    /** Stops re-sending and releases connections and threads; idempotent, returns within a few seconds. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        resender.shutdownNow();
        client.close();
        try {
            if (!resender.awaitTermination(5, TimeUnit.SECONDS)) {
                log.warn("Alertmanager resend thread did not stop within 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "AlertmanagerHandler" + urls() + "[firing=" + book.firingCount() + (closed ? ", closed" : "") + "]";
    }

    /**
     * Builds an {@link AlertmanagerHandler}; not thread-safe. Every setter refuses a bad argument
     * at once with an exception that names it.
     *
     * @since 0.1.0
     */
    public static final class Builder {
        private static final Set<String> RESERVED = Set.of(AlertMapper.ALERTNAME, AlertMapper.SEVERITY,
                AlertMapper.INSTANCE);

        private final List<AlertmanagerEndpoint> endpoints = new ArrayList<>();
        private final Map<String, String> labels = new LinkedHashMap<>();
        private List<String> identityKeys = DEFAULT_IDENTITY_KEYS;
        private String instance;
        private Duration resendInterval = DEFAULT_RESEND_INTERVAL;
        private Duration timeout = DEFAULT_TIMEOUT;
        private Duration resolvedRetention = DEFAULT_RESOLVED_RETENTION;
        private Duration alertTtl = DEFAULT_ALERT_TTL;
        private Duration initialBackoff = DEFAULT_INITIAL_BACKOFF;
        private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
        private int maxTrackedAlerts = DEFAULT_MAX_TRACKED_ALERTS;
        private @Nullable String generatorUrl;
        private boolean allowInsecure;

        private Builder() {
        }

        /**
         * Adds an Alertmanager, such as {@code http://am-1:9093} (its {@code /api/v2/alerts} is
         * appended; a route prefix is kept; user info becomes basic authentication).
         *
         * @throws IllegalArgumentException if it is not an http or https URL
         */
        public Builder url(String url) {
            endpoints.add(AlertmanagerEndpoint.parse(url));
            return this;
        }

        /** Adds each URL, as {@link #url(String)}. */
        public Builder urls(List<String> urls) {
            Objects.requireNonNull(urls, "urls").forEach(this::url);
            return this;
        }

        /**
         * Adds a static label sent with every alert, such as {@code service} or {@code env}.
         *
         * @throws IllegalArgumentException if the name is not a valid label name, is
         *                                  {@code alertname} or {@code severity} (set by each
         *                                  alert) or {@code instance} (use {@link #instance}), or
         *                                  the value is blank
         */
        public Builder label(String name, String value) {
            LabelNames.require(name, "label name");
            Objects.requireNonNull(value, "label value");
            if (RESERVED.contains(name)) {
                throw new IllegalArgumentException("label name: '" + name + "' is set for each alert"
                        + (name.equals(AlertMapper.INSTANCE) ? "; set the instance instead" : "")
                        + " and cannot be a static label");
            }
            if (value.isBlank()) {
                throw new IllegalArgumentException("label value of '" + name + "' must not be blank");
            }
            labels.put(name, value.strip());
            return this;
        }

        /** Adds each static label, as {@link #label(String, String)}. */
        public Builder labels(Map<String, String> labels) {
            Objects.requireNonNull(labels, "labels").forEach(this::label);
            return this;
        }

        /**
         * The {@code instance} label: this host's name by default. Two processes on one host (or
         * a test simulating two hosts) set it apart.
         *
         * @throws IllegalArgumentException if blank
         */
        public Builder instance(String instance) {
            Objects.requireNonNull(instance, "instance");
            if (instance.isBlank()) {
                throw new IllegalArgumentException("instance must not be blank");
            }
            this.instance = instance.strip();
            return this;
        }

        /**
         * The metadata keys whose (scalar) values become labels, so that they are part of the
         * alert's identity: {@code pipeline} by default. Only list stable values: a key whose
         * value changes on every alert (a trend, an error text) would make each alert a new one.
         *
         * @throws IllegalArgumentException if a key is blank
         */
        public Builder identityKeys(List<String> keys) {
            Objects.requireNonNull(keys, "identityKeys");
            for (String key : keys) {
                if (key == null || key.isBlank()) {
                    throw new IllegalArgumentException("identityKeys must not hold a blank key");
                }
                if (key.equals(AlertMapper.TREND) || key.equals(AlertMapper.STATE)) {
                    throw new IllegalArgumentException("identityKeys: '" + key
                            + "' changes from alert to alert and cannot be part of its identity");
                }
            }
            this.identityKeys = keys.stream().map(String::strip).distinct().toList();
            return this;
        }

        /**
         * How often firing alerts are re-sent: one minute by default. Keep it well below
         * Alertmanager's {@code resolve_timeout} (5 minutes by default).
         *
         * @throws IllegalArgumentException if not positive
         */
        public Builder resendInterval(Duration resendInterval) {
            this.resendInterval = Args.positive(resendInterval, "resendInterval");
            return this;
        }

        /**
         * The connect, read, write and total timeout of one call: 10 s by default.
         *
         * @throws IllegalArgumentException if not positive
         */
        public Builder timeout(Duration timeout) {
            this.timeout = Args.positive(timeout, "timeout");
            return this;
        }

        /**
         * How long an alert that nothing will resolve (no {@code state=firing} metadata) stays
         * active: its {@code endsAt} is this long after it was raised; 5 minutes by default.
         *
         * @throws IllegalArgumentException if zero or negative
         */
        public Builder alertTtl(Duration alertTtl) {
            Objects.requireNonNull(alertTtl, "alertTtl");
            if (alertTtl.isNegative() || alertTtl.isZero()) {
                throw new IllegalArgumentException("alertTtl must be positive, got " + alertTtl);
            }
            this.alertTtl = alertTtl;
            return this;
        }

        /**
         * How long a resolution keeps being re-sent: 15 minutes by default.
         *
         * @throws IllegalArgumentException if negative
         */
        public Builder resolvedRetention(Duration resolvedRetention) {
            Objects.requireNonNull(resolvedRetention, "resolvedRetention");
            if (resolvedRetention.isNegative()) {
                throw new IllegalArgumentException("resolvedRetention must not be negative, got " + resolvedRetention);
            }
            this.resolvedRetention = resolvedRetention;
            return this;
        }

        /**
         * Attempts per alert, the first included (3 by default), and the first retry's backoff
         * (500 ms by default, doubling up to 10 s): the alert manager's retries of this handler.
         *
         * @throws IllegalArgumentException if maxAttempts is out of 1..100 or initialBackoff negative
         */
        public Builder retries(int maxAttempts, Duration initialBackoff) {
            this.maxAttempts = Args.inRange(maxAttempts, 1, DeliveryPolicy.MAX_ATTEMPTS, "maxAttempts");
            this.initialBackoff = Args.notNegative(initialBackoff, "initialBackoff");
            return this;
        }

        /**
         * Lets basic credentials travel over {@code http://} to a host off this machine (with a
         * warning) instead of refusing them; false by default.
         */
        public Builder allowInsecure(boolean allowInsecure) {
            this.allowInsecure = allowInsecure;
            return this;
        }

        /**
         * How many firing alerts (and, separately, resolved ones) are tracked: 10,000 by default;
         * beyond that the oldest stops being re-sent, with a warning.
         *
         * @throws IllegalArgumentException if not positive
         */
        public Builder maxTrackedAlerts(int maxTrackedAlerts) {
            if (maxTrackedAlerts <= 0) {
                throw new IllegalArgumentException("maxTrackedAlerts must be positive, got " + maxTrackedAlerts);
            }
            this.maxTrackedAlerts = maxTrackedAlerts;
            return this;
        }

        /**
         * The {@code generatorURL} of every alert: a link back to where it comes from (a
         * dashboard, the service's status page). None by default.
         *
         * @throws IllegalArgumentException if it is not an absolute URL
         */
        public Builder generatorUrl(String generatorUrl) {
            Objects.requireNonNull(generatorUrl, "generatorUrl");
            try {
                URI uri = new URI(generatorUrl.strip());
                if (!uri.isAbsolute()) {
                    throw new IllegalArgumentException("generatorUrl: '" + generatorUrl + "' is not an absolute URL");
                }
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("generatorUrl: '" + generatorUrl + "' is not a URL: " + e.getReason(), e);
            }
            this.generatorUrl = generatorUrl.strip();
            return this;
        }

        /**
         * A new handler, whose resend thread starts at once.
         *
         * @throws IllegalStateException if no URL was given
         */
        public AlertmanagerHandler build() {
            if (endpoints.isEmpty()) {
                throw new IllegalStateException("an Alertmanager URL is required");
            }
            for (AlertmanagerEndpoint endpoint : endpoints) {
                if (endpoint.authorization() != null) {
                    Transport.checkPlaintext(endpoint.alertsUrl().isHttps(), "http://", endpoint.alertsUrl().host(),
                            "the basic-auth credentials of Alertmanager " + endpoint.display(),
                            AlertmanagerHandlerProvider.ALLOW_INSECURE, allowInsecure).ifPresent(log::warn);
                }
            }
            if (instance == null) {
                instance = HostNames.local();
            }
            return new AlertmanagerHandler(this);
        }
    }
}
