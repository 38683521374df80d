package org.peerlink.core.relay;

import java.util.List;

import org.peerlink.core.encoding.WellFormedUtf8;
import org.peerlink.core.json.JsNumber;
import org.peerlink.core.json.JsString;
import org.peerlink.core.json.JsValue;
import org.peerlink.core.json.JsWhitespace;

/**
 * The byte strings the relay's signatures cover (PROTOCOL.md §2.1): fields joined by {@code |} as a
 * JavaScript template string renders them (numbers through {@code String(n)}), UTF-8 encoded as
 * JavaScript does, followed by the raw payload bytes where the operation has a payload.
 */
public final class RelaySignedBytes {

    private RelaySignedBytes() {
    }

    public static byte[] store(String id, String from, String to, JsNumber ts, JsNumber ttl, byte[] payload) {
        return withPayload(join(id, from, to, ts.jsString(), ttl.jsString()) + "|", payload);
    }

    public static byte[] groupStore(String id, String from, String groupId, List<String> recipients,
                                    JsNumber ts, JsNumber ttl, byte[] payload) {
        return withPayload(join(id, from, groupId, String.join(",", recipients), ts.jsString(), ttl.jsString()) + "|",
                payload);
    }

    public static byte[] membersUpdate(String id, String from, String groupId, String ownerPeerId, List<String> members,
                                       JsNumber ts, JsNumber ttl) {
        return WellFormedUtf8.encode(join(id, from, groupId, ownerPeerId, String.join(",", members),
                ts.jsString(), ttl.jsString()));
    }

    public static byte[] ack(String id, String from, String to, JsNumber ts) {
        return WellFormedUtf8.encode(join(id, from, to, ts.jsString()));
    }

    public static byte[] blobUpload(String id, String from, String groupId, String fileName, String signedMimeType,
                                    JsNumber ts, JsNumber ttl, byte[] blob) {
        return withPayload(blobUploadHeader(id, from, groupId, fileName, signedMimeType, ts, ttl), blob);
    }

    /** The text before the blob bytes, for verifying a signature over a blob streamed from storage. */
    public static String blobUploadHeader(String id, String from, String groupId, String fileName,
                                          String signedMimeType, JsNumber ts, JsNumber ttl) {
        return join(id, from, groupId, fileName, signedMimeType, ts.jsString(), ttl.jsString()) + "|";
    }

    /** {@code mimeType} as it enters the signed string: trimmed when a string, else empty. */
    public static String signedMimeType(JsValue mimeType) {
        return mimeType instanceof JsString s ? JsWhitespace.trim(s.value()) : "";
    }

    private static String join(String... fields) {
        return String.join("|", fields);
    }

    private static byte[] withPayload(String header, byte[] payload) {
        byte[] head = WellFormedUtf8.encode(header);
        byte[] all = new byte[head.length + payload.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(payload, 0, all, head.length, payload.length);
        return all;
    }
}
