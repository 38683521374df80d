package org.peerlink.relay.blob;

import java.io.IOException;
import java.io.InputStream;

import org.peerlink.core.encoding.WellFormedUtf8;
import org.peerlink.core.json.JsBoolean;
import org.peerlink.core.json.JsNumber;
import org.peerlink.core.json.JsObject;
import org.peerlink.core.json.JsString;
import org.peerlink.core.json.JsValue;
import org.peerlink.core.relay.RelaySignedBytes;
import org.peerlink.identity.IdentityPins;
import org.peerlink.relay.RelayError;
import org.peerlink.relay.RelaySettings;
import org.peerlink.relay.quota.UploadQuota;
import org.peerlink.relay.request.RawPayload;
import org.peerlink.relay.request.RelayRejection;
import org.peerlink.relay.request.RequestFields;
import org.peerlink.relay.request.RequestSignature;
import org.peerlink.relay.storage.BlobMetadata;
import org.peerlink.relay.storage.BlobWrite;
import org.peerlink.relay.storage.ChunkWrite;
import org.peerlink.relay.storage.RelayStorage;
import org.peerlink.relay.storage.StorageException;
import org.peerlink.relay.storage.UploadFile;
import org.peerlink.relay.storage.UploadKey;
import org.peerlink.relay.storage.UploadSession;

/**
 * Single and chunked blob uploads. Group membership is not checked for any of them (PROTOCOL.md §2.2, "Membership",
 * and {@link org.peerlink.relay.group.GroupMembership}).
 */
public final class BlobUploads {

    /**
     * How often completion re-reads a session whose chunks changed while its signature was being checked
     * (a client re-sending a chunk during completion); after that the client is told to retry.
     */
    private static final int COMPLETE_ATTEMPTS = 3;

    private final RelayStorage storage;
    private final RelaySettings settings;
    private final IdentityPins pins;
    private final UploadQuota quota;

    public BlobUploads(RelayStorage storage, RelaySettings settings, IdentityPins pins, UploadQuota quota) {
        this.quota = quota;
        this.pins = pins;
        this.storage = storage;
        this.settings = settings;
    }

    /** {@code POST /relay/blob/upload}; {@code rawPayload} is the body's payload when it was set aside, else null. */
    public JsObject upload(JsObject body, RawPayload rawPayload, long nowMs) {
        RequestFields fields = new RequestFields(body, rawPayload)
                .require("id", "from", "groupId", "fileName", "ts", "ttl", "payload", "sig", "signingPub");
        Upload upload = Upload.read(fields);
        byte[] payload = fields.payload();
        RequestSignature.of(fields).requireKeyOf(pins, upload.from).requireValid(RelaySignedBytes.blobUpload(
                upload.id, upload.from, upload.groupId, upload.fileName, upload.signedMimeType(), upload.ts, upload.ttl,
                payload));

        BlobWrite write = storage.putBlob(upload.metadata(upload.file(), nowMs, settings), payload, nowMs);
        return uploaded(upload.id, write == BlobWrite.DUPLICATE);
    }

    /**
     * {@code POST /relay/blob/upload/chunk}: unsigned; the completion's signature covers every chunk.
     * {@code rawPayload} is the body's payload when it was set aside, else null.
     */
    public JsObject chunk(JsObject body, RawPayload rawPayload, long nowMs) {
        RequestFields fields = new RequestFields(body, rawPayload).require(
                "id", "from", "groupId", "fileName", "ts", "ttl", "chunkIndex", "totalChunks", "payload");
        Upload upload = Upload.read(fields);
        ChunkRange.Position position = ChunkRange.chunk(fields.get("chunkIndex"), fields.get("totalChunks"));
        byte[] payload = fields.payload();

        quota.requireRoom(upload.key(), payload.length, nowMs);
        long sessionExpiresAt = Math.addExact(nowMs, settings.uploadSessionTtl().toMillis());
        ChunkWrite write = storage.putChunk(upload.key(), upload.file(), position.index(), position.total(), payload,
                nowMs, sessionExpiresAt);
        if (!write.accepted()) {
            throw RelayRejection.of(RelayError.TOTAL_CHUNKS_MISMATCH);
        }
        return JsObject.builder()
                .put("ok", JsBoolean.TRUE)
                .put("id", upload.id)
                .put("chunkIndex", JsNumber.of(position.index()))
                .put("totalChunks", JsNumber.of(write.totalChunks()))
                .put("received", JsNumber.of(write.received()))
                .build();
    }

    /**
     * {@code POST /relay/blob/upload/complete}: verifies the signature over the stored chunks, streamed. The blob gets
     * the file name and mime type the session's first chunk brought.
     */
    public JsObject complete(JsObject body, long nowMs) {
        RequestFields fields = new RequestFields(body).require(
                "id", "from", "groupId", "fileName", "ts", "ttl", "totalChunks", "sig", "signingPub");
        Upload upload = Upload.read(fields);
        int totalChunks = ChunkRange.totalChunks(fields.get("totalChunks"));
        byte[] signedHead = WellFormedUtf8.encode(RelaySignedBytes.blobUploadHeader(upload.id, upload.from,
                upload.groupId, upload.fileName, upload.signedMimeType(), upload.ts, upload.ttl));

        for (int attempt = 0; attempt < COMPLETE_ATTEMPTS; attempt++) {
            UploadSession session = storage.upload(upload.key(), nowMs)
                    .orElseThrow(() -> RelayRejection.of(RelayError.UPLOAD_NOT_FOUND));
            // As the original: the chunks held must be as many as the completion names, more or fewer
            if (session.received() != totalChunks) {
                throw RelayRejection.withBody(RelayError.MISSING_CHUNKS, RelayRejection.body(RelayError.MISSING_CHUNKS)
                        .put("expected", JsNumber.of(totalChunks))
                        .put("received", JsNumber.of(session.received())));
            }
            // Ours: as many, but not the session's 0..n-1 (the original would store a blob of whichever they are)
            if (session.totalChunks() != totalChunks) {
                throw RelayRejection.of(RelayError.TOTAL_CHUNKS_MISMATCH);
            }
            RequestSignature signature = RequestSignature.of(fields).requireKeyOf(pins, upload.from);
            try (InputStream bytes = storage.openUpload(session)) {
                signature.requireValid(signedHead, bytes);
            } catch (IOException e) {
                if (sessionUnchanged(upload.key(), session, nowMs)) {
                    throw new StorageException("reading upload " + upload.id + " failed", e);
                }
                continue; // completed or swept meanwhile: the next pass answers from what is there now
            }
            BlobWrite write = storage.completeUpload(session,
                    upload.metadata(session.file() != null ? session.file() : upload.file(), nowMs, settings), nowMs);
            if (write != BlobWrite.SESSION_CHANGED) {
                return uploaded(upload.id, write == BlobWrite.DUPLICATE);
            }
        }
        throw RelayRejection.of(RelayError.UPLOAD_CHANGED);
    }

    private boolean sessionUnchanged(UploadKey key, UploadSession read, long nowMs) {
        return storage.upload(key, nowMs).map(UploadSession::revision).filter(r -> r == read.revision()).isPresent();
    }

    private static JsObject uploaded(String blobId, boolean duplicate) {
        return JsObject.builder()
                .put("ok", JsBoolean.TRUE)
                .put("blobId", blobId)
                .put("duplicate", JsBoolean.of(duplicate))
                .build();
    }

    /** The fields every upload request carries, checked in the contract's order. */
    private record Upload(String id, String from, String groupId, String fileName, JsNumber ts, JsNumber ttl,
                          JsValue mimeType) {

        static Upload read(RequestFields fields) {
            fields.requireNames(RelayError.INVALID_ID_FROM_GROUP_FILE, "id", "from", "groupId", "fileName");
            JsNumber ts = fields.number("ts", RelayError.INVALID_TS_TTL);
            JsNumber ttl = fields.number("ttl", RelayError.INVALID_TS_TTL);
            return new Upload(fields.text("id"), fields.text("from"), fields.text("groupId"), fields.text("fileName"),
                    ts, ttl, fields.mimeType());
        }

        String signedMimeType() {
            return RelaySignedBytes.signedMimeType(mimeType);
        }

        UploadKey key() {
            return new UploadKey(id, from, groupId);
        }

        /** The file as this request describes it: the mime type as sent, null when absent or null. */
        UploadFile file() {
            return new UploadFile(fileName, mimeType instanceof JsString s ? s.value() : null);
        }

        BlobMetadata metadata(UploadFile file, long nowMs, RelaySettings settings) {
            return new BlobMetadata(id, groupId, file.fileName(), file.mimeType(), from,
                    BlobExpiry.expiresAtMs(nowMs, ttl, settings.maxBlobTtl()));
        }
    }
}
