package org.peerlink.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.SplittableRandom;

import org.peerlink.core.crypto.Ed25519;
import org.peerlink.core.json.JsNumber;
import org.peerlink.core.json.JsObject;
import org.peerlink.core.json.JsonWriter;
import org.peerlink.testkit.RealisticIdentityProfile;
import org.peerlink.testkit.RegisterFrameSigner;
import org.peerlink.core.relay.RelaySignedBytes;

/** Realistic inputs for the benchmarks: what the app actually sends. */
final class Fixtures {

    static final String PEER = "peer-7f3c9a1e0b2d4c58";
    static final Ed25519.KeyPair KEYS = Ed25519.fromSeed(bytes(32, 1));

    private Fixtures() {
    }

    static byte[] bytes(int length, long seed) {
        byte[] bytes = new byte[length];
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) random.nextInt();
        }
        return bytes;
    }

    /** A signed {@code /relay/store} body with a payload of {@code payloadBytes}. */
    static byte[] storeBody(String id, int payloadBytes) {
        byte[] payload = bytes(payloadBytes, 2);
        long ts = 1741590002123L;
        byte[] signed = RelaySignedBytes.store(id, PEER, "peer-recipient-01", JsNumber.of(ts), JsNumber.of(86400),
                payload);
        Base64.Encoder b64 = Base64.getEncoder();
        return ("{\"id\":\"" + id + "\",\"from\":\"" + PEER + "\",\"to\":\"peer-recipient-01\",\"ts\":" + ts
                + ",\"ttl\":86400,\"payload\":\"" + b64.encodeToString(payload) + "\",\"sig\":\""
                + b64.encodeToString(KEYS.sign(signed)) + "\",\"signingPub\":\""
                + b64.encodeToString(KEYS.publicKey()) + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    /** A signed register frame with the realistic profile, as JSON text. */
    static String registerFrame(long timestampMs, String nonce) {
        JsObject profile = RealisticIdentityProfile.of(PEER, "acc_f82af80ba6b5e6d3b8bb0858",
                "/uWugu3K1IiNP0Mq8Y07u54hLpvCJTbFcLMhOITDSdw=");
        return JsonWriter.stringify(new RegisterFrameSigner(KEYS).frame("1741590000123456", PEER, timestampMs, nonce,
                profile));
    }

    /** A client {@code signal} frame carrying an SDP offer of about 1 KB. */
    static String signalFrame() {
        StringBuilder sdp = new StringBuilder("v=0\\r\\no=- 4611731400430051336 2 IN IP4 127.0.0.1\\r\\n");
        while (sdp.length() < 900) {
            sdp.append("a=candidate:1 1 udp 2122260223 192.168.1.2 54321 typ host\\r\\n");
        }
        return "{\"v\":\"1\",\"id\":\"c-offer-1\",\"type\":\"signal\",\"payload\":{\"type\":\"offer\",\"from\":\""
                + PEER + "\",\"to\":\"peer-recipient-01\",\"sdp\":\"" + sdp + "\"}}";
    }
}
