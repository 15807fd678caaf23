package io.calibrax.examples.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Finds the plugins of one service-provider interface with {@link ServiceLoader}, skipping (and
 * reporting) any that cannot be loaded so one broken plugin never hides the others.
 */
final class Providers {
    private Providers() {
    }

    /** Every provider of {@code type} that loads; each one that does not is reported on {@code err}. */
    static <T> List<T> load(Class<T> type, PrintWriter err) {
        List<T> providers = new ArrayList<>();
        for (ServiceLoader.Provider<T> provider : iterable(ServiceLoader.load(type), type, err)) {
            try {
                providers.add(provider.get());
            } catch (ServiceConfigurationError | RuntimeException e) {
                err.println("warning: skipped " + type.getSimpleName() + " " + provider.type().getName() + ": "
                        + e.getMessage());
            }
        }
        return providers;
    }

    private static <T> List<ServiceLoader.Provider<T>> iterable(ServiceLoader<T> loader, Class<T> type, PrintWriter err) {
        List<ServiceLoader.Provider<T>> found = new ArrayList<>();
        var iterator = loader.stream().iterator();
        while (true) {
            try {
                if (!iterator.hasNext()) {
                    return found;
                }
                found.add(iterator.next());
            } catch (ServiceConfigurationError e) {
                err.println("warning: skipped a " + type.getSimpleName() + ": " + e.getMessage());
            }
        }
    }
}
