package org.peerlink.relay;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.peerlink.core.json.JsNumber;
import org.peerlink.core.json.JsObject;
import org.peerlink.core.json.JsValue;
import org.peerlink.core.json.JsonReader;
import org.peerlink.core.json.JsonWriter;
import org.peerlink.core.json.MalformedJsonException;
import org.peerlink.relay.route.RelayEndpoint;
import org.peerlink.testkit.RelaySigner;

/**
 * Posts correctly signed relay requests ({@link RelaySigner}, as the app signs them) to the service in-process, and
 * reads its answers.
 */
final class SigningClient {

    static final JsNumber TS = RelaySigner.number(RelaySigner.TS);
    static final JsNumber TTL = RelaySigner.number(RelaySigner.TTL);

    private final RelayService relay;
    private final RelaySigner requests;

    SigningClient(RelayService relay, int seed) {
        this.relay = relay;
        this.requests = new RelaySigner(seed);
    }

    record Reply(RelayStatus status, JsObject body, String text) {
        String error() {
            return body.string("error").orElseThrow();
        }

        long number(String key) {
            return (long) ((JsNumber) body.get(key)).value();
        }
    }

    Reply post(RelayEndpoint endpoint, String body) {
        return read(relay.post(endpoint, body.getBytes(StandardCharsets.UTF_8)));
    }

    Reply post(RelayEndpoint endpoint, JsObject body) {
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
        return requests.publicKey();
    }

    String sign(byte[] signed) {
        return requests.sign(signed);
    }

    static String base64(byte[] bytes) {
        return RelaySigner.base64(bytes);
    }

    JsObject.Builder store(String id, String from, String to, byte[] payload) {
        return requests.store(id, from, to, payload);
    }

    JsObject ack(String id, String from, String to) {
        return requests.ack(id, from, to);
    }

    JsObject groupStore(String id, String from, String groupId, List<String> recipients, byte[] payload) {
        return requests.groupStore(id, from, groupId, recipients, payload);
    }

    JsObject membersUpdate(String id, String from, String groupId, String owner, List<String> members) {
        return requests.membersUpdate(id, from, groupId, owner, members);
    }

    JsObject blobUpload(String id, String from, String groupId, String mimeType, JsNumber ttl, byte[] blob) {
        return requests.blobUpload(id, from, groupId, "photo.jpg", mimeType, ttl, blob);
    }

    /** A chunk as the app sends it: with the same file name and mime type as the completion. */
    JsObject chunk(String id, String from, String groupId, int index, int total, byte[] bytes) {
        return RelaySigner.chunk(id, from, groupId, "video.mp4", "video/mp4", Integer.toString(index),
                Integer.toString(total), bytes).build();
    }

    JsObject complete(String id, String from, String groupId, int total, byte[] wholeBlob) {
        return requests.complete(id, from, groupId, "video.mp4", "video/mp4", total,
                requests.blobSignature(id, from, groupId, "video.mp4", "video/mp4", wholeBlob));
    }

    static JsValue field(Reply reply, String key) {
        return reply.body().get(key);
    }
}
