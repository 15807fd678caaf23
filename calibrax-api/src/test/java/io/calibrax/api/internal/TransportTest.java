package io.calibrax.api.internal;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TransportTest {

    @Test
    void retryAfterIsReadAsSecondsOrAnHttpDate() {
        assertThat(Transport.retryAfter("2")).hasValue(Duration.ofSeconds(2));
        assertThat(Transport.retryAfter(" 30 ")).hasValue(Duration.ofSeconds(30));
        String inTenSeconds = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC)
                .format(Instant.now().plusSeconds(10));
        assertThat(Transport.retryAfter(inTenSeconds).orElseThrow()).isBetween(Duration.ofSeconds(7), Duration.ofSeconds(10));
        assertThat(Transport.retryAfter("soon")).isEmpty();
        assertThat(Transport.retryAfter(null)).isEmpty();
    }

    @Test
    void plaintextOffThisMachineIsRefusedNamingTheKeyThatAllowsIt() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Transport.checkPlaintext(false, "http://", "am.example.com", "basic auth", "calibrax.x.allow-insecure", false))
                .withMessageContaining("basic auth").withMessageContaining("am.example.com")
                .withMessageContaining("calibrax.x.allow-insecure=true");
        assertThat(Transport.checkPlaintext(false, "http://", "am.example.com", "basic auth", "calibrax.x.allow-insecure", true))
                .hasValueSatisfying(warning -> assertThat(warning).contains("unencrypted"));
    }

    @Test
    void httpsAndLoopbackAreFine() {
        for (String host : new String[] {"localhost", "127.0.0.1", "::1", "[::1]"}) {
            assertThat(Transport.checkPlaintext(false, "http://", host, "secret", "k", false)).isEmpty();
        }
        assertThat(Transport.checkPlaintext(true, "https://", "am.example.com", "secret", "k", false)).isEmpty();
    }

    @Test
    void theLocalHostNameIsFoundOnce() {
        assertThat(HostNames.local()).isNotBlank().isSameAs(HostNames.local());
    }
}
