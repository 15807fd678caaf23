package io.calibrax.handlers.slack;

import com.google.inject.AbstractModule;
import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import com.google.inject.multibindings.Multibinder;
import io.calibrax.api.AlertHandler;
import io.calibrax.spi.CalibraxConfig;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SlackModuleTest {
    private static final Key<Set<AlertHandler>> HANDLERS = Key.get(new TypeLiteral<>() { });

    @Test
    void theModuleAddsOneSlackHandlerToTheAlertHandlerSet() throws Exception {
        try (SlackStandIn slack = new SlackStandIn()) {
            AlertHandler own = alert -> { };
            Injector injector = Guice.createInjector(
                    new SlackModule(CalibraxConfig.of(Map.of(SlackSettings.WEBHOOK_URL, slack.url()))),
                    new AbstractModule() {
                        @Override
                        protected void configure() {
                            Multibinder.newSetBinder(binder(), AlertHandler.class).addBinding().toInstance(own);
                        }
                    });

            Set<AlertHandler> handlers = injector.getInstance(HANDLERS);
            SlackAlertHandler slackHandler = injector.getInstance(SlackAlertHandler.class);
            try {
                assertThat(handlers).hasSize(2).contains(own, slackHandler);
                assertThat(injector.getInstance(HANDLERS)).contains(slackHandler);
                assertThat(slackHandler.sendTestMessage().status()).isEqualTo(200);
                assertThat(slack.requests()).hasSize(1);
            } finally {
                slackHandler.close();
            }
        }
    }

    @Test
    void withoutAWebhookUrlTheInjectorFailsNamingTheKey() {
        assertThatThrownBy(() -> Guice.createInjector(new SlackModule(CalibraxConfig.empty())))
                .isInstanceOf(CreationException.class)
                .hasMessageContaining(SlackSettings.WEBHOOK_URL);
    }
}
