package io.calibrax.ui;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/**
 * How a reading is written for people: the charts' axes, the live page and the commands' output.
 *
 * @since 0.1.0
 */
public final class Readings {
    private Readings() {
    }

    /**
     * A reading with as many decimals as it deserves: {@code 90}, {@code 12.5}, {@code 0.25},
     * {@code 1234.6}; always {@link Locale#ROOT} so that output does not depend on the machine.
     */
    public static String format(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return String.format(Locale.ROOT, "%.0f", value);
        }
        double magnitude = Math.abs(value);
        if (magnitude >= 100) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        if (magnitude >= 0.01) {
            return String.format(Locale.ROOT, "%.2f", value);
        }
        if (!Double.isFinite(value)) {
            return String.valueOf(value);
        }
        return new BigDecimal(value).round(new MathContext(3)).stripTrailingZeros().toPlainString();
    }
}
