package io.calibrax.api;

/**
 * Health of a pipeline or of a whole service, in rising order of trouble:
 * {@link #HEALTHY} &lt; {@link #DEGRADED} &lt; {@link #CRITICAL}.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public enum HealthStatus {
    /** Success rate high and execution times normal. */
    HEALTHY("healthy"),
    /** Elevated error rate or slow executions. */
    DEGRADED("degraded"),
    /** Failing consistently. */
    CRITICAL("critical");

    private final String value;

    HealthStatus(String value) {
        this.value = value;
    }

    /** The lower-case wire name: {@code "healthy"}, {@code "degraded"} or {@code "critical"}. */
    public String value() {
        return value;
    }

    /** The worse of this status and {@code other}. */
    public HealthStatus worst(HealthStatus other) {
        return other != null && other.compareTo(this) > 0 ? other : this;
    }
}
