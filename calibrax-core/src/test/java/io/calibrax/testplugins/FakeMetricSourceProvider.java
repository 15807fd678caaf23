package io.calibrax.testplugins;

import io.calibrax.api.MetricSource;
import io.calibrax.spi.CalibraxConfig;
import io.calibrax.spi.MetricSourceProvider;

import java.util.Map;
import java.util.Optional;

/** Test plugin "queue-depth": a source reporting {@code queue_depth} = the value of {@code test.queue.depth}. */
public final class FakeMetricSourceProvider implements MetricSourceProvider {
    public static final String DEPTH = "test.queue.depth";

    @Override
    public String name() {
        return "queue-depth";
    }

    @Override
    public Optional<MetricSource> create(CalibraxConfig config) {
        return config.getDouble(DEPTH).map(depth -> () -> Map.of("queue_depth", depth));
    }
}
