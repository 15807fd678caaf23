package io.calibrax.spring;

import io.calibrax.api.HealthStatus;
import io.calibrax.monitoring.PipelineHealthReport;
import io.calibrax.monitoring.ProductionMonitor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

import java.util.Objects;

/**
 * The pipelines' health as Spring Boot health, the component {@code calibrax} of
 * {@code /actuator/health}: HEALTHY is {@code UP}, DEGRADED the status {@code DEGRADED}
 * ({@link #DEGRADED}), CRITICAL is {@code DOWN}. The details hold one entry per pipeline (its
 * statistics, as {@code PipelineStats.toMap()} writes them). Include it in a readiness group with
 * {@code management.endpoint.health.group.readiness.include=readinessState,calibrax}.
 *
 * <p>Reads the monitor's report on each call; thread-safe.
 *
 * @since 0.1.0
 */
public final class CalibraxHealthIndicator implements HealthIndicator {
    /** The status of a DEGRADED pipeline: put it in {@code management.endpoint.health.status.order}. */
    public static final Status DEGRADED = new Status("DEGRADED", "A pipeline is degraded");

    private final ProductionMonitor monitor;

    public CalibraxHealthIndicator(ProductionMonitor monitor) {
        this.monitor = Objects.requireNonNull(monitor, "monitor");
    }

    @Override
    public Health health() {
        PipelineHealthReport report = monitor.getPipelineHealthReport();
        Health.Builder health = Health.status(status(report.overallHealth()));
        report.pipelines().forEach((name, stats) -> health.withDetail(name, stats.toMap()));
        return health.build();
    }

    /** The Boot status of a Calibrax health. */
    public static Status status(HealthStatus health) {
        return switch (health) {
            case HEALTHY -> Status.UP;
            case DEGRADED -> DEGRADED;
            case CRITICAL -> Status.DOWN;
        };
    }
}
