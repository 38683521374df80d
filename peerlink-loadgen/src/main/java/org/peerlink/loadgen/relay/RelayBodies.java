package org.peerlink.loadgen.relay;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.peerlink.core.crypto.Ed25519;
import org.peerlink.core.json.JsNumber;
import org.peerlink.core.relay.RelaySignedBytes;

/**
 * Signed relay request bodies as the app sends them. The JSON text is assembled directly (ids and names are
 * plain ASCII chosen by the generator); the signed bytes come from the core, exactly what the server checks.
 */
public final class RelayBodies {

    private final Ed25519.KeyPair keys;
    private final String publicKey;

    public RelayBodies(Ed25519.KeyPair keys) {
        this.keys = keys;
        this.publicKey = base64(keys.publicKey());
    }

    /** A {@code POST /relay/store} body. */
    public byte[] store(String id, String from, String to, long ts, long ttl, byte[] payload, String payloadBase64) {
        byte[] signed = RelaySignedBytes.store(id, from, to, JsNumber.of(ts), JsNumber.of(ttl), payload);
        return ("{\"id\":\"" + id + "\",\"from\":\"" + from + "\",\"to\":\"" + to + "\",\"ts\":" + ts
                + ",\"ttl\":" + ttl + ",\"payload\":\"" + payloadBase64 + "\",\"sig\":\"" + sign(signed)
                + "\",\"signingPub\":\"" + publicKey + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    /** A {@code POST /relay/ack} body. */
    public byte[] ack(String id, String from, String to, long ts) {
        byte[] signed = RelaySignedBytes.ack(id, from, to, JsNumber.of(ts));
        return ("{\"id\":\"" + id + "\",\"from\":\"" + from + "\",\"to\":\"" + to + "\",\"ts\":" + ts
                + ",\"sig\":\"" + sign(signed) + "\",\"signingPub\":\"" + publicKey + "\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** The base64 signature over {@code signed} (for a blob: its signed header followed by the blob bytes). */
    public String sign(byte[] signed) {
        return base64(keys.sign(signed));
    }

    public String publicKey() {
        return publicKey;
    }

    static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
