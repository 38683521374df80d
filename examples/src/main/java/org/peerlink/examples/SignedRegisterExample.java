package org.peerlink.examples;

import java.security.SecureRandom;
import java.util.HexFormat;

import org.peerlink.core.crypto.Ed25519;
import org.peerlink.core.json.JsObject;
import org.peerlink.core.json.JsonWriter;
import org.peerlink.testkit.RegisterFrameSigner;

/**
 * Client usage of the core: prints the {@code register} frame a PeerLink app sends to the signal
 * server, signed over the v2 canonical payload, ready to paste into a WebSocket client
 * ({@code websocat ws://127.0.0.1:3000}). Argument: the peerId (default {@code peer-example}).
 */
public final class SignedRegisterExample {

    private SignedRegisterExample() {
    }

    public static void main(String[] args) {
        SecureRandom random = new SecureRandom();
        byte[] nonce = new byte[12];
        random.nextBytes(nonce);
        String peerId = args.length > 0 ? args[0] : "peer-example";
        JsObject profile = JsObject.builder().put("stableUserId", peerId).build();
        RegisterFrameSigner signer = new RegisterFrameSigner(Ed25519.generate(random));
        System.out.println(JsonWriter.stringify(signer.frame("reg-1", peerId, System.currentTimeMillis(),
                HexFormat.of().formatHex(nonce), profile)));
    }
}
