package io.calibrax;

import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import com.google.inject.ProvisionException;
import com.google.inject.spi.Message;
import io.calibrax.inject.CalibraxModule;
import io.calibrax.internal.Lifecycle;
import io.calibrax.spi.CalibraxConfig;

import java.util.ArrayList;
import java.util.List;

/**
 * {@link Calibrax#bootstrap(CalibraxConfig, Module...)} through an injector: kept out of
 * {@link Calibrax} so that only this class links against Guice, and {@link Calibrax#bootstrap()}
 * runs without Guice on the class path. Stateless.
 */
final class GuiceBootstrap {
    private GuiceBootstrap() {
    }

    static Calibrax bootstrap(CalibraxConfig config, Module... modules) {
        List<Module> all = new ArrayList<>();
        all.add(new CalibraxModule(config));
        all.addAll(List.of(modules));
        Injector injector;
        try {
            injector = Guice.createInjector(all);
        } catch (CreationException e) {
            // a wrong plugin key (calibrax.plugins.strict) or plugin folder: the one message names the key
            if (e.getErrorMessages().size() == 1) {
                Message error = e.getErrorMessages().iterator().next();
                if (error.getCause() == null && error.getSources().isEmpty()) {
                    throw new IllegalArgumentException(error.getMessage(), e);
                }
            }
            throw e;
        }
        try {
            Calibrax calibrax = injector.getInstance(Calibrax.class);
            calibrax.startExtensions();
            return calibrax;
        } catch (RuntimeException e) {
            injector.getInstance(Lifecycle.class).close();
            if (e instanceof ProvisionException && e.getCause() instanceof RuntimeException cause) {
                cause.addSuppressed(e);
                throw cause;
            }
            throw e;
        }
    }
}
