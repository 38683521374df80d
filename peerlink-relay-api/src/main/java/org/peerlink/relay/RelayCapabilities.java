package org.peerlink.relay;

import java.util.List;

import org.peerlink.core.json.JsArray;
import org.peerlink.core.json.JsBoolean;
import org.peerlink.core.json.JsNull;
import org.peerlink.core.json.JsNumber;
import org.peerlink.core.json.JsObject;
import org.peerlink.core.json.JsString;
import org.peerlink.core.json.JsValue;
import org.peerlink.relay.blob.ChunkRange;
import org.peerlink.relay.message.FetchLimit;
import org.peerlink.relay.request.RelayRejection;

/** {@code GET /relay/capabilities} and {@code POST /relay/probe}: what a client may rely on. */
final class RelayCapabilities {

    static final String SERVICE = "peerlink-relay";
    static final String PROTOCOL_VERSION = "1";

    private final RelaySettings settings;

    RelayCapabilities(RelaySettings settings) {
        this.settings = settings;
    }

    /**
     * Exactly the keys and names of PROTOCOL.md §2.2 (clients look features up by these names), plus our
     * {@code limits}.
     */
    JsObject capabilities(long nowMs) {
        return JsObject.builder()
                .put("ok", JsBoolean.TRUE)
                .put("service", SERVICE)
                .put("protocolVersion", PROTOCOL_VERSION)
                .put("features", allTrue("health", "probe", "store", "fetch", "ack", "groupStore", "groupMembersUpdate",
                        "blobUpload", "blobChunkUpload", "blobDownload"))
                .put("auth", allTrue("storeRequiresEd25519Signature", "ackRequiresEd25519Signature",
                        "groupStoreRequiresEd25519Signature", "groupMembersUpdateRequiresEd25519Signature",
                        "blobUploadRequiresEd25519Signature", "blobUploadCompleteRequiresEd25519Signature"))
                .put("query", JsObject.builder()
                        .put("fetchRecipientParam", "to")
                        .put("fetchCursorParam", "cursor")
                        .put("fetchLimitParam", "limit")
                        .build())
                .put("limits", JsObject.builder()
                        .put("maxBodyBytes", JsNumber.of(settings.maxBodyBytes()))
                        .put("maxChunks", JsNumber.of(ChunkRange.MAX_CHUNKS))
                        .put("fetchLimitDefault", JsNumber.of(FetchLimit.DEFAULT))
                        .put("fetchLimitMax", JsNumber.of(FetchLimit.MAX))
                        .put("messageRetentionSeconds", JsNumber.of(settings.messageRetention().toSeconds()))
                        .build())
                .put("ts", JsNumber.of(nowMs))
                .build();
    }

    private static JsObject allTrue(String... keys) {
        JsObject.Builder object = JsObject.builder();
        for (String key : keys) {
            object.put(key, JsBoolean.TRUE);
        }
        return object.build();
    }

    /**
     * The app's server check. A {@code v} other than {@code "1"} is refused; {@code null} counts as absent.
     *
     * @throws RelayRejection 400 {@code unsupported protocol version} with the supported versions
     */
    JsObject probe(JsObject body, long nowMs) {
        JsValue v = body.get("v");
        if (v != null && !(v instanceof JsNull)
                && !(v instanceof JsString s && s.value().equals(PROTOCOL_VERSION))) {
            throw RelayRejection.of(RelayError.UNSUPPORTED_VERSION,
                    "supported", JsArray.ofStrings(List.of(PROTOCOL_VERSION)));
        }
        return JsObject.builder()
                .put("ok", JsBoolean.TRUE)
                .put("service", SERVICE)
                .put("protocolVersion", PROTOCOL_VERSION)
                .put("ts", JsNumber.of(nowMs))
                .build();
    }
}
