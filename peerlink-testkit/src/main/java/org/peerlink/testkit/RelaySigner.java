package org.peerlink.testkit;

import java.util.Base64;
import java.util.List;

import org.peerlink.core.crypto.Ed25519;
import org.peerlink.core.json.JsArray;
import org.peerlink.core.json.JsNumber;
import org.peerlink.core.json.JsObject;
import org.peerlink.core.json.JsString;
import org.peerlink.core.json.JsValue;
import org.peerlink.core.json.JsonWriter;
import org.peerlink.core.relay.PeerIdList;
import org.peerlink.core.relay.RelaySignedBytes;

/**
 * Builds relay request bodies signed the way the app signs them. Numbers are given as JSON text so tests can
 * check that they come back exactly as sent.
 */
public final class RelaySigner {

    public static final String TS = "1741590002123";
    public static final String TTL = "86400";

    private final Ed25519.KeyPair keys;

    public RelaySigner(int seed) {
        byte[] bytes = new byte[Ed25519.SEED_SIZE];
        bytes[0] = (byte) seed;
        bytes[1] = 7;
        this.keys = Ed25519.fromSeed(bytes);
    }

    /** JSON text of a body, numbers exactly as given. */
    public static String json(JsObject body) {
        return JsonWriter.write(body, JsonWriter.Numbers.AS_RECEIVED);
    }

    public static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** A copy of {@code body} with {@code key} set (in place if present). */
    public static JsObject with(JsObject body, String key, JsValue value) {
        JsObject.Builder copy = JsObject.builder();
        body.members().forEach(copy::put);
        return copy.put(key, value).build();
    }

    /** A copy of {@code body} without {@code key}. */
    public static JsObject without(JsObject body, String key) {
        JsObject.Builder copy = JsObject.builder();
        body.members().forEach((k, v) -> {
            if (!k.equals(key)) {
                copy.put(k, v);
            }
        });
        return copy.build();
    }

    public static JsNumber number(String text) {
        return JsNumber.ofJsonText(text);
    }

    public String publicKey() {
        return base64(keys.publicKey());
    }

    public String sign(byte[] signed) {
        return base64(keys.sign(signed));
    }

    public JsObject.Builder store(String id, String from, String to, String ts, String ttl, byte[] payload) {
        return JsObject.builder().put("id", id).put("from", from).put("to", to)
                .put("ts", number(ts)).put("ttl", number(ttl))
                .put("payload", base64(payload))
                .put("sig", sign(RelaySignedBytes.store(id, from, to, number(ts), number(ttl), payload)))
                .put("signingPub", publicKey());
    }

    public JsObject.Builder store(String id, String from, String to, byte[] payload) {
        return store(id, from, to, TS, TTL, payload);
    }

    public JsObject ack(String id, String from, String to) {
        return JsObject.builder().put("id", id).put("from", from).put("to", to).put("ts", number(TS))
                .put("sig", sign(RelaySignedBytes.ack(id, from, to, number(TS))))
                .put("signingPub", publicKey())
                .build();
    }

    public JsObject groupStore(String id, String from, String groupId, List<String> recipients, byte[] payload) {
        JsArray sent = JsArray.ofStrings(recipients);
        List<String> normalised = PeerIdList.normaliseWithout(sent, from);
        return JsObject.builder().put("id", id).put("from", from).put("groupId", groupId)
                .put("recipients", sent).put("ts", number(TS)).put("ttl", number(TTL))
                .put("payload", base64(payload))
                .put("sig", sign(RelaySignedBytes.groupStore(id, from, groupId, normalised, number(TS), number(TTL),
                                                             payload)))
                .put("signingPub", publicKey())
                .build();
    }

    public JsObject membersUpdate(String id, String from, String groupId, String owner, List<String> members) {
        JsArray sent = JsArray.ofStrings(members);
        List<String> normalised = PeerIdList.normalise(sent);
        return JsObject.builder().put("id", id).put("from", from).put("groupId", groupId)
                .put("ownerPeerId", owner).put("memberPeerIds", sent).put("ts", number(TS)).put("ttl", number(TTL))
                .put("sig", sign(RelaySignedBytes.membersUpdate(id, from, groupId, owner, normalised, number(TS),
                                                                number(TTL))))
                .put("signingPub", publicKey())
                .build();
    }

    private static JsObject.Builder blobFields(String id, String from, String groupId, String fileName) {
        return JsObject.builder().put("id", id).put("from", from).put("groupId", groupId).put("fileName", fileName)
                .put("ts", number(TS)).put("ttl", number(TTL));
    }

    public JsObject blobUpload(String id, String from, String groupId, String fileName, String mimeType, byte[] blob) {
        return blobUpload(id, from, groupId, fileName, mimeType, number(TTL), blob);
    }

    /** A single upload of {@code blob} that lives {@code ttl} seconds. */
    public JsObject blobUpload(String id, String from, String groupId, String fileName, String mimeType, JsNumber ttl,
                               byte[] blob) {
        return blobFields(id, from, groupId, fileName).put("ttl", ttl)
                .put("mimeType", mimeType)
                .put("payload", base64(blob))
                .put("sig", sign(RelaySignedBytes.blobUpload(id, from, groupId, fileName,
                                                             RelaySignedBytes.signedMimeType(new JsString(mimeType)),
                                                             number(TS), ttl, blob)))
                .put("signingPub", publicKey())
                .build();
    }

    /**
     * One chunk, as the app sends it: with the file name and mime type the completion signs ({@code mimeType} null
     * leaves the key out).
     */
    public static JsObject.Builder chunk(String id, String from, String groupId, String fileName, String mimeType,
                                  String index, String total, byte[] bytes) {
        JsObject.Builder chunk = blobFields(id, from, groupId, fileName);
        if (mimeType != null) {
            chunk.put("mimeType", mimeType);
        }
        return chunk
                .put("chunkIndex", number(index))
                .put("totalChunks", number(total))
                .put("payload", base64(bytes));
    }

    /** Complete a chunked upload; {@code signature} covers the whole blob ({@link #blobSignature}). */
    public JsObject complete(String id, String from, String groupId, String fileName, String mimeType, int total,
                      String signature) {
        return blobFields(id, from, groupId, fileName)
                .put("mimeType", mimeType)
                .put("totalChunks", JsNumber.of(total))
                .put("sig", signature)
                .put("signingPub", publicKey())
                .build();
    }

    /** The upload signature over a whole blob, as the app computes it before chunking. */
    public String blobSignature(String id, String from, String groupId, String fileName, String mimeType, byte[] blob) {
        return sign(RelaySignedBytes.blobUpload(id, from, groupId, fileName, mimeType, number(TS), number(TTL), blob));
    }
}
