package org.peerlink.loadgen.signal;

import java.security.SecureRandom;

import org.peerlink.core.crypto.Ed25519;
import org.peerlink.core.json.JsObject;
import org.peerlink.core.json.JsonWriter;
import org.peerlink.testkit.RealisticIdentityProfile;
import org.peerlink.testkit.RegisterFrameSigner;
import org.peerlink.loadgen.ws.WsFrames;

/**
 * Signed {@code register} frames as the app sends them, ready to write: by default with an identity profile shaped
 * like the real client's (nested account identity, devices, endpoint with push), which the server must
 * re-serialise byte-exactly to verify the v2 signature — the expensive, realistic case.
 */
public final class RegisterFrames {

    private final RegisterFrameSigner signer;
    private final String publicKeyBase64;
    private final boolean withProfile;

    public RegisterFrames(boolean withProfile) {
        Ed25519.KeyPair keys = Ed25519.generate(new SecureRandom());
        this.signer = new RegisterFrameSigner(keys);
        this.publicKeyBase64 = java.util.Base64.getEncoder().encodeToString(keys.publicKey());
        this.withProfile = withProfile;
    }

    /** A register frame for {@code peerId} with a unique nonce, as a masked WebSocket text frame. */
    public byte[] frame(String peerId, String nonce, long timestampMs) {
        JsObject profile = withProfile ? profile(peerId) : null;
        JsObject frame = signer.frame("c-" + nonce, peerId, timestampMs, nonce, profile);
        return WsFrames.text(JsonWriter.stringify(frame));
    }

    private JsObject profile(String peerId) {
        return RealisticIdentityProfile.of(peerId, "acc_" + Integer.toHexString(peerId.hashCode()), publicKeyBase64);
    }
}
