package io.calibrax.api;

import java.util.Locale;
import java.util.Objects;

/**
 * How urgent an alert is, in rising order: {@link #INFO} &lt; {@link #WARNING} &lt; {@link #ERROR}
 * &lt; {@link #CRITICAL}, so {@code severity.compareTo(minimum) >= 0} tests "at least".
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public enum AlertSeverity {
    /** Informational: a metric crossed a soft threshold, or a breach cleared. */
    INFO("info"),
    /** Performance degraded but within tolerance. */
    WARNING("warning"),
    /** A significant regression that needs investigation. */
    ERROR("error"),
    /** A service-impacting issue that needs immediate action. */
    CRITICAL("critical");

    private final String value;

    AlertSeverity(String value) {
        this.value = value;
    }

    /** The lower-case wire name: {@code "info"}, {@code "warning"}, {@code "error"} or {@code "critical"}. */
    public String value() {
        return value;
    }

    /**
     * Parses a wire name, ignoring case and surrounding blanks.
     *
     * @throws IllegalArgumentException if it is null or names no severity
     */
    public static AlertSeverity fromValue(String value) {
        if (value == null) {
            throw new IllegalArgumentException("value: alert severity must not be null "
                    + "(expected info, warning, error or critical)");
        }
        String wanted = value.strip().toLowerCase(Locale.ROOT);
        for (AlertSeverity severity : values()) {
            if (severity.value.equals(wanted)) {
                return severity;
            }
        }
        throw new IllegalArgumentException(
                "value: unknown alert severity '" + value + "' (expected info, warning, error or critical)");
    }

    /** True when this severity is at least as urgent as {@code minimum}. */
    public boolean isAtLeast(AlertSeverity minimum) {
        return compareTo(Objects.requireNonNull(minimum, "minimum")) >= 0;
    }
}
