package org.peerlink.identity;

import java.util.Base64;
import java.util.Objects;

/**
 * One pin: a peerId and the Ed25519 key it was first registered with.
 *
 * @param peerId     the peerId
 * @param signingKey the raw 32-byte public key, as standard base64 with padding (one text per key, whatever form the
 *                   client sent it in)
 * @param pinnedAtMs when the first register pinned it
 * @param lastUsedMs the latest register with it that was recorded (registers are recorded at most once per
 *                   {@link IdentityPins#TOUCH_INTERVAL_MS})
 */
public record IdentityPin(String peerId, String signingKey, long pinnedAtMs, long lastUsedMs) {

    public IdentityPin {
        Objects.requireNonNull(peerId, "peerId");
        Objects.requireNonNull(signingKey, "signingKey");
    }

    /** The canonical text of a raw key. */
    public static String keyText(byte[] signingKey) {
        return Base64.getEncoder().encodeToString(signingKey);
    }

    public boolean isKey(byte[] key) {
        return signingKey.equals(keyText(key));
    }

    public IdentityPin usedAt(long nowMs) {
        return new IdentityPin(peerId, signingKey, pinnedAtMs, nowMs);
    }
}
