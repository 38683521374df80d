package org.peerlink.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;

import org.peerlink.core.crypto.Ed25519;
import org.peerlink.core.json.JsArray;
import org.peerlink.core.json.JsBoolean;
import org.peerlink.core.json.JsNull;
import org.peerlink.core.json.JsNumber;
import org.peerlink.core.json.JsObject;
import org.peerlink.core.json.JsonWriter;
import org.peerlink.core.register.RegisterFrameSigner;
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

    /** The identity profile of the real client: nested, with non-ASCII text, nulls and arrays. */
    static JsObject identityProfile(String peerId) {
        return JsObject.builder()
                .put("schemaVersion", JsNumber.of(2))
                .put("accountId", "acc_f82af80ba6b5e6d3b8bb0858")
                .put("deviceId", "dev-4c4deed5563a2d25")
                .put("stableUserId", peerId)
                .put("publicKey", "/uWugu3K1IiNP0Mq8Y07u54hLpvCJTbFcLMhOITDSdw=")
                .put("agreementPublicKey", "+HxOKjoPhb4SHOCnMMtHLOQBMef/Bsc7Plu2pCvuXXI=")
                .put("accountIdentity", JsObject.builder()
                        .put("accountId", "acc_f82af80ba6b5e6d3b8bb0858")
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

    /** A signed register frame with the realistic profile, as JSON text. */
    static String registerFrame(long timestampMs, String nonce) {
        return JsonWriter.stringify(new RegisterFrameSigner(KEYS).frame("1741590000123456", PEER, timestampMs, nonce,
                identityProfile(PEER)));
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

    private static JsObject device(String id, String label, long addedAtMs, boolean primary) {
        return JsObject.builder().put("deviceId", id).put("label", label).put("addedAtMs", JsNumber.of(addedAtMs))
                .put("primary", JsBoolean.of(primary)).build();
    }
}
