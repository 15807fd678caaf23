package io.calibrax.api;

import java.util.Objects;

/**
 * A secret such as a webhook URL or a password. Its {@link #toString()} never shows the value,
 * only a redacted form chosen when it was made, so it is safe in logs and exception messages.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class Secret {
    private final String value;
    private final String redacted;

    private Secret(String value, String redacted) {
        this.value = value;
        this.redacted = redacted;
    }

    /**
     * A secret shown as {@code ***}.
     *
     * @throws NullPointerException if value is null
     */
    public static Secret of(String value) {
        return new Secret(Objects.requireNonNull(value, "value"), "***");
    }

    /**
     * A secret shown as {@code redacted}, which must not contain the secret itself.
     *
     * @throws NullPointerException     if value or redacted is null
     * @throws IllegalArgumentException if redacted contains the secret
     */
    public static Secret of(String value, String redacted) {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(redacted, "redacted");
        if (!value.isEmpty() && redacted.contains(value)) {
            throw new IllegalArgumentException("redacted must not contain the secret");
        }
        return new Secret(value, redacted);
    }

    /** The secret itself: pass it to the protocol, never to a log. */
    public String reveal() {
        return value;
    }

    /** True when the secret is the empty string. */
    public boolean isEmpty() {
        return value.isEmpty();
    }

    /** The redacted form, never the value. */
    @Override
    public String toString() {
        return redacted;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Secret secret && secret.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }
}
