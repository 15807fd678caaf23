package io.calibrax.handlers.alertmanager;

import io.calibrax.api.AlertHandler;
import io.calibrax.spi.AlertHandlerProvider;
import io.calibrax.spi.CalibraxConfig;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The {@code alertmanager} alert handler provider: makes an {@link AlertmanagerHandler} when
 * {@value #URL} is set. Found with {@link java.util.ServiceLoader}.
 *
 * <p>Keys:
 * <ul>
 *   <li>{@value #URL}: the Alertmanager base URL, or several comma-separated (an HA pair gets
 *       every alert on each); enables the handler;</li>
 *   <li>{@value #LABELS}: static labels, {@code service=checkout,env=prod};</li>
 *   <li>{@value #INSTANCE}: the {@code instance} label, this host's name by default;</li>
 *   <li>{@value #IDENTITY_KEYS}: metadata keys that become labels ({@code pipeline} by default);</li>
 *   <li>{@value #RESEND_INTERVAL}: how often firing alerts are re-sent (default {@code 1m});</li>
 *   <li>{@value #TIMEOUT}: connect, read, write and total timeout of a call (default {@code 10s});</li>
 *   <li>{@value #GENERATOR_URL}: the {@code generatorURL} of every alert (none by default).</li>
 * </ul>
 *
 * <p>Stateless and thread-safe.
 *
 * @since 0.1.0
 */
public final class AlertmanagerHandlerProvider implements AlertHandlerProvider {
    /** The provider's name. */
    public static final String NAME = "alertmanager";
    public static final String URL = "calibrax.alertmanager.url";
    public static final String LABELS = "calibrax.alertmanager.labels";
    public static final String INSTANCE = "calibrax.alertmanager.instance";
    public static final String IDENTITY_KEYS = "calibrax.alertmanager.identity-keys";
    public static final String RESEND_INTERVAL = "calibrax.alertmanager.resend-interval";
    public static final String TIMEOUT = "calibrax.alertmanager.timeout";
    public static final String GENERATOR_URL = "calibrax.alertmanager.generator-url";
    /** How long an alert that nothing will resolve stays active (5m by default). */
    public static final String ALERT_TTL = "calibrax.alertmanager.alert-ttl";
    /** Lets basic credentials in an {@code http://} URL to a host off this machine through, with a warning. */
    public static final String ALLOW_INSECURE = "calibrax.alertmanager.allow-insecure";

    /** Needed by {@link java.util.ServiceLoader}. */
    public AlertmanagerHandlerProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * The handler when {@value #URL} is set, else empty.
     *
     * @throws IllegalArgumentException naming the key when a value is invalid
     */
    @Override
    public Optional<AlertHandler> create(CalibraxConfig config) {
        return builder(config).map(AlertmanagerHandler.Builder::build);
    }

    /**
     * A builder holding what {@code config} says, for a caller that wants to add to it; empty
     * when {@value #URL} is not set.
     *
     * @throws IllegalArgumentException naming the key when a value is invalid
     */
    public static Optional<AlertmanagerHandler.Builder> builder(CalibraxConfig config) {
        List<String> urls = config.getList(URL);
        if (urls.isEmpty()) {
            return Optional.empty();
        }
        AlertmanagerHandler.Builder builder = AlertmanagerHandler.builder();
        apply(URL, () -> builder.urls(urls));
        config.get(LABELS).ifPresent(text -> apply(LABELS, () -> builder.labels(parseLabels(text))));
        config.get(INSTANCE).ifPresent(instance -> apply(INSTANCE, () -> builder.instance(instance)));
        if (config.has(IDENTITY_KEYS)) {
            List<String> keys = config.getList(IDENTITY_KEYS);
            apply(IDENTITY_KEYS, () -> builder.identityKeys(keys));
        }
        set(config.getDuration(RESEND_INTERVAL), RESEND_INTERVAL, builder::resendInterval);
        set(config.getDuration(TIMEOUT), TIMEOUT, builder::timeout);
        set(config.getDuration(ALERT_TTL), ALERT_TTL, builder::alertTtl);
        config.get(GENERATOR_URL).ifPresent(url -> apply(GENERATOR_URL, () -> builder.generatorUrl(url)));
        config.getBoolean(ALLOW_INSECURE).ifPresent(builder::allowInsecure);
        return Optional.of(builder);
    }

    /**
     * Parses {@code name=value,name=value}.
     *
     * @throws IllegalArgumentException when an item has no {@code =} or an empty name or value
     */
    static Map<String, String> parseLabels(String text) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (String item : text.split(",")) {
            if (item.isBlank()) {
                continue;
            }
            int equals = item.indexOf('=');
            if (equals <= 0 || equals == item.length() - 1 || item.substring(equals + 1).isBlank()) {
                throw new IllegalArgumentException("'" + item.strip() + "' is not name=value");
            }
            String name = item.substring(0, equals).strip();
            if (labels.put(name, item.substring(equals + 1).strip()) != null) {
                throw new IllegalArgumentException("label '" + name + "' is given twice");
            }
        }
        return labels;
    }

    private static <T> void set(Optional<T> value, String key, Consumer<T> setter) {
        value.ifPresent(v -> apply(key, () -> setter.accept(v)));
    }

    private static void apply(String key, Runnable step) {
        try {
            step.run();
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("configuration key ")) {
                throw e;
            }
            throw new IllegalArgumentException("configuration key " + key + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "AlertmanagerHandlerProvider[" + NAME + "]";
    }

    /** Every key this plugin reads, so that a misspelt one is pointed out. */
    @Override
    public Set<String> configKeys() {
        return Set.of("calibrax.alertmanager.url",
                "calibrax.alertmanager.labels",
                "calibrax.alertmanager.instance",
                "calibrax.alertmanager.identity-keys",
                "calibrax.alertmanager.resend-interval",
                "calibrax.alertmanager.timeout",
                "calibrax.alertmanager.generator-url",
                "calibrax.alertmanager.alert-ttl");
    }
}
