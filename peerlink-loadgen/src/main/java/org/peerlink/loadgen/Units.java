package org.peerlink.loadgen;

import java.time.Duration;
import java.util.Locale;

/** Parses the generator's option values: durations ({@code 20s}, {@code 500ms}, {@code 2m}) and sizes ({@code 32MiB}). */
public final class Units {

    private Units() {
    }

    /**
     * A duration: a number with {@code ms}, {@code s}, {@code m} or {@code h}; a bare number is seconds.
     *
     * @throws IllegalArgumentException when the text is not such a duration or is negative
     */
    public static Duration duration(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        long multiplierMs;
        String number;
        if (t.endsWith("ms")) {
            multiplierMs = 1;
            number = t.substring(0, t.length() - 2);
        } else if (t.endsWith("s")) {
            multiplierMs = 1000;
            number = t.substring(0, t.length() - 1);
        } else if (t.endsWith("m")) {
            multiplierMs = 60_000;
            number = t.substring(0, t.length() - 1);
        } else if (t.endsWith("h")) {
            multiplierMs = 3_600_000;
            number = t.substring(0, t.length() - 1);
        } else {
            multiplierMs = 1000;
            number = t;
        }
        double value = parseNonNegative(number, text);
        return Duration.ofMillis(Math.round(value * multiplierMs));
    }

    /**
     * A byte count: a number with {@code B}, {@code KiB}, {@code MiB} or {@code GiB} (binary multiples; {@code k},
     * {@code m}, {@code g} are accepted as the same); a bare number is bytes.
     *
     * @throws IllegalArgumentException when the text is not such a size or is negative
     */
    public static long bytes(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        String[][] suffixes = {{"gib", "g"}, {"mib", "m"}, {"kib", "k"}};
        long[] multipliers = {1L << 30, 1L << 20, 1L << 10};
        for (int i = 0; i < suffixes.length; i++) {
            for (String suffix : suffixes[i]) {
                if (t.endsWith(suffix)) {
                    return Math.round(parseNonNegative(t.substring(0, t.length() - suffix.length()), text)
                            * multipliers[i]);
                }
            }
        }
        if (t.endsWith("b")) {
            t = t.substring(0, t.length() - 1);
        }
        return Math.round(parseNonNegative(t, text));
    }

    /** {@code 1536} bytes as {@code 1.5 KiB}, for reports. */
    public static String formatBytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
    }

    private static double parseNonNegative(String number, String original) {
        double value;
        try {
            value = Double.parseDouble(number.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a number with a unit: " + original);
        }
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("must be a non-negative number: " + original);
        }
        return value;
    }
}
