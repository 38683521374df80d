package org.peerlink.core.encoding;

import java.nio.charset.StandardCharsets;

/**
 * UTF-8 encoding as JavaScript does it ({@code Buffer.from(s, 'utf8')}, {@code TextEncoder}): a lone
 * surrogate becomes U+FFFD (EF BF BD). Java's own encoder writes '?' instead, which would change the
 * bytes of a signed string.
 */
public final class WellFormedUtf8 {

    private WellFormedUtf8() {
    }

    public static byte[] encode(String s) {
        StringBuilder repaired = null; // only allocated once a lone surrogate is seen
        int length = s.length();
        for (int i = 0; i < length; i++) {
            char c = s.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(s.charAt(i + 1));
            if (pair) {
                if (repaired != null) {
                    repaired.append(c).append(s.charAt(i + 1));
                }
                i++;
            } else if (Character.isSurrogate(c)) {
                if (repaired == null) {
                    repaired = new StringBuilder(length).append(s, 0, i);
                }
                repaired.append('\uFFFD');
            } else if (repaired != null) {
                repaired.append(c);
            }
        }
        return (repaired == null ? s : repaired.toString()).getBytes(StandardCharsets.UTF_8);
    }
}
