package org.peerlink.relay;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import org.peerlink.core.crypto.Ed25519;
import org.peerlink.core.json.JsArray;
import org.peerlink.core.json.JsNumber;
import org.peerlink.core.json.JsObject;
import org.peerlink.core.json.JsString;
import org.peerlink.core.json.JsValue;
import org.peerlink.core.json.JsonReader;
import org.peerlink.core.json.JsonWriter;
import org.peerlink.core.json.MalformedJsonException;
import org.peerlink.core.relay.PeerIdList;
import org.peerlink.core.relay.RelaySignedBytes;

/** Builds correctly signed relay requests the way the app does, and reads the service's answers. */
final class SigningClient {

    static final JsNumber TS = JsNumber.ofJsonText("1741590002123");
    static final JsNumber TTL = JsNumber.ofJsonText("86400");

    private final RelayService relay;
    private final Ed25519.KeyPair keys;

    SigningClient(RelayService relay, int seed) {
        this.relay = relay;
        byte[] bytes = new byte[Ed25519.SEED_SIZE];
        bytes[0] = (byte) seed;
        bytes[1] = 42;
        this.keys = Ed25519.fromSeed(bytes);
    }

    record Reply(RelayStatus status, JsObject body, String text) {
        String error() {
            return body.string("error").orElseThrow();
        }

        long number(String key) {
            return (long) ((JsNumber) body.get(key)).value();
        }
    }

    Reply post(RelayPost endpoint, String body) {
        return read(relay.post(endpoint, body.getBytes(StandardCharsets.UTF_8)));
    }

    Reply post(RelayPost endpoint, JsObject body) {
        return post(endpoint, JsonWriter.write(body, JsonWriter.Numbers.AS_RECEIVED));
    }

    Reply fetch(String to, String cursor, String limit) {
        return read(relay.fetch(to, cursor, limit));
    }

    Reply blob(String blobId) {
        return read(relay.blob(blobId));
    }

    static Reply read(RelayResponse response) {
        String text = switch (response) {
            case RelayResponse.Text t -> t.json();
            case RelayResponse.Streamed s -> {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                try {
                    s.writeTo(out);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                yield out.toString(StandardCharsets.UTF_8);
            }
        };
        try {
            return new Reply(response.status(), (JsObject) JsonReader.parse(text), text);
        } catch (MalformedJsonException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    String publicKey() {
        return Base64.getEncoder().encodeToString(keys.publicKey());
    }

    String sign(byte[] signed) {
        return Base64.getEncoder().encodeToString(keys.sign(signed));
    }

    static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    JsObject.Builder store(String id, String from, String to, byte[] payload) {
        return JsObject.builder().put("id", id).put("from", from).put("to", to).put("ts", TS).put("ttl", TTL)
                .put("payload", base64(payload))
                .put("sig", sign(RelaySignedBytes.store(id, from, to, TS, TTL, payload)))
                .put("signingPub", publicKey());
    }

    JsObject ack(String id, String from, String to) {
        return JsObject.builder().put("id", id).put("from", from).put("to", to).put("ts", TS)
                .put("sig", sign(RelaySignedBytes.ack(id, from, to, TS)))
                .put("signingPub", publicKey())
                .build();
    }

    JsObject groupStore(String id, String from, String groupId, List<String> recipients, byte[] payload) {
        JsArray recipientArray = JsArray.ofStrings(recipients);
        List<String> normalised = PeerIdList.normaliseWithout(recipientArray, from);
        return JsObject.builder().put("id", id).put("from", from).put("groupId", groupId)
                .put("recipients", recipientArray).put("ts", TS).put("ttl", TTL)
                .put("payload", base64(payload))
                .put("sig", sign(RelaySignedBytes.groupStore(id, from, groupId, normalised, TS, TTL, payload)))
                .put("signingPub", publicKey())
                .build();
    }

    JsObject membersUpdate(String id, String from, String groupId, String owner, List<String> members) {
        JsArray memberArray = JsArray.ofStrings(members);
        List<String> normalised = PeerIdList.normalise(memberArray);
        return JsObject.builder().put("id", id).put("from", from).put("groupId", groupId)
                .put("ownerPeerId", owner).put("memberPeerIds", memberArray).put("ts", TS).put("ttl", TTL)
                .put("sig", sign(RelaySignedBytes.membersUpdate(id, from, groupId, owner, normalised, TS, TTL)))
                .put("signingPub", publicKey())
                .build();
    }

    JsObject.Builder blobFields(String id, String from, String groupId, String fileName, JsNumber ttl) {
        return JsObject.builder().put("id", id).put("from", from).put("groupId", groupId).put("fileName", fileName)
                .put("ts", TS).put("ttl", ttl);
    }

    JsObject blobUpload(String id, String from, String groupId, String mimeType, JsNumber ttl, byte[] blob) {
        return blobFields(id, from, groupId, "photo.jpg", ttl)
                .put("mimeType", mimeType)
                .put("payload", base64(blob))
                .put("sig", sign(RelaySignedBytes.blobUpload(id, from, groupId, "photo.jpg",
                        RelaySignedBytes.signedMimeType(new JsString(mimeType)), TS, ttl, blob)))
                .put("signingPub", publicKey())
                .build();
    }

    /** A chunk as the app sends it: with the same file name and mime type as the completion. */
    JsObject chunk(String id, String from, String groupId, int index, int total, byte[] bytes) {
        return blobFields(id, from, groupId, "video.mp4", TTL)
                .put("mimeType", "video/mp4")
                .put("chunkIndex", JsNumber.of(index))
                .put("totalChunks", JsNumber.of(total))
                .put("payload", base64(bytes))
                .build();
    }

    JsObject complete(String id, String from, String groupId, int total, byte[] wholeBlob) {
        return blobFields(id, from, groupId, "video.mp4", TTL)
                .put("mimeType", "video/mp4")
                .put("totalChunks", JsNumber.of(total))
                .put("sig", sign(RelaySignedBytes.blobUpload(id, from, groupId, "video.mp4", "video/mp4",
                        TS, TTL, wholeBlob)))
                .put("signingPub", publicKey())
                .build();
    }

    static JsValue field(Reply reply, String key) {
        return reply.body().get(key);
    }
}
