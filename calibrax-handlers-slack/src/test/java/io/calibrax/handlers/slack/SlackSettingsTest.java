package io.calibrax.handlers.slack;

import io.calibrax.api.AlertSeverity;
import io.calibrax.spi.CalibraxConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SlackSettingsTest {
    private static final String TOKEN = "XXXXsecretXXXXtokenXXXX";
    private static final String URL = "https://hooks.slack.com/services/T00000000/B00000000/" + TOKEN;

    @Test
    void onlyTheWebhookUrlGivesTheDefaults() {
        SlackSettings settings = SlackSettings.fromConfig(CalibraxConfig.of(Map.of(SlackSettings.WEBHOOK_URL, URL)));

        assertThat(settings.webhookUrl().reveal()).isEqualTo(URL);
        assertThat(settings.minSeverity()).isEqualTo(AlertSeverity.WARNING);
        assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.maxAttempts()).isEqualTo(5);
        assertThat(settings.minInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(settings.initialBackoff()).isEqualTo(Duration.ofMillis(500));
        assertThat(settings.backoffMultiplier()).isEqualTo(1.5);
        assertThat(settings.maxBackoff()).isEqualTo(Duration.ofSeconds(60));
        assertThat(settings.username()).isNull();
        assertThat(settings.iconEmoji()).isNull();
    }

    @Test
    void everyKeyIsRead() {
        SlackSettings settings = SlackSettings.fromConfig(CalibraxConfig.of(Map.of(
                SlackSettings.WEBHOOK_URL, "  " + URL + "  ",
                SlackSettings.MIN_SEVERITY, "Critical",
                SlackSettings.USERNAME, "Calibrax",
                SlackSettings.ICON_EMOJI, ":rotating_light:",
                SlackSettings.TIMEOUT, "2500ms",
                SlackSettings.MAX_ATTEMPTS, "7",
                SlackSettings.ALLOW_INSECURE, "true")));

        assertThat(settings.webhookUrl().reveal()).isEqualTo(URL);
        assertThat(settings.minSeverity()).isEqualTo(AlertSeverity.CRITICAL);
        assertThat(settings.username()).isEqualTo("Calibrax");
        assertThat(settings.iconEmoji()).isEqualTo(":rotating_light:");
        assertThat(settings.timeout()).isEqualTo(Duration.ofMillis(2500));
        assertThat(settings.maxAttempts()).isEqualTo(7);
        assertThat(settings.allowInsecure()).isTrue();
        assertThat(settings.deliveryPolicy().maxAttempts()).isEqualTo(7);
        assertThat(settings.deliveryPolicy().minInterval()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void aPlaintextWebhookOffThisMachineIsRefusedUnlessAllowed() {
        String plain = "http://hooks.example.com/services/T00000000/B00000000/" + TOKEN;

        assertThatThrownBy(() -> SlackSettings.fromConfig(CalibraxConfig.of(Map.of(SlackSettings.WEBHOOK_URL, plain))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(SlackSettings.WEBHOOK_URL).hasMessageContaining("http://")
                .hasMessageContaining(SlackSettings.ALLOW_INSECURE + "=true").hasMessageNotContaining(TOKEN);
        assertThat(SlackSettings.fromConfig(CalibraxConfig.of(Map.of(SlackSettings.WEBHOOK_URL, plain,
                SlackSettings.ALLOW_INSECURE, "true"))).allowInsecure()).isTrue();
        assertThat(SlackSettings.builder("http://127.0.0.1:8080/services/T1/B2/" + TOKEN).build().allowInsecure())
                .isFalse();
    }

    @Test
    void theWebhookUrlIsShownAtMostAsSchemeHostAndInitials() {
        SlackSettings settings = SlackSettings.builder(URL).build();

        assertThat(settings.webhookUrl()).hasToString("https://hooks.slack.com/services/T…/B…/***");
        assertThat(settings.toString()).contains("https://hooks.slack.com/services/T…/B…/***").doesNotContain(TOKEN)
                .doesNotContain("T00000000");
        assertThat(SlackSettings.builder("http://127.0.0.1:8080/hook/" + TOKEN + "?x=1").build().webhookUrl())
                .hasToString("http://127.0.0.1:8080/h…/***");
    }

    @Test
    void aMissingWebhookUrlNamesTheKey() {
        assertThatIllegalArgumentException().isThrownBy(() -> SlackSettings.fromConfig(CalibraxConfig.empty()))
                .withMessageContaining(SlackSettings.WEBHOOK_URL);
    }

    @Test
    void outOfRangeValuesAreRefusedNamingTheComponent() {
        assertThatIllegalArgumentException().isThrownBy(() -> SlackSettings.builder(URL).minInterval(Duration.ofMillis(500)).build())
                .withMessageContaining("minInterval");
        assertThatIllegalArgumentException().isThrownBy(() -> SlackSettings.builder(URL).maxAttempts(0).build())
                .withMessageContaining("maxAttempts");
        assertThatIllegalArgumentException().isThrownBy(() -> SlackSettings.builder(URL).timeout(Duration.ZERO).build())
                .withMessageContaining("timeout");
        assertThatIllegalArgumentException().isThrownBy(() -> SlackSettings.builder(URL)
                        .backoff(Duration.ofMillis(500), 0.5, Duration.ofSeconds(60)).build())
                .withMessageContaining("backoffMultiplier");
        // beyond what core's DeliveryPolicy takes, so it is refused here rather than when delivering
        assertThatIllegalArgumentException().isThrownBy(() -> SlackSettings.builder(URL)
                        .backoff(Duration.ofMillis(500), 101, Duration.ofSeconds(60)).build())
                .withMessageContaining("backoffMultiplier");
        assertThatIllegalArgumentException().isThrownBy(() -> SlackSettings.builder(URL).username("a\nb").build())
                .withMessageContaining("username");
        assertThatIllegalArgumentException().isThrownBy(() -> SlackSettings.builder("mailto:ops@example.com"))
                .withMessageContaining("webhookUrl").withMessageNotContaining("ops@example.com");
    }
}
