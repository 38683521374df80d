package org.peerlink.loadgen.signal;

import java.security.SecureRandom;
import java.util.List;

import org.peerlink.core.crypto.Ed25519;
import org.peerlink.core.json.JsArray;
import org.peerlink.core.json.JsBoolean;
import org.peerlink.core.json.JsNull;
import org.peerlink.core.json.JsNumber;
import org.peerlink.core.json.JsObject;
import org.peerlink.core.json.JsonWriter;
import org.peerlink.core.register.RegisterFrameSigner;
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
        String accountId = "acc_" + Integer.toHexString(peerId.hashCode());
        return JsObject.builder()
                .put("schemaVersion", JsNumber.of(2))
                .put("accountId", accountId)
                .put("deviceId", "dev-4c4deed5563a2d25")
                .put("stableUserId", peerId)
                .put("publicKey", publicKeyBase64)
                .put("agreementPublicKey", "+HxOKjoPhb4SHOCnMMtHLOQBMef/Bsc7Plu2pCvuXXI=")
                .put("accountIdentity", JsObject.builder()
                        .put("accountId", accountId)
                        .put("displayName", "Олена 🌻 \"Lena\"")
                        .put("handle", "anna.p/primary")
                        .put("avatarHash", JsNull.INSTANCE)
                        .put("createdAtMs", JsNumber.of(1741590000000L))
                        .put("rootPublicKey", "L/QLJoWeYvTXtaTr6oQgsrjLR1ss/GR/Gk5Xb+WlNiY=")
                        .put("devices", new JsArray(List.of(
                                device("dev-4c4deed5563a2d25", "Pixel 8 Pro", 1741590001000L, true),
                                device("dev-cfef2404a3c989aa", "MacBook — «work»", 1741590001500L, false))))
                        .put("deviceCertificate", "kY0h3DCnruLTQl4gkeVaohQuqJUOj1MfDcGi8ZbKSdgwY+pcY+FXzMMNvq/7uj"
                                + "tKwSK/FFvwc9q45SVM3/fTzw==")
                        .build())
                .put("endpoint", JsObject.builder()
                        .put("endpointId", "ep-558f4214ac473bf85d5f")
                        .put("platform", "android")
                        .put("push", JsObject.builder().put("provider", "fcm").put("tokenHash", JsNull.INSTANCE)
                                .build())
                        .build())
                .build();
    }

    private static JsObject device(String id, String label, long addedAtMs, boolean primary) {
        return JsObject.builder()
                .put("deviceId", id)
                .put("label", label)
                .put("addedAtMs", JsNumber.of(addedAtMs))
                .put("primary", JsBoolean.of(primary))
                .build();
    }
}
