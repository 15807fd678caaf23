package io.calibrax.internal;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Finds the providers of one of our SPIs with {@link ServiceLoader}, on the class loader that
 * loaded the SPI (calibrax-api's own) and then on the thread's context class loader, each provider
 * class once.
 *
 * <p>Every provider is isolated: one that fails while loading (a missing class, a constructor that
 * throws, a missing dependency) is logged with its class and skipped, and so is one whose
 * {@code name()}, {@code create} or {@code open} throws; the others load. Two providers with one
 * name is a warning naming both classes, and the first found is used (the class path's before a
 * plugin folder's).
 *
 * <p>Stateless and thread-safe; nothing is cached, so every call sees the class loaders as they
 * are now.
 *
 * @since 0.1.0
 */
public final class ServiceDiscovery {
    private static final Logger log = LoggerFactory.getLogger(ServiceDiscovery.class);
    /** Stops a pathological iterator that fails on every step from spinning forever. */
    private static final int MAX_CONSECUTIVE_FAILURES = 1000;

    private ServiceDiscovery() {
    }

    /**
     * The providers of {@code service} on the SPI's own class loader and the calling thread's
     * context class loader, in that order, each provider class once.
     */
    public static <S> List<S> providers(Class<S> service) {
        return providers(service, classLoaders(service));
    }

    /** The providers of {@code service} on these class loaders, in order, each provider class once. */
    public static <S> List<S> providers(Class<S> service, List<ClassLoader> classLoaders) {
        Objects.requireNonNull(service, "service");
        Set<Class<?>> seen = new HashSet<>();
        List<S> found = new ArrayList<>();
        for (ClassLoader classLoader : classLoaders) {
            Iterator<S> iterator = ServiceLoader.load(service, classLoader).iterator();
            int failures = 0;
            while (failures < MAX_CONSECUTIVE_FAILURES) {
                S provider;
                try {
                    if (!iterator.hasNext()) {
                        break;
                    }
                    provider = iterator.next();
                } catch (ServiceConfigurationError | LinkageError e) {
                    // The JDK's message names the provider class ("Provider a.B could not be instantiated").
                    failures++;
                    log.error("Skipping a provider that failed to load: {}", describe(e));
                    log.debug("The provider's failure", e);
                    continue;
                }
                failures = 0;
                if (seen.add(provider.getClass())) {
                    log.debug("Found {} {}", service.getSimpleName(), provider.getClass().getName());
                    found.add(provider);
                }
            }
            if (failures >= MAX_CONSECUTIVE_FAILURES) {
                log.error("Gave up looking for {} on {} after {} failures in a row", service.getName(),
                        classLoader, failures);
            }
        }
        return List.copyOf(found);
    }

    /**
     * The providers of {@code service} by name, in discovery order. A provider whose name throws
     * or is blank is logged and skipped; of two with one name the first is kept and a warning
     * names both classes.
     */
    public static <S> Map<String, S> named(Class<S> service, Function<S, String> nameOf) {
        return named(service, providers(service), nameOf);
    }

    /** {@link #named(Class, Function)} over providers already found. */
    public static <S> Map<String, S> named(Class<S> service, List<S> providers, Function<S, String> nameOf) {
        Map<String, S> byName = new LinkedHashMap<>();
        for (S provider : providers) {
            String name = call(service, provider, "name()", () -> nameOf.apply(provider));
            if (name == null || name.isBlank()) {
                if (name != null) {
                    log.error("Skipping {} {}: its name() is blank", service.getSimpleName(),
                            provider.getClass().getName());
                }
                continue;
            }
            S first = byName.putIfAbsent(name.strip(), provider);
            if (first != null) {
                log.warn("Two {}s are named '{}': {} and {}; using the first found, {}", service.getSimpleName(),
                        name.strip(), first.getClass().getName(), provider.getClass().getName(),
                        first.getClass().getName());
            }
        }
        return byName;
    }

    /**
     * Calls one method of a provider; if it throws (or returns null), logs that in one line with
     * the provider's class (the stack trace at DEBUG) and returns null so the caller skips this
     * provider.
     */
    public static <S, T> @Nullable T call(Class<S> service, Object provider, String method, Supplier<T> call) {
        return call(service, provider, method, call, false);
    }

    /**
     * {@link #call(Class, Object, String, Supplier)}, except that with {@code rethrowConfigErrors}
     * an {@link IllegalArgumentException} (a key present but wrong) is thrown to the caller.
     */
    public static <S, T> @Nullable T call(Class<S> service, Object provider, String method, Supplier<T> call,
                                boolean rethrowConfigErrors) {
        try {
            T result = call.get();
            if (result == null) {
                log.error("Skipping {} {}: {} returned null", service.getSimpleName(), provider.getClass().getName(),
                        method);
            }
            return result;
        } catch (IllegalArgumentException e) {
            if (rethrowConfigErrors) {
                throw e;
            }
            // a configuration mistake: its message names the key, a stack trace would only bury it
            log.error("Skipping {} {}: {}: {}", service.getSimpleName(), provider.getClass().getName(), method,
                    e.getMessage());
            log.debug("{} failed", method, e);
            return null;
        } catch (RuntimeException | LinkageError e) {
            log.error("Skipping {} {}: {} failed: {}", service.getSimpleName(), provider.getClass().getName(), method,
                    describe(e));
            log.debug("{} failed", method, e);
            return null;
        }
    }

    /** The throwable and its root cause in one line: {@code IllegalStateException: boom (caused by ...)}. */
    static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return e + (root == e ? "" : " (caused by " + root + ")");
    }

    /** The SPI's own class loader (the system one for a bootstrap class), then the context class loader. */
    static List<ClassLoader> classLoaders(Class<?> service) {
        Set<ClassLoader> loaders = new LinkedHashSet<>();
        ClassLoader own = service.getClassLoader();
        loaders.add(own != null ? own : ClassLoader.getSystemClassLoader());
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        if (context != null) {
            loaders.add(context);
        }
        return List.copyOf(loaders);
    }
}
