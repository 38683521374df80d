package org.peerlink.core.encoding;

import java.util.Base64;
import java.util.Optional;

/**
 * Decodes base64 fields per the contract: the standard or the URL-safe alphabet (not both in one
 * string), padding optional but correct when present. Anything else (whitespace, foreign characters,
 * a dangling character) is rejected — Node's decoder silently skips such junk, we do not.
 */
public final class Base64Field {

    private Base64Field() {
    }

    public static Optional<byte[]> decode(String text) {
        boolean standard = false;
        boolean urlSafe = false;
        int length = text.length();
        int end = length;
        while (end > 0 && text.charAt(end - 1) == '=') {
            end--;
        }
        int padding = length - end;
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            if (c == '+' || c == '/') {
                standard = true;
            } else if (c == '-' || c == '_') {
                urlSafe = true;
            } else if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
                return Optional.empty();
            }
        }
        if (standard && urlSafe || end % 4 == 1 || (padding > 0 && (end + padding) % 4 != 0) || padding > 2) {
            return Optional.empty();
        }
        try {
            Base64.Decoder decoder = urlSafe ? Base64.getUrlDecoder() : Base64.getDecoder();
            return Optional.of(decoder.decode(padding == 0 ? text : text.substring(0, end)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
