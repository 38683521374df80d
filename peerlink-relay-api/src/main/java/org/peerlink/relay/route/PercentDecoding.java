package org.peerlink.relay.route;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Decodes a path segment or a query component as the Helidon launcher does, so that every transport hands the
 * relay the same strings: {@code %XX} is a byte, {@code +} a space, the bytes are UTF-8 (a malformed sequence
 * becomes U+FFFD), and a {@code %} not followed by two hex digits stays as it is.
 */
public final class PercentDecoding {

    private PercentDecoding() {
    }

    public static String decode(String encoded) {
        if (encoded.indexOf('%') < 0 && encoded.indexOf('+') < 0) {
            return encoded;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(encoded.length());
        int i = 0;
        while (i < encoded.length()) {
            char c = encoded.charAt(i);
            if (c == '%' && i + 2 < encoded.length() && hex(encoded.charAt(i + 1)) >= 0
                    && hex(encoded.charAt(i + 2)) >= 0) {
                bytes.write(hex(encoded.charAt(i + 1)) * 16 + hex(encoded.charAt(i + 2)));
                i += 3;
            } else if (c == '+') {
                bytes.write(' ');
                i++;
            } else {
                int end = i + Character.charCount(encoded.codePointAt(i));
                bytes.writeBytes(encoded.substring(i, end).getBytes(StandardCharsets.UTF_8));
                i = end;
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** The value of an ASCII hex digit, else -1 ({@link Character#digit} also takes other scripts' digits). */
    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        char lower = (char) (c | 0x20);
        return lower >= 'a' && lower <= 'f' ? lower - 'a' + 10 : -1;
    }
}
