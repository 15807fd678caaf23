package io.calibrax.testplugins;

import io.calibrax.api.ResourceMonitor;
import io.calibrax.api.ResourceSample;
import io.calibrax.spi.CalibraxConfig;
import io.calibrax.spi.ResourceMonitorProvider;

import java.time.Instant;
import java.util.Optional;

/** Test plugin: a resource monitor with priority 100, available when {@code test.resource.enabled} is set. */
public final class FakeResourceMonitorProvider implements ResourceMonitorProvider {
    public static final String ENABLED = "test.resource.enabled";

    @Override
    public int priority() {
        return 100;
    }

    @Override
    public Optional<ResourceMonitor> create(CalibraxConfig config) {
        if (!config.has(ENABLED)) {
            return Optional.empty();
        }
        return Optional.of(new FakeResourceMonitor());
    }

    /** Always 12.5% CPU and 256 MB resident: the tests check which monitor was chosen. */
    public static final class FakeResourceMonitor implements ResourceMonitor {
        @Override
        public ResourceSample sample() {
            return new ResourceSample(Instant.now(), 12.5, 256.0);
        }
    }
}
