package io.calibrax.internal;

import ch.qos.logback.classic.Level;
import io.calibrax.handlers.console.ConsoleHandlerProvider;
import io.calibrax.spi.AlertHandlerProvider;
import io.calibrax.spi.CalibraxConfig;
import io.calibrax.testing.LogCapture;
import io.calibrax.testplugins.DuplicateNameProvider;
import io.calibrax.testplugins.FailingConstructorProvider;
import io.calibrax.testplugins.RecordingHandler;
import io.calibrax.testplugins.RecordingHandlerProvider;
import io.calibrax.testplugins.ThrowingHandlerProvider;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceDiscoveryTest {

    private static List<Class<?>> classes(List<?> providers) {
        return providers.stream().<Class<?>>map(Object::getClass).toList();
    }

    @Test
    void providerThatFailsWhileLoadingIsLoggedWithItsClassAndSkipped() {
        try (LogCapture log = LogCapture.of(ServiceDiscovery.class)) {
            List<AlertHandlerProvider> providers = ServiceDiscovery.providers(AlertHandlerProvider.class);

            assertThat(classes(providers)).contains(ConsoleHandlerProvider.class, RecordingHandlerProvider.class,
                    ThrowingHandlerProvider.class, DuplicateNameProvider.class);
            assertThat(classes(providers)).doesNotContain(FailingConstructorProvider.class);
            assertThat(log.messages(Level.ERROR))
                    .anySatisfy(line -> assertThat(line).contains(FailingConstructorProvider.class.getName()))
                    .anySatisfy(line -> assertThat(line).contains("io.calibrax.testplugins.NoSuchProvider"));
        }
    }

    @Test
    void twoProvidersWithOneNameIsAWarningNamingBothClassesAndTheFirstWins() {
        try (LogCapture log = LogCapture.of(ServiceDiscovery.class)) {
            Map<String, AlertHandlerProvider> byName =
                    ServiceDiscovery.named(AlertHandlerProvider.class, AlertHandlerProvider::name);

            assertThat(byName.get("recording")).isInstanceOf(RecordingHandlerProvider.class);
            assertThat(log.messages(Level.WARN)).anySatisfy(line -> assertThat(line)
                    .contains("'recording'")
                    .contains(RecordingHandlerProvider.class.getName())
                    .contains(DuplicateNameProvider.class.getName()));
        }
    }

    @Test
    void providersVisibleThroughBothClassLoadersAreFoundOnce() throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        try (URLClassLoader child = new URLClassLoader(new URL[0], getClass().getClassLoader())) {
            thread.setContextClassLoader(child);
            assertThat(ServiceDiscovery.classLoaders(AlertHandlerProvider.class)).hasSize(2);

            List<AlertHandlerProvider> providers = ServiceDiscovery.providers(AlertHandlerProvider.class);

            assertThat(classes(providers)).doesNotHaveDuplicates().contains(ConsoleHandlerProvider.class);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    @Test
    void providerThatThrowsInCreateIsLoggedWithItsClassAndTheOthersAreCreated() {
        String id = UUID.randomUUID().toString();
        CalibraxConfig config = CalibraxConfig.of(Map.of(RecordingHandlerProvider.ID, id,
                ThrowingHandlerProvider.ENABLED, "true"));
        try (LogCapture log = LogCapture.of(ServiceDiscovery.class); Plugins plugins = Plugins.create(config)) {
            assertThat(plugins.handlers()).containsExactly(RecordingHandler.byId(id));
            assertThat(plugins.nameOf(RecordingHandler.byId(id))).isEqualTo("recording");
            assertThat(log.messages(Level.ERROR)).anySatisfy(line -> assertThat(line)
                    .contains(ThrowingHandlerProvider.class.getName())
                    .contains("boom"));
            assertThat(DuplicateNameProvider.CREATE_CALLED).isFalse();
        }
    }

    @Test
    void pluginsCloseTheHandlersNoAlertManagerAdopted() {
        String id = UUID.randomUUID().toString();
        Plugins plugins = Plugins.create(CalibraxConfig.of(Map.of(RecordingHandlerProvider.ID, id)));
        plugins.close();
        plugins.close();
        assertThat(RecordingHandler.byId(id).closes()).isEqualTo(1);

        String adopted = UUID.randomUUID().toString();
        Plugins adopting = Plugins.create(CalibraxConfig.of(Map.of(RecordingHandlerProvider.ID, adopted)));
        adopting.adoptHandlers();
        adopting.close();
        assertThat(RecordingHandler.byId(adopted).closes()).isZero();
    }

    @Test
    void callReturningNullIsLoggedAndSkipped() {
        try (LogCapture log = LogCapture.of(ServiceDiscovery.class)) {
            Object result = ServiceDiscovery.call(AlertHandlerProvider.class, new RecordingHandlerProvider(),
                    "create", () -> null);
            assertThat(result).isNull();
            assertThat(log.messages(Level.ERROR)).anySatisfy(line -> assertThat(line)
                    .contains(RecordingHandlerProvider.class.getName()).contains("returned null"));
        }
    }
}
