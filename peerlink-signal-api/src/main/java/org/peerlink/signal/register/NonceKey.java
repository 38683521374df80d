package org.peerlink.signal.register;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.peerlink.core.crypto.Ed25519;
import org.peerlink.core.encoding.WellFormedUtf8;

/**
 * What a {@link NonceWindow} stores for a (signing key, nonce) pair: the hex SHA-256 of the 32 key bytes followed by
 * the nonce's UTF-8. Fixed-size whatever the nonce's length, and the key's decoded bytes rather than its text, so the
 * same key written in another base64 form is still the same key.
 */
public final class NonceKey {

    private NonceKey() {
    }

    public static String of(byte[] signingKey, String nonce) {
        if (signingKey.length != Ed25519.PUBLIC_KEY_SIZE) {
            throw new IllegalArgumentException("an Ed25519 public key has " + Ed25519.PUBLIC_KEY_SIZE + " bytes");
        }
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(signingKey);
            return HexFormat.of().formatHex(sha256.digest(WellFormedUtf8.encode(nonce)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
