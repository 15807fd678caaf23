package io.calibrax.internal;

import io.calibrax.spi.CalibraxConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The class loaders that plugin discovery searches: calibrax-api's own, the thread's context class
 * loader, and, when {@value #DIR} names a folder, one class loader over the JARs in it (in file
 * name order). That folder is how {@code java -jar calibrax.jar} sees a plugin, since
 * {@code java -jar} ignores {@code -cp}.
 *
 * <p>Of two providers with one name the first found wins: the class path's before the folder's,
 * and within the folder the JAR whose file name sorts first. {@link #close()} closes the folder's
 * class loader. Thread-safe.
 *
 * @since 0.1.0
 */
public final class PluginLoader implements AutoCloseable {
    /** A folder whose JARs join the discovery: {@code calibrax.plugins.dir=/opt/calibrax/plugins}. */
    public static final String DIR = "calibrax.plugins.dir";

    private static final Logger log = LoggerFactory.getLogger(PluginLoader.class);

    private final List<Path> jars;
    private final URLClassLoader folderLoader;
    private final Map<Class<?>, List<?>> providers = new ConcurrentHashMap<>();
    private final Map<Class<?>, Map<String, ?>> named = new ConcurrentHashMap<>();

    private PluginLoader(List<Path> jars, URLClassLoader folderLoader) {
        this.jars = List.copyOf(jars);
        this.folderLoader = folderLoader;
    }

    /**
     * The loaders for {@code config}: with {@value #DIR}, that folder's JARs too.
     *
     * @throws IllegalArgumentException naming the key if it names no readable folder
     */
    public static PluginLoader open(CalibraxConfig config) {
        Optional<String> dir = Objects.requireNonNull(config, "config").get(DIR);
        if (dir.isEmpty()) {
            return new PluginLoader(List.of(), null);
        }
        Path folder = Path.of(dir.get());
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException("configuration key " + DIR + ": " + folder.toAbsolutePath()
                    + " is not a folder");
        }
        List<Path> jars;
        try (Stream<Path> files = Files.list(folder)) {
            jars = files.filter(file -> file.getFileName().toString().endsWith(".jar") && Files.isRegularFile(file))
                    .sorted().toList();
        } catch (IOException e) {
            throw new IllegalArgumentException("configuration key " + DIR + ": cannot list " + folder.toAbsolutePath()
                    + ": " + e.getMessage(), e);
        }
        if (jars.isEmpty()) {
            log.warn("{} names {}, which holds no JAR", DIR, folder.toAbsolutePath());
        }
        List<URL> urls = new ArrayList<>();
        for (Path jar : jars) {
            try {
                urls.add(jar.toUri().toURL());
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException("configuration key " + DIR + ": " + jar + ": " + e.getMessage(), e);
            }
        }
        ClassLoader parent = PluginLoader.class.getClassLoader();
        return new PluginLoader(jars, new URLClassLoader("calibrax-plugins", urls.toArray(URL[]::new), parent));
    }

    /** The JARs of the plugin folder, in the order searched; empty without one. */
    public List<Path> jars() {
        return jars;
    }

    /** The loaders in search order: calibrax-api's, the context loader, the plugin folder's. */
    public List<ClassLoader> classLoaders(Class<?> service) {
        List<ClassLoader> loaders = new ArrayList<>(ServiceDiscovery.classLoaders(service));
        if (folderLoader != null) {
            loaders.add(folderLoader);
        }
        return loaders;
    }

    /**
     * Every provider of {@code service} on these loaders, each provider class once. Found on the
     * first call and kept, so that a broken provider is reported once however many parts ask.
     */
    @SuppressWarnings("unchecked")
    public <S> List<S> providers(Class<S> service) {
        return (List<S>) providers.computeIfAbsent(service, type -> ServiceDiscovery.providers(type, classLoaders(type)));
    }

    /**
     * The providers of {@code service} by name; of two with one name the first found wins, with one
     * warning. Kept as {@link #providers} is: {@code nameOf} is used on the first call.
     */
    @SuppressWarnings("unchecked")
    public <S> Map<String, S> named(Class<S> service, Function<S, String> nameOf) {
        return (Map<String, S>) named.computeIfAbsent(service,
                type -> Collections.unmodifiableMap(ServiceDiscovery.named(service, providers(service), nameOf)));
    }

    @Override
    public void close() {
        if (folderLoader != null) {
            try {
                folderLoader.close();
            } catch (IOException e) {
                log.warn("Closing the plugin folder's class loader failed: {}", e.toString());
            }
        }
    }
}
