package org.peerlink.relay.message;

import org.peerlink.core.json.JsWhitespace;

/**
 * The {@code limit} query parameter of fetch, read like JavaScript's {@code parseInt(limit, 10)}: leading
 * whitespace, an optional sign, then the leading decimal digits ({@code "7x"} is 7). Missing, unparsable, zero
 * and (unlike the original, which passed them on) negative values mean the default; large values are capped.
 */
public final class FetchLimit {

    public static final int DEFAULT = 50;
    public static final int MAX = 500;

    private FetchLimit() {
    }

    public static int parse(String limit) {
        if (limit == null) {
            return DEFAULT;
        }
        int i = skipWhitespace(limit);
        boolean negative = false;
        if (i < limit.length() && (limit.charAt(i) == '+' || limit.charAt(i) == '-')) {
            negative = limit.charAt(i) == '-';
            i++;
        }
        long value = 0;
        int digits = 0;
        for (; i < limit.length() && limit.charAt(i) >= '0' && limit.charAt(i) <= '9'; i++, digits++) {
            // Saturate: anything above MAX ends up as MAX, so overflow must not wrap around.
            value = Math.min(value * 10 + (limit.charAt(i) - '0'), MAX + 1L);
        }
        if (digits == 0 || negative || value == 0) {
            return DEFAULT;
        }
        return (int) Math.min(value, MAX);
    }

    private static int skipWhitespace(String s) {
        int i = 0;
        while (i < s.length() && JsWhitespace.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }
}
