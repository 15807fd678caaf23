package io.calibrax.handlers.slack;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import io.calibrax.api.AlertHandler;
import io.calibrax.spi.CalibraxConfig;

import java.util.Objects;

/**
 * Guice wiring of one {@link SlackAlertHandler}, for applications that wire handlers explicitly:
 * binds it as a singleton and adds it to the {@code Set<AlertHandler>} multibinding
 * ({@code Multibinder.newSetBinder(binder(), AlertHandler.class)}), where the core's wiring picks
 * up handlers for its {@code AlertManager}, which closes them when it closes.
 *
 * <p>Use it instead of discovery, not beside it: with both, the webhook gets two handlers (they
 * still share its one-message-per-second budget). Guice is an optional dependency of this module:
 * an application using this class brings Guice itself.
 *
 * <p>Settings are read and checked when the injector is made (a missing or invalid key fails
 * injector creation with a message naming it); the handler, and its thread, start when first
 * injected.
 *
 * @since 0.1.0
 */
public final class SlackModule extends AbstractModule {
    private final CalibraxConfig config;
    private final SlackSettings settings;

    /** Settings from {@link CalibraxConfig#fromEnvironment()}, read when the injector is made. */
    public SlackModule() {
        this.config = null;
        this.settings = null;
    }

    /** Settings from these {@code calibrax.slack.*} keys. */
    public SlackModule(CalibraxConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.settings = null;
    }

    /** These settings. */
    public SlackModule(SlackSettings settings) {
        this.config = null;
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    protected void configure() {
        SlackSettings resolved;
        try {
            resolved = settings != null ? settings
                    : SlackSettings.fromConfig(config != null ? config : CalibraxConfig.fromEnvironment());
        } catch (IllegalArgumentException e) {
            binder().addError(e);
            return;
        }
        bind(SlackSettings.class).toInstance(resolved);
        Multibinder.newSetBinder(binder(), AlertHandler.class).addBinding().to(SlackAlertHandler.class);
    }

    @Provides
    @Singleton
    SlackAlertHandler slackAlertHandler(SlackSettings slackSettings) {
        return new SlackAlertHandler(slackSettings);
    }
}
