package io.calibrax.examples.cli;

import io.calibrax.api.ResourceMonitor;
import io.calibrax.api.ResourceSample;

import java.util.Objects;

/**
 * The resource monitor {@code watch} and {@code run} wire into Calibrax before they know what they
 * will watch: the host at first, then (once the process is known or started) its process tree.
 * Thread-safe: the target is swapped atomically.
 */
final class TargetMonitor implements ResourceMonitor {
    private volatile ResourceMonitor target;

    TargetMonitor(ResourceMonitor initial) {
        this.target = Objects.requireNonNull(initial, "initial");
    }

    /** From now on, samples come from {@code monitor}. */
    void watch(ResourceMonitor monitor) {
        target = Objects.requireNonNull(monitor, "monitor");
    }

    @Override
    public ResourceSample sample() {
        return target.sample();
    }

    @Override
    public String toString() {
        return target.toString();
    }
}
