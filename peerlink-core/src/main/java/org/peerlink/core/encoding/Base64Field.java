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

    /**
     * The JDK's decoders enforce exactly these rules (each rejects the other alphabet's two characters, any other
     * character, a dangling last character and wrong padding, and accepts missing padding), and decode with
     * vectorised intrinsics: a 1 MiB blob chunk is decoded without a character loop of our own. The standard
     * alphabet is tried first because clients use it; a field using both alphabets fails both.
     */
    public static Optional<byte[]> decode(String text) {
        try {
            return Optional.of(Base64.getDecoder().decode(text));
        } catch (IllegalArgumentException notStandard) {
            try {
                return Optional.of(Base64.getUrlDecoder().decode(text));
            } catch (IllegalArgumentException notUrlSafe) {
                return Optional.empty();
            }
        }
    }
}
