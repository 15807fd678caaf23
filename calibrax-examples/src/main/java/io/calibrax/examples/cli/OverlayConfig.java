package io.calibrax.examples.cli;

import io.calibrax.spi.CalibraxConfig;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A configuration with a few values the command itself decides (an option given on the command
 * line, a handler it replaces) laid over the user's. {@link #keys()} lists the user's keys only:
 * those are the ones checked for typos. Immutable, thread-safe.
 */
record OverlayConfig(CalibraxConfig base, Map<String, String> overrides) implements CalibraxConfig {
    OverlayConfig {
        Objects.requireNonNull(base, "base");
        overrides = Map.copyOf(overrides);
    }

    @Override
    public Optional<String> get(String key) {
        String value = overrides.get(key);
        return value != null ? Optional.of(value.strip()).filter(text -> !text.isEmpty()) : base.get(key);
    }

    @Override
    public Set<String> keys() {
        return base.keys();
    }

    /** The base's description: never the values, which may be secrets. */
    @Override
    public String toString() {
        return base + " with " + overrides.keySet() + " set by the command";
    }
}
