package io.calibrax.spi;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** A configuration backed by a copied map. */
final class MapConfig implements CalibraxConfig {
    private final Map<String, String> values;

    MapConfig(Map<String, String> values) {
        Map<String, String> copy = new TreeMap<>();
        values.forEach((key, value) -> copy.put(Objects.requireNonNull(key, "config key"),
                Objects.requireNonNull(value, () -> "config value of " + key)));
        this.values = Map.copyOf(copy);
    }

    @Override
    public Optional<String> get(String key) {
        String value = values.get(Objects.requireNonNull(key, "key"));
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(value.strip());
    }

    @Override
    public Set<String> keys() {
        return values.keySet();
    }

    /** Keys only: values may be secrets. */
    @Override
    public String toString() {
        return "CalibraxConfig" + values.keySet();
    }
}
