package org.peerlink.testkit;

import java.util.Base64;

import org.peerlink.core.crypto.Ed25519;
import org.peerlink.core.json.JsNumber;
import org.peerlink.core.json.JsObject;

import org.peerlink.core.register.RegisterCanonicalPayload;
import org.peerlink.core.register.RegisterProof;

/**
 * The client side of register: builds a {@code register} frame signed over the v2 canonical payload,
 * as the PeerLink app does. Used by examples, tests and load generators.
 */
public final class RegisterFrameSigner {

    private final Ed25519.KeyPair keys;
    private final String publicKey;

    public RegisterFrameSigner(Ed25519.KeyPair keys) {
        this.keys = keys;
        this.publicKey = Base64.getEncoder().encodeToString(keys.publicKey());
    }

    /** The signed {@code auth} object; {@code identityProfile} may be null. */
    public JsObject auth(String peerId, long timestampMs, String nonce, JsObject identityProfile) {
        RegisterProof proof = new RegisterProof(peerId, JsNumber.of(timestampMs), nonce, publicKey, null, identityProfile);
        JsObject.Builder auth = JsObject.builder()
                .put("scheme", RegisterCanonicalPayload.SCHEME)
                .put("peerId", peerId)
                .put("timestampMs", proof.timestampMs())
                .put("nonce", nonce)
                .put("signingPublicKey", publicKey)
                .put("signature", Base64.getEncoder().encodeToString(keys.sign(RegisterCanonicalPayload.v2(proof))));
        if (identityProfile != null) {
            auth.put("identityProfile", identityProfile);
        }
        return auth.build();
    }

    /** A whole {@code register} frame with client frame id {@code frameId}. */
    public JsObject frame(String frameId, String peerId, long timestampMs, String nonce, JsObject identityProfile) {
        return JsObject.builder()
                .put("v", "1")
                .put("id", frameId)
                .put("type", "register")
                .put("payload", JsObject.builder()
                        .put("peerId", peerId)
                        .put("auth", auth(peerId, timestampMs, nonce, identityProfile))
                        .build())
                .build();
    }
}
