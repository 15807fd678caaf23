package io.calibrax.handlers.email;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import io.calibrax.api.AlertHandler;
import io.calibrax.spi.CalibraxConfig;

import java.util.Objects;

/**
 * Guice wiring for applications that pick their handlers explicitly: binds one singleton
 * {@link EmailAlertHandler} and adds it to the {@code Set<AlertHandler>} multibinding that the
 * alert manager's wiring consumes.
 *
 * <pre>{@code
 * Injector injector = Guice.createInjector(new CalibraxModule(config), new EmailAlertModule(config));
 * }</pre>
 *
 * Use it instead of, not together with, discovery of the {@code email} provider from the same
 * configuration, or alerts are mailed twice. Guice is an optional dependency of this module:
 * applications that use this class bring it. Immutable; the handler is made once per injector.
 *
 * @since 0.1.0
 */
public final class EmailAlertModule extends AbstractModule {
    private final EmailSettings settings;

    /**
     * Wires a handler with these settings.
     *
     * @throws NullPointerException if settings is null
     */
    public EmailAlertModule(EmailSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * Wires a handler from the {@code calibrax.email.*} keys.
     *
     * @throws IllegalArgumentException when host, from or to is missing, or a value is invalid;
     *                                  the message names the key
     */
    public EmailAlertModule(CalibraxConfig config) {
        this(EmailSettings.fromConfig(config).orElseThrow(() -> new IllegalArgumentException(
                "EmailAlertModule needs " + EmailSettings.HOST + ", " + EmailSettings.FROM + " and "
                        + EmailSettings.TO + "; none is set")));
    }

    @Override
    protected void configure() {
        Multibinder.newSetBinder(binder(), AlertHandler.class).addBinding().to(EmailAlertHandler.class);
    }

    @Provides
    @Singleton
    EmailAlertHandler emailAlertHandler() {
        return new EmailAlertHandler(settings);
    }
}
