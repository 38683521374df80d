package org.peerlink.core.encoding;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
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

    /**
     * The JDK's decoders enforce exactly these rules (each rejects the other alphabet's two characters, any other
     * character, a dangling last character and wrong padding, and accepts missing padding), and decode with
     * vectorised intrinsics: a 1 MiB blob chunk is decoded without a character loop of our own. The standard
     * alphabet is tried first because clients use it; a field using both alphabets fails both.
     */
    public static Optional<byte[]> decode(String text) {
        // what the JDK's decode(String) does too; a character beyond Latin-1 becomes '?', which no alphabet has
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        return decode(bytes, 0, bytes.length);
    }

    /**
     * The same rules for base64 text given as bytes (one byte per character): {@code length} bytes of {@code bytes}
     * from {@code offset}, decoded in place, without a copy of the text.
     */
    public static Optional<byte[]> decode(byte[] bytes, int offset, int length) {
        try {
            return Optional.of(exact(Base64.getDecoder().decode(ByteBuffer.wrap(bytes, offset, length))));
        } catch (IllegalArgumentException notStandard) {
            try {
                return Optional.of(exact(Base64.getUrlDecoder().decode(ByteBuffer.wrap(bytes, offset, length))));
            } catch (IllegalArgumentException notUrlSafe) {
                return Optional.empty();
            }
        }
    }

    private static byte[] exact(ByteBuffer decoded) {
        byte[] array = decoded.array();
        return decoded.arrayOffset() == 0 && decoded.remaining() == array.length
                ? array
                : Arrays.copyOfRange(array, decoded.arrayOffset() + decoded.position(),
                                     decoded.arrayOffset() + decoded.limit());
    }
}
