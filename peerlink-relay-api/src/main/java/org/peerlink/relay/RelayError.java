package org.peerlink.relay;

import java.util.Locale;

import org.peerlink.core.json.JsObject;
import org.peerlink.core.json.JsonWriter;

/**
 * Every error the relay answers, with its status and the exact {@code error} text of PROTOCOL.md §2.3. Clients and
 * scripts match on these texts, so they live here and nowhere else; the ones marked "ours" answer what the original
 * does not check.
 */
public enum RelayError {
    INVALID_BODY(RelayStatus.BAD_REQUEST, "invalid body"),
    /** {@code %s} is the first missing required key. */
    MISSING_KEY(RelayStatus.BAD_REQUEST, "missing %s"),
    INVALID_ID_FROM_TO(RelayStatus.BAD_REQUEST, "invalid id/from/to"),
    INVALID_ID_FROM_GROUP(RelayStatus.BAD_REQUEST, "invalid id/from/groupId"),
    INVALID_ID_FROM_GROUP_OWNER(RelayStatus.BAD_REQUEST, "invalid id/from/groupId/ownerPeerId"),
    INVALID_ID_FROM_GROUP_FILE(RelayStatus.BAD_REQUEST, "invalid id/from/groupId/fileName"),
    INVALID_TS_TTL(RelayStatus.BAD_REQUEST, "invalid ts/ttl"),
    INVALID_TS(RelayStatus.BAD_REQUEST, "invalid ts"),
    INVALID_RECIPIENTS(RelayStatus.BAD_REQUEST, "invalid recipients"),
    EMPTY_RECIPIENTS(RelayStatus.BAD_REQUEST, "empty recipients"),
    EMPTY_MEMBERS(RelayStatus.BAD_REQUEST, "empty memberPeerIds"),
    /** Ours: more than {@link RelayCaps#maxRecipients()} recipients; the body also carries {@code limit}. */
    TOO_MANY_RECIPIENTS(RelayStatus.BAD_REQUEST, "too many recipients"),
    /** Ours: more than {@link RelayCaps#maxMembers()} members; the body also carries {@code limit}. */
    TOO_MANY_MEMBERS(RelayStatus.BAD_REQUEST, "too many memberPeerIds"),
    /** Ours: a member id longer than the relay stores. */
    INVALID_MEMBERS(RelayStatus.BAD_REQUEST, "invalid memberPeerIds"),
    OWNER_NOT_MEMBER(RelayStatus.BAD_REQUEST, "owner must be in memberPeerIds"),
    INVALID_PAYLOAD(RelayStatus.BAD_REQUEST, "invalid payload encoding"),
    /** Ours: the original answers a {@code sig}/{@code signingPub} that is no base64 string with a 401. */
    INVALID_SIGNATURE_FIELDS(RelayStatus.BAD_REQUEST, "invalid sig/signingPub"),
    /** Ours: the original ignores a {@code mimeType} that is not a string. */
    INVALID_MIME_TYPE(RelayStatus.BAD_REQUEST, "invalid mimeType"),
    INVALID_CHUNK_NUMBERS(RelayStatus.BAD_REQUEST, "invalid chunkIndex/totalChunks"),
    CHUNK_RANGE_INVALID(RelayStatus.BAD_REQUEST, "chunk range invalid"),
    INVALID_TOTAL_CHUNKS(RelayStatus.BAD_REQUEST, "invalid totalChunks"),
    MISSING_TO(RelayStatus.BAD_REQUEST, "missing to"),
    UNSUPPORTED_VERSION(RelayStatus.BAD_REQUEST, "unsupported protocol version"),
    INVALID_SIGNATURE(RelayStatus.UNAUTHORIZED, "invalid signature"),
    SENDER_NOT_MEMBER(RelayStatus.FORBIDDEN, "sender is not a group member"),
    RECIPIENT_NOT_MEMBER(RelayStatus.FORBIDDEN, "recipient is not a group member"),
    ONLY_OWNER(RelayStatus.FORBIDDEN, "only owner can update members"),
    /** Identity binding (PROTOCOL.md §3.5): only the recipient acks. */
    ACK_NOT_FROM_RECIPIENT(RelayStatus.FORBIDDEN, "ack must come from the recipient"),
    BLOB_NOT_FOUND(RelayStatus.NOT_FOUND, "blob not found"),
    UPLOAD_NOT_FOUND(RelayStatus.NOT_FOUND, "upload session not found"),
    NOT_FOUND(RelayStatus.NOT_FOUND, "not found"),
    METHOD_NOT_ALLOWED(RelayStatus.METHOD_NOT_ALLOWED, "method not allowed"),
    OWNER_MISMATCH(RelayStatus.CONFLICT, "owner mismatch"),
    TOTAL_CHUNKS_MISMATCH(RelayStatus.CONFLICT, "totalChunks mismatch"),
    MISSING_CHUNKS(RelayStatus.CONFLICT, "missing chunks"),
    /** Ours: a chunk was re-sent while a completion verified the chunks, three times in a row. */
    UPLOAD_CHANGED(RelayStatus.CONFLICT, "upload changed during completion"),
    PAYLOAD_TOO_LARGE(RelayStatus.PAYLOAD_TOO_LARGE, "payload too large"),
    /** Ours: over {@link RelayCaps#maxEnvelopeChars()}; the body also carries {@code limit}. */
    ENVELOPE_TOO_LARGE(RelayStatus.PAYLOAD_TOO_LARGE, "envelope too large"),
    /** Ours: over {@link RelayCaps#maxFanOutChars()}; the body also carries {@code limit}. */
    FAN_OUT_TOO_LARGE(RelayStatus.PAYLOAD_TOO_LARGE, "fan-out too large"),
    /** Ours: {@link RelayLimits} refused the request; the body also carries {@code retryAfterSeconds}. */
    RATE_LIMITED(RelayStatus.TOO_MANY_REQUESTS, "rate limited"),
    /**
     * Ours: the disk is below the free-space watermark, or the request would take a queue or a sender's uploads
     * over a {@link RelayQuotas quota}; then the body also carries {@code quota} (its name) and {@code limit}.
     * Nothing was written; reads go on being served.
     */
    INSUFFICIENT_STORAGE(RelayStatus.INSUFFICIENT_STORAGE, "insufficient storage"),
    /**
     * Ours: the client address has {@link RelayCaps#maxRequestsPerAddress()} requests in progress already; the body
     * also carries {@code limit}.
     */
    TOO_MANY_REQUESTS(RelayStatus.TOO_MANY_REQUESTS, "too many requests in progress"),
    /** Ours: a fault of the server, never of the request. */
    INTERNAL_ERROR(RelayStatus.INTERNAL_ERROR, "internal error"),
    /** Ours: the store's write queue is full (nothing was done); the client may send the request again. */
    SERVER_BUSY(RelayStatus.SERVICE_UNAVAILABLE, "server busy");

    private final RelayStatus status;
    private final String message;

    RelayError(RelayStatus status, String message) {
        this.status = status;
        this.message = message;
    }

    public RelayStatus status() {
        return status;
    }

    /** The {@code error} text; for the texts with a {@code %s}, {@link #message(String)} fills it in. */
    public String message() {
        return message;
    }

    public String message(String value) {
        return String.format(Locale.ROOT, message, value);
    }

    /** {@code {"error":"<message>"}}, for a transport that answers this error itself (an unknown route, a 413). */
    public String json() {
        return JsonWriter.stringify(JsObject.builder().put("error", message).build());
    }
}
