package io.calibrax.handlers.alertmanager;

import com.google.inject.AbstractModule;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import io.calibrax.api.AlertHandler;
import io.calibrax.spi.CalibraxConfig;

import java.util.Objects;

/**
 * A Guice module that adds an {@link AlertmanagerHandler} to the {@code Set<AlertHandler>}
 * multibinding, for applications that build their own injector. (Calibrax's own wiring finds
 * the handler through {@link AlertmanagerHandlerProvider} already: do not install both.)
 *
 * <p>Needs Guice on the classpath, which this module's JAR declares optional. The handler is a
 * singleton, made on first use; whoever owns the alert manager it is added to closes it.
 *
 * @since 0.1.0
 */
public final class AlertmanagerModule extends AbstractModule {
    private final CalibraxConfig config;

    /** Reads the {@code calibrax.alertmanager.*} keys of this process's configuration. */
    public AlertmanagerModule() {
        this(CalibraxConfig.fromEnvironment());
    }

    /** Reads the {@code calibrax.alertmanager.*} keys of {@code config}. */
    public AlertmanagerModule(CalibraxConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    @Override
    protected void configure() {
        AlertmanagerHandler.Builder builder;
        try {
            builder = AlertmanagerHandlerProvider.builder(config).orElse(null);
        } catch (IllegalArgumentException e) {
            addError(e.getMessage());
            return;
        }
        if (builder == null) {
            addError("AlertmanagerModule needs " + AlertmanagerHandlerProvider.URL + " to be set");
            return;
        }
        AlertmanagerHandler.Builder configured = builder;
        Multibinder.newSetBinder(binder(), AlertHandler.class)
                .addBinding()
                .toProvider(configured::build)
                .in(Singleton.class);
    }
}
