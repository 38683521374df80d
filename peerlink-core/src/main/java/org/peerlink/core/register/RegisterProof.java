package org.peerlink.core.register;

import java.util.Objects;

import org.peerlink.core.json.JsNull;
import org.peerlink.core.json.JsNumber;
import org.peerlink.core.json.JsValue;

/**
 * The fields of a register's {@code auth} object that enter the canonical payloads, as received.
 *
 * @param legacyPeerId    the received value, {@link JsNull} when absent
 * @param identityProfile the received value, {@link JsNull} when absent
 */
public record RegisterProof(String peerId, JsNumber timestampMs, String nonce, String signingPublicKey,
                            JsValue legacyPeerId, JsValue identityProfile) {

    public RegisterProof {
        Objects.requireNonNull(peerId, "peerId");
        Objects.requireNonNull(timestampMs, "timestampMs");
        Objects.requireNonNull(nonce, "nonce");
        Objects.requireNonNull(signingPublicKey, "signingPublicKey");
        legacyPeerId = legacyPeerId == null ? JsNull.INSTANCE : legacyPeerId;
        identityProfile = identityProfile == null ? JsNull.INSTANCE : identityProfile;
    }
}
