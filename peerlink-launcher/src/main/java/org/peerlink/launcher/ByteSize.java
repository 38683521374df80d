package org.peerlink.launcher;

import java.util.Locale;
import java.util.OptionalLong;

/**
 * A byte count as given for {@code --body-limit}: plain digits, or digits with a binary unit ({@code 20MiB}).
 */
final class ByteSize {

    /**
     * Largest accepted size. A relay request body is held in memory as one array, and anything near the JVM's
     * array limit would be a mistake rather than a setting.
     */
    static final long MAX = 1L << 30;

    /** What a bad value is told to look like. */
    static final String EXPECTED = "expected a byte count 1.." + MAX + ", optionally with KiB, MiB or GiB (20MiB)";

    private static final String[] UNITS = {"kib", "mib", "gib"};

    private ByteSize() {
    }

    /**
     * Parse a size.
     *
     * @param text e.g. {@code 20971520}, {@code 20MiB}, {@code 512kib}
     * @return bytes, or empty if malformed or out of range
     */
    static OptionalLong parse(String text) {
        String value = text.strip().toLowerCase(Locale.ROOT);
        long multiplier = 1;
        for (int i = 0; i < UNITS.length; i++) {
            if (value.endsWith(UNITS[i])) {
                value = value.substring(0, value.length() - UNITS[i].length()).strip();
                multiplier = 1L << (10 * (i + 1));
                break;
            }
        }
        // more than 10 digits is out of range anyway, and 10 always fit a long
        if (value.isEmpty() || value.length() > 10 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return OptionalLong.empty();
        }
        long count = Long.parseLong(value);
        if (count < 1 || count > MAX / multiplier) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(count * multiplier);
    }
}
