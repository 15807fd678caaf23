package io.calibrax.handlers.alertmanager;

import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import io.calibrax.api.AlertHandler;
import io.calibrax.spi.CalibraxConfig;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AlertmanagerModuleTest {
    private static final Key<Set<AlertHandler>> HANDLERS = Key.get(new TypeLiteral<>() { });

    @Test
    void addsOneSingletonHandlerToTheAlertHandlerSet() {
        Injector injector = Guice.createInjector(new AlertmanagerModule(CalibraxConfig.of(Map.of(
                "calibrax.alertmanager.url", "http://127.0.0.1:9093",
                "calibrax.alertmanager.instance", "host-a"))));

        Set<AlertHandler> handlers = injector.getInstance(HANDLERS);
        assertThat(handlers).hasSize(1).first().isInstanceOf(AlertmanagerHandler.class);
        assertThat(injector.getInstance(HANDLERS)).isEqualTo(handlers);
        handlers.forEach(AlertHandler::close);
    }

    @Test
    void refusesAConfigWithoutUrlNamingTheKey() {
        assertThatThrownBy(() -> Guice.createInjector(new AlertmanagerModule(CalibraxConfig.empty())))
                .isInstanceOf(CreationException.class)
                .hasMessageContaining("calibrax.alertmanager.url");
    }
}
