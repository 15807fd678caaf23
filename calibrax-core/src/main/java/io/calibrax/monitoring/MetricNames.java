package io.calibrax.monitoring;

import java.util.Objects;

/**
 * The names a monitor accepts for its metrics and pipelines: not null, not blank, at most
 * {@code maxNameLength} chars. Immutable.
 */
final class MetricNames {
    private final int maxLength;

    MetricNames(int maxLength) {
        this.maxLength = maxLength;
    }

    int maxLength() {
        return maxLength;
    }

    /** True if {@code name} is a name this monitor takes a reading under. */
    boolean accepts(String name) {
        return name != null && !name.isBlank() && name.length() <= maxLength;
    }

    /**
     * Refuses a null, blank or too long name, naming the argument.
     *
     * @throws NullPointerException     if name is null
     * @throws IllegalArgumentException if name is blank or longer than {@code maxNameLength}
     */
    void check(String name, String argument) {
        checkNotBlank(name, argument);
        if (name.length() > maxLength) {
            throw new IllegalArgumentException(argument + " must be at most " + maxLength
                    + " chars (maxNameLength), got " + name.length() + " chars starting '" + name.substring(0, Math.min(32, name.length())) + "'");
        }
    }

    static void checkNotBlank(String name, String argument) {
        Objects.requireNonNull(name, argument);
        if (name.isBlank()) {
            throw new IllegalArgumentException(argument + " must not be blank");
        }
    }
}
