package io.calibrax.api;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class DeliveryPolicyTest {

    @Test
    void defaultsAreAFewQuickTriesWithinTenSeconds() {
        DeliveryPolicy policy = DeliveryPolicy.defaults();
        assertThat(policy.maxAttempts()).isEqualTo(3);
        assertThat(policy.giveUpAfter()).isLessThanOrEqualTo(Duration.ofSeconds(10));
        assertThat(policy.maxBatchSize()).isEqualTo(1);
        assertThat(policy.minInterval()).isZero();
    }

    @Test
    void backoffGrowsExponentiallyWithinItsJitterAndCeiling() {
        DeliveryPolicy policy = DeliveryPolicy.builder().backoff(Duration.ofMillis(100), 2, Duration.ofMillis(350))
                .jitter(0.2).build();
        assertThat(policy.retryDelay(1, null, 0.5)).isEqualTo(Duration.ofMillis(100));
        assertThat(policy.retryDelay(2, null, 0.5)).isEqualTo(Duration.ofMillis(200));
        assertThat(policy.retryDelay(2, null, 0.0)).isEqualTo(Duration.ofMillis(160));
        assertThat(policy.retryDelay(2, null, 0.999)).isBetween(Duration.ofMillis(239), Duration.ofMillis(240));
        assertThat(policy.retryDelay(3, null, 0.5)).isEqualTo(Duration.ofMillis(350));
    }

    @Test
    void aServersRetryAfterIsHonouredUpToTheCeiling() {
        DeliveryPolicy policy = DeliveryPolicy.builder().backoff(Duration.ofMillis(100), 2, Duration.ofSeconds(30)).build();
        assertThat(policy.retryDelay(1, Duration.ofSeconds(5), 0.5)).isEqualTo(Duration.ofSeconds(5));
        assertThat(policy.retryDelay(1, Duration.ofHours(1), 0.5)).isEqualTo(Duration.ofSeconds(30));
        assertThat(policy.retryDelay(1, Duration.ZERO, 0.5)).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void outOfRangeSettingsAreRefusedByName() {
        assertThatIllegalArgumentException().isThrownBy(() -> DeliveryPolicy.builder().maxAttempts(0).build())
                .withMessageContaining("maxAttempts");
        assertThatIllegalArgumentException().isThrownBy(() -> DeliveryPolicy.builder().jitter(2).build())
                .withMessageContaining("jitter");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> DeliveryPolicy.builder().batching(Integer.MAX_VALUE, Duration.ZERO).build())
                .withMessageContaining("maxBatchSize");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> DeliveryPolicy.builder().minInterval(Duration.ofSeconds(-1)).build())
                .withMessageContaining("minInterval");
    }

    @Test
    void deliveryExceptionSaysWhetherToRetryAndWhen() {
        assertThat(DeliveryException.permanent("403", null).isRetryable()).isFalse();
        assertThat(DeliveryException.retryable("503", null).retryAfter()).isEmpty();
        assertThat(DeliveryException.retryAfter("429", Duration.ofSeconds(3)).retryAfter()).hasValue(Duration.ofSeconds(3));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new DeliveryException("x", true, Duration.ofSeconds(-1), null))
                .withMessageContaining("retryAfter");
    }
}
