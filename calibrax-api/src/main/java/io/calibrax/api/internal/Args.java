package io.calibrax.api.internal;

import java.time.Duration;
import java.util.Objects;

/**
 * Argument checks shared by Calibrax's modules and plugins; every message names the argument (or
 * configuration key) and the bad value. Internal: not part of the public API, may change.
 *
 * @since 0.1.0
 */
public final class Args {
    private Args() {
    }

    /** @throws NullPointerException if null; @throws IllegalArgumentException if blank */
    public static String nonBlank(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        return value;
    }

    /** @throws IllegalArgumentException if NaN or infinite */
    public static double finite(double value, String name) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " must be a finite number, got " + value);
        }
        return value;
    }

    /** @throws IllegalArgumentException if NaN, infinite or negative */
    public static double finiteNonNegative(double value, String name) {
        finite(value, name);
        if (value < 0) {
            throw new IllegalArgumentException(name + " must not be negative, got " + value);
        }
        return value;
    }

    /** @throws IllegalArgumentException if zero or negative */
    public static int positive(int value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
        return value;
    }

    /**
     * A size that must be positive and at most {@code max}, the most that memory can hold.
     *
     * @throws IllegalArgumentException naming the argument when outside 1..max
     */
    public static int size(int value, int max, String name) {
        positive(value, name);
        if (value > max) {
            throw new IllegalArgumentException(name + " must be at most " + max
                    + " (more than memory can hold), got " + value);
        }
        return value;
    }

    /** @throws IllegalArgumentException if outside min..max */
    public static int inRange(int value, int min, int max, String name) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be within " + min + " and " + max + ", got " + value);
        }
        return value;
    }

    /** @throws NullPointerException if null; @throws IllegalArgumentException if negative */
    public static Duration notNegative(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, got " + value);
        }
        return value;
    }

    /** @throws NullPointerException if null; @throws IllegalArgumentException if zero or negative */
    public static Duration positive(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
        return value;
    }

    /** The duration in nanoseconds, saturated instead of overflowing. */
    public static long saturatedNanos(Duration duration) {
        try {
            return Math.max(0, duration.toNanos());
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE / 4;
        }
    }
}
