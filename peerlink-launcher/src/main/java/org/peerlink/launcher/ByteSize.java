package org.peerlink.launcher;

import java.util.Locale;
import java.util.OptionalLong;

/**
 * A byte count as given for {@code --body-limit}: plain digits, or digits with a binary unit ({@code 20MiB}).
 * Sizes in memory go up to {@link #MAX}; sizes on disk (quotas, the free-disk watermark) up to {@link #MAX_DISK}.
 */
final class ByteSize {

    /**
     * Largest accepted size. A relay request body is held in memory as one array, and anything near the JVM's
     * array limit would be a mistake rather than a setting.
     */
    static final long MAX = 1L << 30;

    /** Largest size on disk: a pebibyte is more than any server this runs on has. */
    static final long MAX_DISK = 1L << 50;

    /** What a bad value is told to look like. */
    static final String EXPECTED = expected(1, MAX);

    private static final String[] UNITS = {"kib", "mib", "gib", "tib"};

    private ByteSize() {
    }

    /**
     * Parse a size.
     *
     * @param text e.g. {@code 20971520}, {@code 20MiB}, {@code 512kib}
     * @return bytes, or empty if malformed or out of range
     */
    static OptionalLong parse(String text) {
        return parse(text, 1, MAX);
    }

    /** A size from {@code min} to {@code max} bytes; empty if malformed or out of range. */
    static OptionalLong parse(String text, long min, long max) {
        String value = text.strip().toLowerCase(Locale.ROOT);
        long multiplier = 1;
        for (int i = 0; i < UNITS.length; i++) {
            if (value.endsWith(UNITS[i])) {
                value = value.substring(0, value.length() - UNITS[i].length()).strip();
                multiplier = 1L << (10 * (i + 1));
                break;
            }
        }
        // more than 16 digits is out of range anyway, and 16 always fit a long
        if (value.isEmpty() || value.length() > 16 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return OptionalLong.empty();
        }
        long count = Long.parseLong(value);
        if (count > max / multiplier || count * multiplier < min) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(count * multiplier);
    }

    /** What a bad value for {@link #parse(String, long, long)} is told to look like. */
    static String expected(long min, long max) {
        return "expected a byte count " + min + ".." + max + ", optionally with KiB, MiB, GiB or TiB (20MiB)";
    }
}
