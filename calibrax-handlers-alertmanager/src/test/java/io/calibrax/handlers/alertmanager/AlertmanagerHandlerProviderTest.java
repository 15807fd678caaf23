package io.calibrax.handlers.alertmanager;

import io.calibrax.api.AlertHandler;
import io.calibrax.spi.AlertHandlerProvider;
import io.calibrax.spi.CalibraxConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AlertmanagerHandlerProviderTest {
    private final AlertmanagerHandlerProvider provider = new AlertmanagerHandlerProvider();

    private static CalibraxConfig config(String... pairs) {
        Map<String, String> map = new HashMap<>();
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

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', textBlock = """
            calibrax.alertmanager.url             | am-1:9093           | am-1:9093
            calibrax.alertmanager.labels          | service             | name=value
            calibrax.alertmanager.labels          | service-name=api    | service-name
            calibrax.alertmanager.labels          | alertname=x         | alertname
            calibrax.alertmanager.labels          | instance=x          | set the instance instead
            calibrax.alertmanager.labels          | env=a,env=b         | given twice
            calibrax.alertmanager.resend-interval | soon                | soon
            calibrax.alertmanager.timeout         | 0s                  | positive
            calibrax.alertmanager.identity-keys   | pipeline,trend      | trend
            calibrax.alertmanager.generator-url   | dashboards/calibrax | absolute URL
            """)
    void badValuesAreRefusedNamingTheKey(String key, String value, String explanation) {
        Map<String, String> map = new HashMap<>(Map.of("calibrax.alertmanager.url", "http://am:9093"));
        map.put(key, value);
        assertThatThrownBy(() -> provider.create(CalibraxConfig.of(map)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("configuration key " + key + ": ")
                .hasMessageContaining(explanation);
    }

    @Test
    void credentialsInABadUrlAreNotEchoed() {
        assertThatThrownBy(() -> provider.create(config("calibrax.alertmanager.url", "http://user:hunter2@am:port")))
                .hasMessageContaining("calibrax.alertmanager.url")
                .hasMessageNotContaining("hunter2");
    }
}
