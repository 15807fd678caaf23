package io.calibrax.handlers.email;

import io.calibrax.api.DeliveryPolicy;
import io.calibrax.api.internal.Transport;

import io.calibrax.api.AlertSeverity;
import io.calibrax.api.Secret;
import io.calibrax.spi.CalibraxConfig;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the {@code email} handler needs: where the SMTP server is, how to protect and
 * authenticate the connection, who sends and receives, and how alerts are filtered, grouped and
 * retried. Read from configuration with {@link #fromConfig(CalibraxConfig)} or built with
 * {@link #builder(String, String, List)}.
 *
 * <p>Every value is checked when the settings are made, so a bad address or port fails at start,
 * not at the first alert; each message names the configuration key and the bad value. The
 * password is a {@link Secret}: {@link #toString()} shows {@code ***}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param host          SMTP server host name or address ({@value #HOST})
 * @param port          SMTP server port ({@value #PORT}; default from {@code tls})
 * @param tls           connection protection ({@value #TLS}, default {@code starttls})
 * @param from          sender address, optionally with a display name ({@value #FROM})
 * @param to            recipient addresses, at least one ({@value #TO}, comma-separated)
 * @param credentials   user name and password for SMTP AUTH, when the server wants them
 * @param minSeverity   alerts below this are not mailed ({@value #MIN_SEVERITY}, default warning)
 * @param subjectPrefix first word of every subject ({@value #SUBJECT_PREFIX}, default {@code [calibrax]})
 * @param batchWindow   zero: one mail per alert; above zero, alerts raised within the window go out
 *                      as one digest, CRITICAL ones at once ({@value #BATCH_WINDOW}, default 0)
 * @param timeout       connect, read and write timeout of each SMTP step ({@value #TIMEOUT}, default 10 s)
 * @param maxAttempts   tries per mail while the server is unreachable or answers 4xx
 *                      ({@value #MAX_ATTEMPTS}, default 5)
 * @param retryBackoff  wait before the first retry, doubled before each next one up to one minute
 *                      ({@value #RETRY_BACKOFF}, default 1 s)
 * @param allowInsecure lets a password through to a server off this machine without TLS, with a
 *                      warning, instead of refusing it ({@value #ALLOW_INSECURE}, default false)
 * @since 0.1.0
 */
public record EmailSettings(
        String host,
        int port,
        TlsMode tls,
        String from,
        List<String> to,
        Optional<Credentials> credentials,
        AlertSeverity minSeverity,
        String subjectPrefix,
        Duration batchWindow,
        Duration timeout,
        int maxAttempts,
        Duration retryBackoff,
        boolean allowInsecure) {

    /** Configuration key of the SMTP host; with {@link #FROM} and {@link #TO} it enables the handler. */
    public static final String HOST = "calibrax.email.host";
    /** Configuration key of the SMTP port. */
    public static final String PORT = "calibrax.email.port";
    /** Configuration key of the sender address. */
    public static final String FROM = "calibrax.email.from";
    /** Configuration key of the comma-separated recipient addresses. */
    public static final String TO = "calibrax.email.to";
    /** Configuration key of the SMTP AUTH user name. */
    public static final String USERNAME = "calibrax.email.username";
    /** Configuration key of the SMTP AUTH password (a secret). */
    public static final String PASSWORD = "calibrax.email.password";
    /** Configuration key of the TLS mode: {@code starttls}, {@code smtps} or {@code none}. */
    public static final String TLS = "calibrax.email.tls";
    /** Configuration key of the lowest severity that is mailed. */
    public static final String MIN_SEVERITY = "calibrax.email.min-severity";
    /** Configuration key of the subject prefix. */
    public static final String SUBJECT_PREFIX = "calibrax.email.subject-prefix";
    /** Configuration key of the digest window. */
    public static final String BATCH_WINDOW = "calibrax.email.batch-window";
    /** Configuration key of the per-step network timeout. */
    public static final String TIMEOUT = "calibrax.email.timeout";
    /** Configuration key of the number of tries per mail. */
    public static final String MAX_ATTEMPTS = "calibrax.email.max-attempts";
    /** Configuration key of the first retry's wait. */
    public static final String RETRY_BACKOFF = "calibrax.email.retry-backoff";

    /** Configuration key that lets a password cross the network without TLS, with a warning. */
    public static final String ALLOW_INSECURE = "calibrax.email.allow-insecure";

    /** Default {@link #SUBJECT_PREFIX}. */
    public static final String DEFAULT_SUBJECT_PREFIX = "[calibrax]";
    /** Default {@link #TIMEOUT}. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    /** Default {@link #MAX_ATTEMPTS}. */
    public static final int DEFAULT_MAX_ATTEMPTS = 5;
    /** Default {@link #RETRY_BACKOFF}. */
    public static final Duration DEFAULT_RETRY_BACKOFF = Duration.ofSeconds(1);

    private static final Duration MAX_TIMEOUT = Duration.ofHours(1);
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(1);
    private static final Duration MAX_BATCH_WINDOW = Duration.ofDays(1);
    private static final int MAX_ATTEMPTS_LIMIT = 100;

    /**
     * Checks every value.
     *
     * @throws NullPointerException     if a component is null
     * @throws IllegalArgumentException naming the configuration key and the bad value
     */
    public EmailSettings {
        host = checkHost(host);
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException(PORT + ": invalid value '" + port + "' (expected 1 to 65535)");
        }
        Objects.requireNonNull(tls, TLS);
        from = checkAddress(FROM, from);
        Objects.requireNonNull(to, TO);
        if (to.isEmpty()) {
            throw new IllegalArgumentException(TO + ": at least one recipient address is required");
        }
        List<String> recipients = new ArrayList<>(to.size());
        for (String address : to) {
            recipients.add(checkAddress(TO, address));
        }
        to = List.copyOf(recipients);
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(minSeverity, MIN_SEVERITY);
        Objects.requireNonNull(subjectPrefix, SUBJECT_PREFIX);
        if (AlertMail.hasControlCharacter(subjectPrefix)) {
            throw new IllegalArgumentException(SUBJECT_PREFIX + ": must not contain control characters such as CR or LF");
        }
        checkDuration(BATCH_WINDOW, batchWindow, Duration.ZERO, MAX_BATCH_WINDOW);
        checkDuration(TIMEOUT, timeout, Duration.ofMillis(1), MAX_TIMEOUT);
        if (maxAttempts < 1 || maxAttempts > MAX_ATTEMPTS_LIMIT) {
            throw new IllegalArgumentException(MAX_ATTEMPTS + ": invalid value '" + maxAttempts
                    + "' (expected 1 to " + MAX_ATTEMPTS_LIMIT + ")");
        }
        checkDuration(RETRY_BACKOFF, retryBackoff, Duration.ZERO, MAX_TIMEOUT);
        if (credentials.isPresent()) {
            Transport.checkPlaintext(tls != TlsMode.NONE, "SMTP without TLS (" + TLS + "=none)", host,
                    "the password of SMTP user " + credentials.get().username(), ALLOW_INSECURE, allowInsecure);
        }
    }

    /**
     * The delivery the alert manager gives this handler: {@link #maxAttempts()} tries per mail,
     * {@link #retryBackoff()} doubling up to a minute; with a {@link #batchWindow()}, the alerts
     * raised within it (up to {@link EmailAlertHandler#MAX_ALERTS_PER_DIGEST}) as one digest.
     */
    public DeliveryPolicy deliveryPolicy() {
        DeliveryPolicy.Builder policy = DeliveryPolicy.builder()
                .maxAttempts(maxAttempts)
                .backoff(retryBackoff, 2, MAX_BACKOFF)
                .giveUpAfter(MAX_BACKOFF.multipliedBy(maxAttempts).plus(timeout.multipliedBy(maxAttempts)));
        if (!batchWindow.isZero()) {
            policy.batching(EmailAlertHandler.MAX_ALERTS_PER_DIGEST, batchWindow);
        }
        return policy.build();
    }

    /**
     * A builder with the required values; every other value has its default.
     *
     * @param host SMTP server
     * @param from sender address
     * @param to   recipient addresses (at least one)
     */
    public static Builder builder(String host, String from, List<String> to) {
        return new Builder(host, from, to);
    }

    /**
     * Reads the {@code calibrax.email.*} keys.
     *
     * @return empty when none of {@value #HOST}, {@value #FROM} and {@value #TO} is set (email
     *         alerts are off)
     * @throws IllegalArgumentException when only some of them are set, or a value is invalid; the
     *                                  message names the key and the value (never the password)
     */
    public static Optional<EmailSettings> fromConfig(CalibraxConfig config) {
        Objects.requireNonNull(config, "config");
        boolean hasHost = config.has(HOST);
        boolean hasFrom = config.has(FROM);
        boolean hasTo = config.has(TO);
        if (!hasHost && !hasFrom && !hasTo) {
            return Optional.empty();
        }
        if (!hasHost || !hasFrom || !hasTo) {
            List<String> missing = new ArrayList<>();
            if (!hasHost) {
                missing.add(HOST);
            }
            if (!hasFrom) {
                missing.add(FROM);
            }
            if (!hasTo) {
                missing.add(TO);
            }
            throw new IllegalArgumentException("email alerts need " + HOST + ", " + FROM + " and " + TO
                    + "; missing: " + String.join(", ", missing));
        }
        List<String> to = config.getList(TO);
        if (to.isEmpty()) {
            throw new IllegalArgumentException(TO + ": invalid value '" + config.get(TO).orElse("")
                    + "' (expected comma-separated addresses)");
        }
        Builder builder = builder(config.get(HOST).orElseThrow(), config.get(FROM).orElseThrow(), to);
        config.get(TLS).map(TlsMode::fromValue).ifPresent(builder::tls);
        config.getInt(PORT).ifPresent(builder::port);
        Optional<String> username = config.get(USERNAME);
        Optional<Secret> password = config.getSecret(PASSWORD);
        if (username.isPresent() != password.isPresent()) {
            throw new IllegalArgumentException(username.isPresent()
                    ? PASSWORD + " is required when " + USERNAME + " is set"
                    : USERNAME + " is required when " + PASSWORD + " is set");
        }
        username.ifPresent(user -> builder.credentials(user, password.orElseThrow()));
        config.getSeverity(MIN_SEVERITY).ifPresent(builder::minSeverity);
        config.get(SUBJECT_PREFIX).ifPresent(builder::subjectPrefix);
        config.getDuration(BATCH_WINDOW).ifPresent(builder::batchWindow);
        config.getDuration(TIMEOUT).ifPresent(builder::timeout);
        config.getInt(MAX_ATTEMPTS).ifPresent(builder::maxAttempts);
        config.getDuration(RETRY_BACKOFF).ifPresent(builder::retryBackoff);
        config.getBoolean(ALLOW_INSECURE).ifPresent(builder::allowInsecure);
        return Optional.of(builder.build());
    }

    /** {@code host:port}, for messages. */
    String server() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    private static String checkHost(String host) {
        Objects.requireNonNull(host, HOST);
        String stripped = host.strip();
        if (stripped.isEmpty()) {
            throw new IllegalArgumentException(HOST + ": must not be blank");
        }
        for (int i = 0; i < stripped.length(); i++) {
            char c = stripped.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c) || c == ',' || c == '/') {
                throw new IllegalArgumentException(HOST + ": invalid value '" + AlertMail.printable(stripped)
                        + "' (expected a host name or address)");
            }
        }
        return stripped;
    }

    private static String checkAddress(String key, String address) {
        Objects.requireNonNull(address, key);
        String stripped = address.strip();
        if (AlertMail.hasControlCharacter(stripped)) {
            throw new IllegalArgumentException(key + ": invalid address '" + AlertMail.printable(stripped)
                    + "' (contains a control character such as CR or LF)");
        }
        try {
            InternetAddress parsed = new InternetAddress(stripped, true);
            parsed.validate();
            if (parsed.isGroup()) {
                throw new AddressException("a group, not a mailbox");
            }
        } catch (AddressException e) {
            throw new IllegalArgumentException(key + ": invalid address '" + stripped + "' (" + e.getMessage() + ")", e);
        }
        return stripped;
    }

    private static void checkDuration(String key, Duration value, Duration min, Duration max) {
        Objects.requireNonNull(value, key);
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new IllegalArgumentException(key + ": invalid value '" + value + "' (expected "
                    + (min.isZero() ? "0" : min.toMillis() + "ms") + " to " + max + ")");
        }
    }

    /**
     * A user name and password for SMTP AUTH. {@link #toString()} hides the password.
     *
     * @param username the login; not blank, no control characters
     * @param password the password, never shown
     * @since 0.1.0
     */
    public record Credentials(String username, Secret password) {
        /**
         * Checks both.
         *
         * @throws NullPointerException     if either is null
         * @throws IllegalArgumentException if the user name is blank or holds control characters
         */
        public Credentials {
            Objects.requireNonNull(username, USERNAME);
            Objects.requireNonNull(password, PASSWORD);
            if (username.isBlank() || AlertMail.hasControlCharacter(username)) {
                throw new IllegalArgumentException(USERNAME + ": must not be blank or contain control characters");
            }
        }

        @Override
        public String toString() {
            return "Credentials[username=" + username + ", password=" + password + "]";
        }
    }

    /**
     * Builds {@link EmailSettings}; not thread-safe. Every setter checks only for null; {@link #build()} checks the rest.
     *
     * @since 0.1.0
     */
    public static final class Builder {
        private final String host;
        private final String from;
        private final List<String> to;
        private int port;
        private TlsMode tls = TlsMode.STARTTLS;
        private Credentials credentials;
        private AlertSeverity minSeverity = AlertSeverity.WARNING;
        private String subjectPrefix = DEFAULT_SUBJECT_PREFIX;
        private Duration batchWindow = Duration.ZERO;
        private Duration timeout = DEFAULT_TIMEOUT;
        private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
        private Duration retryBackoff = DEFAULT_RETRY_BACKOFF;
        private boolean allowInsecure;

        private Builder(String host, String from, List<String> to) {
            this.host = Objects.requireNonNull(host, HOST);
            this.from = Objects.requireNonNull(from, FROM);
            this.to = List.copyOf(Objects.requireNonNull(to, TO));
        }

        /** The port; by default the TLS mode's (587, 465 or 25). */
        public Builder port(int port) {
            if (port == 0) {
                throw new IllegalArgumentException(PORT + ": invalid value '0' (expected 1 to 65535)");
            }
            this.port = port;
            return this;
        }

        /** The TLS mode; {@link TlsMode#STARTTLS} by default. */
        public Builder tls(TlsMode tls) {
            this.tls = Objects.requireNonNull(tls, TLS);
            return this;
        }

        /** Log in with this user name and password (SMTP AUTH). */
        public Builder credentials(String username, Secret password) {
            this.credentials = new Credentials(username, password);
            return this;
        }

        /** Alerts below this severity are not mailed; {@code WARNING} by default. */
        public Builder minSeverity(AlertSeverity minSeverity) {
            this.minSeverity = Objects.requireNonNull(minSeverity, MIN_SEVERITY);
            return this;
        }

        /** The first word of each subject; {@code [calibrax]} by default, may be empty. */
        public Builder subjectPrefix(String subjectPrefix) {
            this.subjectPrefix = Objects.requireNonNull(subjectPrefix, SUBJECT_PREFIX);
            return this;
        }

        /** Zero (the default) mails each alert; above zero, alerts within the window share one digest. */
        public Builder batchWindow(Duration batchWindow) {
            this.batchWindow = Objects.requireNonNull(batchWindow, BATCH_WINDOW);
            return this;
        }

        /** Connect, read and write timeout of each SMTP step; 10 s by default. */
        public Builder timeout(Duration timeout) {
            this.timeout = Objects.requireNonNull(timeout, TIMEOUT);
            return this;
        }

        /** Tries per mail on transient failures; 5 by default, 1 means no retry. */
        public Builder maxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
            return this;
        }

        /** Wait before the first retry, doubled each time up to a minute; 1 s by default. */
        public Builder retryBackoff(Duration retryBackoff) {
            this.retryBackoff = Objects.requireNonNull(retryBackoff, RETRY_BACKOFF);
            return this;
        }

        /** Lets a password cross the network without TLS (with a warning) instead of refusing it; false by default. */
        public Builder allowInsecure(boolean allowInsecure) {
            this.allowInsecure = allowInsecure;
            return this;
        }

        /**
         * The settings.
         *
         * @throws IllegalArgumentException naming the key of the first bad value
         */
        public EmailSettings build() {
            return new EmailSettings(host, port == 0 ? tls.defaultPort() : port, tls, from, to,
                    Optional.ofNullable(credentials), minSeverity, subjectPrefix, batchWindow, timeout,
                    maxAttempts, retryBackoff, allowInsecure);
        }
    }
}
