package io.calibrax.handlers.alertmanager;

import io.calibrax.api.AlertHandler;
import io.calibrax.spi.AlertHandlerProvider;
import io.calibrax.spi.CalibraxConfig;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AlertmanagerHandlerProviderTest {
    private final AlertmanagerHandlerProvider provider = new AlertmanagerHandlerProvider();

    private static CalibraxConfig config(String... pairs) {
        Map<String, String> map = new java.util.HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return CalibraxConfig.of(map);
    }

    @Test
    void isFoundByServiceLoaderUnderItsName() {
        List<String> names = ServiceLoader.load(AlertHandlerProvider.class).stream()
                .map(ServiceLoader.Provider::get).map(AlertHandlerProvider::name).toList();
        assertThat(names).contains("alertmanager");
    }

    @Test
    void staysOffWithoutAUrl() {
        assertThat(provider.create(CalibraxConfig.empty())).isEmpty();
        assertThat(provider.create(config("calibrax.alertmanager.labels", "env=prod"))).isEmpty();
    }

    @Test
    void commaSeparatedUrlsPostToEveryAlertmanager() {
        Optional<AlertHandler> created = provider.create(config(
                "calibrax.alertmanager.url", "http://am-1:9093, http://am-2:9093/prefix/",
                "calibrax.alertmanager.instance", "host-a"));
        assertThat(created).containsInstanceOf(AlertmanagerHandler.class);
        try (AlertmanagerHandler handler = (AlertmanagerHandler) created.orElseThrow()) {
            assertThat(handler.name()).isEqualTo("alertmanager");
            assertThat(handler.urls()).containsExactly("http://am-1:9093/api/v2/alerts",
                    "http://am-2:9093/prefix/api/v2/alerts");
        }
    }

    @Test
    void badValuesAreRefusedNamingTheKey() {
        assertThatThrownBy(() -> provider.create(config("calibrax.alertmanager.url", "am-1:9093")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("calibrax.alertmanager.url").hasMessageContaining("am-1:9093");
        assertThatThrownBy(() -> provider.create(config("calibrax.alertmanager.url", "http://am:9093",
                "calibrax.alertmanager.labels", "service")))
                .hasMessageContaining("calibrax.alertmanager.labels").hasMessageContaining("name=value");
        assertThatThrownBy(() -> provider.create(config("calibrax.alertmanager.url", "http://am:9093",
                "calibrax.alertmanager.labels", "service-name=api")))
                .hasMessageContaining("calibrax.alertmanager.labels").hasMessageContaining("service-name");
        assertThatThrownBy(() -> provider.create(config("calibrax.alertmanager.url", "http://am:9093",
                "calibrax.alertmanager.labels", "alertname=x")))
                .hasMessageContaining("calibrax.alertmanager.labels").hasMessageContaining("alertname");
        assertThatThrownBy(() -> provider.create(config("calibrax.alertmanager.url", "http://am:9093",
                "calibrax.alertmanager.labels", "instance=x")))
                .hasMessageContaining("set the instance instead");
        assertThatThrownBy(() -> provider.create(config("calibrax.alertmanager.url", "http://am:9093",
                "calibrax.alertmanager.resend-interval", "soon")))
                .hasMessageContaining("calibrax.alertmanager.resend-interval").hasMessageContaining("soon");
        assertThatThrownBy(() -> provider.create(config("calibrax.alertmanager.url", "http://am:9093",
                "calibrax.alertmanager.timeout", "0s")))
                .hasMessageContaining("calibrax.alertmanager.timeout").hasMessageContaining("positive");
        assertThatThrownBy(() -> provider.create(config("calibrax.alertmanager.url", "http://am:9093",
                "calibrax.alertmanager.identity-keys", "pipeline,trend")))
                .hasMessageContaining("calibrax.alertmanager.identity-keys").hasMessageContaining("trend");
        assertThatThrownBy(() -> provider.create(config("calibrax.alertmanager.url", "http://am:9093",
                "calibrax.alertmanager.generator-url", "dashboards/calibrax")))
                .hasMessageContaining("calibrax.alertmanager.generator-url");
    }

    @Test
    void credentialsInABadUrlAreNotEchoed() {
        assertThatThrownBy(() -> provider.create(config("calibrax.alertmanager.url", "http://user:hunter2@am:port")))
                .hasMessageContaining("calibrax.alertmanager.url")
                .hasMessageNotContaining("hunter2");
    }
}
