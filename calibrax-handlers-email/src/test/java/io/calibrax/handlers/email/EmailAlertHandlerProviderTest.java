package io.calibrax.handlers.email;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import com.google.inject.multibindings.Multibinder;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import io.calibrax.api.AlertHandler;
import io.calibrax.api.AlertSeverity;
import io.calibrax.monitoring.AlertManager;
import io.calibrax.spi.AlertHandlerProvider;
import io.calibrax.spi.CalibraxConfig;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Discovery the way a new user gets it: ServiceLoader, config keys, an AlertManager; and the Guice module. */
class EmailAlertHandlerProviderTest {

    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(
            new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort()).withPerMethodLifecycle(true);

    @AfterEach
    void noThreadsLeft() throws InterruptedException {
        Mails.assertNoEmailThreadsLeft();
    }

    private static Map<String, String> config() {
        return Map.of(
                "calibrax.email.host", "127.0.0.1",
                "calibrax.email.port", Integer.toString(greenMail.getSmtp().getPort()),
                "calibrax.email.tls", "none",
                "calibrax.email.from", Mails.FROM,
                "calibrax.email.to", Mails.ONCALL + "," + Mails.TEAM,
                "calibrax.email.subject-prefix", "[test]");
    }

    private static AlertHandlerProvider discovered() {
        return ServiceLoader.load(AlertHandlerProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(provider -> provider.name().equals("email")).findFirst().orElseThrow();
    }

    @Test
    void serviceLoaderFindsTheEmailProvider() {
        assertThat(ServiceLoader.load(AlertHandlerProvider.class).stream().map(ServiceLoader.Provider::type))
                .contains(EmailAlertHandlerProvider.class);
        assertThat(discovered()).isInstanceOf(EmailAlertHandlerProvider.class);
    }

    @Test
    void withoutItsKeysItStaysOff() {
        assertThat(discovered().create(CalibraxConfig.empty())).isEmpty();
    }

    @Test
    void partialKeysFailNamingWhatIsMissing() {
        assertThatThrownBy(() -> discovered().create(CalibraxConfig.of(Map.of("calibrax.email.host", "smtp.example.com"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("missing: calibrax.email.from, calibrax.email.to");
    }

    @Test
    void discoveredHandlerDeliversAlertsFromAnAlertManager() throws Exception {
        AlertHandler handler = discovered().create(CalibraxConfig.of(config())).orElseThrow();
        assertThat(handler.name()).isEqualTo("email");

        try (AlertManager manager = new AlertManager()) {
            manager.addAlertHandler(handler);
            manager.triggerAlert("Latency above threshold", AlertSeverity.ERROR, "latency_p99_ms", 850, 500);
            manager.triggerAlert("only info", AlertSeverity.INFO, "ignored", 1, 0);
            assertThat(manager.flush(Duration.ofSeconds(10))).isTrue();

            MimeMessage[] received = Mails.await(greenMail, 2);
            assertThat(received).hasSize(2).allSatisfy(mail -> assertThat(mail.getSubject())
                    .isEqualTo("[test] ERROR latency_p99_ms: Latency above threshold"));
            assertThat(manager.handlerStats()).singleElement().satisfies(stats -> {
                assertThat(stats.delivered()).isEqualTo(2);
                assertThat(stats.failed()).isZero();
            });
        }
    }

    @Test
    void guiceModuleAddsTheHandlerToTheMultibinding() throws Exception {
        AlertHandler other = alert -> { };
        Injector injector = Guice.createInjector(new EmailAlertModule(CalibraxConfig.of(config())), new AbstractModule() {
            @Override
            protected void configure() {
                Multibinder.newSetBinder(binder(), AlertHandler.class).addBinding().toInstance(other);
            }
        });

        Set<AlertHandler> handlers = injector.getInstance(Key.get(new TypeLiteral<Set<AlertHandler>>() { }));
        EmailAlertHandler email = injector.getInstance(EmailAlertHandler.class);
        try (email) {
            assertThat(handlers).hasSize(2).contains(other, email);
            email.sendTest();
            assertThat(Mails.await(greenMail, 2)).hasSize(2);
        }
    }

    @Test
    void guiceModuleWithoutConfigurationSaysWhatIsNeeded() {
        assertThatThrownBy(() -> new EmailAlertModule(CalibraxConfig.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("calibrax.email.host", "calibrax.email.from", "calibrax.email.to");
    }
}
