package io.calibrax.handlers.slack;

import io.calibrax.api.AlertHandler;
import io.calibrax.spi.AlertHandlerProvider;
import io.calibrax.spi.CalibraxConfig;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code slack} provider, found by {@link java.util.ServiceLoader}: a
 * {@link SlackAlertHandler} when {@code calibrax.slack.webhook-url} is set, nothing otherwise.
 * The other keys are listed on {@link SlackSettings}. Stateless and thread-safe.
 *
 * @since 0.1.0
 */
public final class SlackAlertHandlerProvider implements AlertHandlerProvider {

    /** For {@link java.util.ServiceLoader}. */
    public SlackAlertHandlerProvider() {
    }

    /** {@code "slack"}. */
    @Override
    public String name() {
        return "slack";
    }

    /**
     * A started handler, or empty without a webhook URL.
     *
     * @throws IllegalArgumentException naming the key when a {@code calibrax.slack.*} value is
     *                                  invalid (never showing the webhook URL)
     */
    @Override
    public Optional<AlertHandler> create(CalibraxConfig config) {
        Objects.requireNonNull(config, "config");
        if (!config.has(SlackSettings.WEBHOOK_URL)) {
            return Optional.empty();
        }
        return Optional.of(new SlackAlertHandler(SlackSettings.fromConfig(config)));
    }

    /** Every key this plugin reads, so that a misspelt one is pointed out. */
    @Override
    public Set<String> configKeys() {
        return Set.of("calibrax.slack.webhook-url",
                "calibrax.slack.min-severity",
                "calibrax.slack.username",
                "calibrax.slack.icon-emoji",
                "calibrax.slack.timeout",
                "calibrax.slack.max-attempts",
                "calibrax.slack.close-timeout",
                "calibrax.slack.queue-capacity");
    }
}
