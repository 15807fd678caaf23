package io.calibrax.handlers.email;

import io.calibrax.api.AlertSeverity;
import io.calibrax.api.Secret;
import io.calibrax.spi.CalibraxConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reading and checking the calibrax.email.* keys; no network. */
class EmailSettingsTest {
    private static final String PASSWORD = "hunter2-very-secret";

    private static Map<String, String> minimal() {
        Map<String, String> values = new HashMap<>();
        values.put("calibrax.email.host", "smtp.example.com");
        values.put("calibrax.email.from", "Calibrax <alerts@example.com>");
        values.put("calibrax.email.to", "oncall@example.com, ml-team@example.com");
        return values;
    }

    private static EmailSettings read(Map<String, String> values) {
        return EmailSettings.fromConfig(CalibraxConfig.of(values)).orElseThrow();
    }

    @Test
    void hostFromAndToEnableItWithSecureDefaults() {
        EmailSettings settings = read(minimal());

        assertThat(settings.host()).isEqualTo("smtp.example.com");
        assertThat(settings.tls()).isEqualTo(TlsMode.STARTTLS);
        assertThat(settings.port()).isEqualTo(587);
        assertThat(settings.to()).containsExactly("oncall@example.com", "ml-team@example.com");
        assertThat(settings.credentials()).isEmpty();
        assertThat(settings.minSeverity()).isEqualTo(AlertSeverity.WARNING);
        assertThat(settings.subjectPrefix()).isEqualTo("[calibrax]");
        assertThat(settings.batchWindow()).isZero();
        assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.maxAttempts()).isEqualTo(5);
        assertThat(settings.retryBackoff()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void noKeysMeansOff() {
        assertThat(EmailSettings.fromConfig(CalibraxConfig.empty())).isEmpty();
        assertThat(EmailSettings.fromConfig(CalibraxConfig.of(Map.of("calibrax.email.min-severity", "error")))).isEmpty();
    }

    @Test
    void someButNotAllRequiredKeysIsAnErrorNamingTheMissingOnes() {
        Map<String, String> values = minimal();
        values.remove("calibrax.email.to");
        values.remove("calibrax.email.from");

        assertThatThrownBy(() -> read(values)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("missing: calibrax.email.from, calibrax.email.to");
    }

    @ParameterizedTest
    @CsvSource({"starttls, , 587", "smtps, , 465", "none, , 25", "SMTPS, 2465, 2465", "starttls, 2525, 2525"})
    void portFollowsTlsModeUnlessSet(String tls, String port, int expected) {
        Map<String, String> values = minimal();
        values.put("calibrax.email.tls", tls);
        if (port != null) {
            values.put("calibrax.email.port", port);
        }
        assertThat(read(values).port()).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"bob", "bob@", "bob@@example.com", "a@b, c@d@e", "undisclosed-recipients:;"})
    void eachRecipientIsCheckedAndTheErrorNamesKeyAndAddress(String bad) {
        Map<String, String> values = minimal();
        values.put("calibrax.email.to", "oncall@example.com," + bad);
        String badAddress = bad.contains(",") ? bad.substring(bad.indexOf(',') + 1).strip() : bad;

        assertThatThrownBy(() -> read(values)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("calibrax.email.to: invalid address '" + badAddress + "'");
    }

    @Test
    void injectedLineBreakInAnAddressIsRefused() {
        assertThatThrownBy(() -> EmailSettings.builder("smtp.example.com", "alerts@example.com",
                List.of("oncall@example.com\r\nBcc: attacker@evil.test")).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("calibrax.email.to: invalid address 'oncall@example.com\\r\\nBcc: attacker@evil.test'")
                .hasMessageContaining("control character");
        assertThatThrownBy(() -> EmailSettings.builder("smtp.example.com", "alerts@example.com",
                List.of("oncall@example.com")).subjectPrefix("[x]\nBcc: y@z").build())
                .hasMessageContaining("calibrax.email.subject-prefix");
    }

    @Test
    void badSenderNamesTheFromKey() {
        Map<String, String> values = minimal();
        values.put("calibrax.email.from", "not an address");

        assertThatThrownBy(() -> read(values)).hasMessageStartingWith("calibrax.email.from: invalid address 'not an address'");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "calibrax.email.tls|tls-please|calibrax.email.tls: invalid value 'tls-please'",
            "calibrax.email.port|70000|calibrax.email.port: invalid value '70000'",
            "calibrax.email.port|abc|calibrax.email.port",
            "calibrax.email.timeout|0s|calibrax.email.timeout",
            "calibrax.email.timeout|soon|calibrax.email.timeout",
            "calibrax.email.min-severity|loud|calibrax.email.min-severity",
            "calibrax.email.max-attempts|0|calibrax.email.max-attempts",
            "calibrax.email.host|smtp example.com|calibrax.email.host"})
    void badValuesNameTheirKey(String key, String value, String message) {
        Map<String, String> values = minimal();
        values.put(key, value);

        assertThatThrownBy(() -> read(values)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }

    @Test
    void usernameAndPasswordComeTogether() {
        Map<String, String> values = minimal();
        values.put("calibrax.email.username", "alerts");
        assertThatThrownBy(() -> read(values)).hasMessage("calibrax.email.password is required when calibrax.email.username is set");

        values.remove("calibrax.email.username");
        values.put("calibrax.email.password", PASSWORD);
        assertThatThrownBy(() -> read(values)).hasMessage("calibrax.email.username is required when calibrax.email.password is set")
                .message().doesNotContain(PASSWORD);
    }

    @Test
    void passwordIsASecretHiddenEverywhere() {
        Map<String, String> values = minimal();
        values.put("calibrax.email.username", "alerts");
        values.put("calibrax.email.password", PASSWORD);
        EmailSettings settings = read(values);

        assertThat(settings.credentials()).hasValueSatisfying(credentials -> {
            assertThat(credentials.password()).isEqualTo(Secret.of(PASSWORD));
            assertThat(credentials.password().reveal()).isEqualTo(PASSWORD);
        });
        try (EmailAlertHandler handler = new EmailAlertHandler(settings)) {
            assertThat(settings.toString()).doesNotContain(PASSWORD).contains("password=***");
            assertThat(handler.toString()).doesNotContain(PASSWORD);
            assertThat(handler.sessionProperties().values()).noneMatch(value -> value.toString().contains(PASSWORD));
        }
    }

    @Test
    void timeoutsAreAlwaysSetAndStarttlsIsRequiredWithIdentityCheck() {
        Map<String, String> values = minimal();
        values.put("calibrax.email.timeout", "7s");
        try (EmailAlertHandler handler = new EmailAlertHandler(read(values))) {
            Properties props = handler.sessionProperties();
            assertThat(props).containsEntry("mail.smtp.connectiontimeout", "7000")
                    .containsEntry("mail.smtp.timeout", "7000")
                    .containsEntry("mail.smtp.writetimeout", "7000")
                    .containsEntry("mail.smtp.starttls.enable", "true")
                    .containsEntry("mail.smtp.starttls.required", "true")
                    .containsEntry("mail.smtp.ssl.checkserveridentity", "true")
                    .containsEntry("mail.smtp.socketFactory.fallback", "false")
                    .containsEntry("mail.debug", "false")
                    .containsKey("mail.smtp.executor.writetimeout");
        }
    }

    @Test
    void smtpsAndNoneSetTheirOwnProperties() {
        Map<String, String> values = minimal();
        values.put("calibrax.email.tls", "smtps");
        try (EmailAlertHandler handler = new EmailAlertHandler(read(values))) {
            assertThat(handler.sessionProperties()).containsEntry("mail.smtp.ssl.enable", "true")
                    .containsEntry("mail.smtp.ssl.checkserveridentity", "true")
                    .containsEntry("mail.smtp.writetimeout", "10000");
        }
        values.put("calibrax.email.tls", "none");
        try (EmailAlertHandler handler = new EmailAlertHandler(read(values))) {
            assertThat(handler.sessionProperties()).containsEntry("mail.smtp.starttls.enable", "false")
                    .containsEntry("mail.smtp.ssl.enable", "false")
                    .containsEntry("mail.smtp.timeout", "10000");
        }
    }

    @Test
    void allOptionalKeysAreRead() {
        Map<String, String> values = minimal();
        values.put("calibrax.email.min-severity", "critical");
        values.put("calibrax.email.subject-prefix", "[prod-eu]");
        values.put("calibrax.email.batch-window", "30s");
        values.put("calibrax.email.max-attempts", "8");
        values.put("calibrax.email.retry-backoff", "250ms");
        EmailSettings settings = read(values);

        assertThat(settings.minSeverity()).isEqualTo(AlertSeverity.CRITICAL);
        assertThat(settings.subjectPrefix()).isEqualTo("[prod-eu]");
        assertThat(settings.batchWindow()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.maxAttempts()).isEqualTo(8);
        assertThat(settings.retryBackoff()).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void aPasswordWithoutTlsToAServerOffThisMachineIsRefusedUnlessAllowed() {
        Map<String, String> values = minimal();
        values.put("calibrax.email.tls", "none");
        values.put("calibrax.email.username", "alerts");
        values.put("calibrax.email.password", "s3cret-Pa55word");

        assertThatThrownBy(() -> read(values)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("smtp.example.com").hasMessageContaining("calibrax.email.allow-insecure=true")
                .hasMessageNotContaining("s3cret-Pa55word");
        values.put("calibrax.email.allow-insecure", "true");
        assertThat(read(values).allowInsecure()).isTrue();
        values.put("calibrax.email.allow-insecure", "false");
        values.put("calibrax.email.host", "127.0.0.1");
        assertThat(read(values).credentials()).isPresent();
    }
}
