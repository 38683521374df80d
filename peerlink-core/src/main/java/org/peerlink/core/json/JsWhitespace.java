package org.peerlink.core.json;

/**
 * JavaScript's notion of whitespace (WhiteSpace and LineTerminator code points), which is what
 * {@code String.prototype.trim} removes. Java's {@code strip}/{@code trim} differ in both directions
 * (they strip U+001C–U+001F and keep U+00A0, U+2007, U+202F, U+FEFF), which would change signed strings.
 */
public final class JsWhitespace {

    private JsWhitespace() {
    }

    /** {@code s.trim()} as JavaScript computes it. */
    public static String trim(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isWhitespace(s.charAt(start))) {
            start++;
        }
        while (end > start && isWhitespace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(start, end);
    }

    public static boolean isWhitespace(char c) {
        return switch (c) {
            case '\t', '\n', 0x0B, '\f', '\r', ' ', 0xA0, 0xFEFF, 0x2028, 0x2029 -> true;
            default -> c > 0x7F && Character.getType(c) == Character.SPACE_SEPARATOR;
        };
    }
}
