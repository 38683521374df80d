package org.peerlink.core.json;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Renders a double exactly as JavaScript's {@code String(n)} (ECMAScript Number::toString, radix 10).
 *
 * <p>The shortest round-tripping digits come from {@link Double#toString(double)}, which since
 * JDK 19 picks the shortest decimal closest to the value, as ECMAScript does, with one exception:
 * when a single digit would do, Java still prints two (4.9E-324 where JavaScript prints 5e-324).
 * That case is checked here; the layout (plain, fraction or exponent) follows the ECMAScript rules.
 */
public final class JsNumberFormat {

    private JsNumberFormat() {
    }

    public static String format(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (value == 0) {
            return "0"; // also -0
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "Infinity" : "-Infinity";
        }
        if (value < 0) {
            return "-" + formatPositive(-value);
        }
        return formatPositive(value);
    }

    private static String formatPositive(double value) {
        if (value < 9.007199254740992E15 && value == Math.rint(value)) {
            // Integers below 2^53 are their own shortest form: the common case (ts, ttl).
            return Long.toString((long) value);
        }
        BigDecimal shortest = shortestDigits(value);
        String digits = shortest.unscaledValue().toString();
        int k = digits.length();
        int n = k - shortest.scale(); // value = digits × 10^(n−k)
        return layout(digits, k, n);
    }

    /** The shortest decimal that rounds to {@code value}, closest to it, as an unscaled value and scale. */
    private static BigDecimal shortestDigits(double value) {
        BigDecimal javaShortest = new BigDecimal(Double.toString(value)).stripTrailingZeros();
        if (javaShortest.precision() != 2) {
            return javaShortest;
        }
        BigDecimal exact = new BigDecimal(value);
        BigDecimal best = null;
        for (RoundingMode mode : new RoundingMode[] {RoundingMode.FLOOR, RoundingMode.CEILING}) {
            BigDecimal candidate = exact.round(new MathContext(1, mode));
            if (candidate.signum() == 0 || candidate.doubleValue() != value) {
                continue;
            }
            if (best == null) {
                best = candidate;
                continue;
            }
            int cmp = candidate.subtract(exact).abs().compareTo(best.subtract(exact).abs());
            if (cmp < 0 || (cmp == 0 && candidate.unscaledValue().testBit(0) == false)) {
                best = candidate;
            }
        }
        return best == null ? javaShortest : best.stripTrailingZeros();
    }

    private static String layout(String digits, int k, int n) {
        StringBuilder out = new StringBuilder(k + 8);
        if (k <= n && n <= 21) {
            out.append(digits);
            out.repeat('0', n - k);
        } else if (0 < n && n <= 21) {
            out.append(digits, 0, n).append('.').append(digits, n, k);
        } else if (-6 < n && n <= 0) {
            out.append("0.");
            out.repeat('0', -n);
            out.append(digits);
        } else {
            int exponent = n - 1;
            out.append(digits.charAt(0));
            if (k > 1) {
                out.append('.').append(digits, 1, k);
            }
            out.append('e').append(exponent < 0 ? '-' : '+').append(Math.abs(exponent));
        }
        return out.toString();
    }
}
