package org.peerlink.examples;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

import org.peerlink.core.crypto.Ed25519;
import org.peerlink.core.json.JsNumber;
import org.peerlink.core.json.JsObject;
import org.peerlink.core.json.JsValue;
import org.peerlink.core.json.JsonWriter;
import org.peerlink.core.register.RegisterCanonicalPayload;
import org.peerlink.core.register.RegisterProof;

/**
 * Client usage of the core: builds the {@code register} frame a PeerLink app sends to the signal
 * server, signed over the v2 canonical payload. Run it to print a frame you can paste into a
 * WebSocket client ({@code websocat ws://127.0.0.1:3000}).
 */
public final class SignedRegisterExample {

    private SignedRegisterExample() {
    }

    /** A register frame for {@code peerId}, signed by {@code keys} at {@code nowMs} with {@code nonce}. */
    public static JsObject registerFrame(Ed25519.KeyPair keys, String peerId, long nowMs, String nonce,
                                         JsObject identityProfile) {
        String publicKey = Base64.getEncoder().encodeToString(keys.publicKey());
        RegisterProof proof = new RegisterProof(peerId, JsNumber.of(nowMs), nonce, publicKey, null, identityProfile);
        String signature = Base64.getEncoder().encodeToString(keys.sign(RegisterCanonicalPayload.v2(proof)));

        JsObject.Builder auth = JsObject.builder()
                .put("scheme", "peerlink-ed25519-v1")
                .put("peerId", peerId)
                .put("timestampMs", proof.timestampMs())
                .put("nonce", nonce)
                .put("signingPublicKey", publicKey)
                .put("signature", signature);
        if (identityProfile != null) {
            auth.put("identityProfile", identityProfile);
        }
        JsValue payload = JsObject.builder()
                .put("peerId", peerId)
                .put("auth", auth.build())
                .build();
        return JsObject.builder()
                .put("v", "1")
                .put("id", "reg-" + nowMs)
                .put("type", "register")
                .put("payload", payload)
                .build();
    }

    public static void main(String[] args) {
        SecureRandom random = new SecureRandom();
        Ed25519.KeyPair keys = Ed25519.generate(random);
        byte[] nonce = new byte[12];
        random.nextBytes(nonce);
        String peerId = args.length > 0 ? args[0] : "peer-example";
        JsObject profile = JsObject.builder().put("stableUserId", peerId).build();
        System.out.println(JsonWriter.stringify(
                registerFrame(keys, peerId, System.currentTimeMillis(), HexFormat.of().formatHex(nonce), profile)));
    }
}
