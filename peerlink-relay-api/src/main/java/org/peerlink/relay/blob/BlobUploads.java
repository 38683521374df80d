package org.peerlink.relay.blob;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

import org.peerlink.core.encoding.WellFormedUtf8;
import org.peerlink.core.json.JsBoolean;
import org.peerlink.core.json.JsNumber;
import org.peerlink.core.json.JsObject;
import org.peerlink.core.json.JsValue;
import org.peerlink.core.relay.RelaySignedBytes;
import org.peerlink.relay.RelaySettings;
import org.peerlink.relay.RelayStatus;
import org.peerlink.relay.group.GroupMembership;
import org.peerlink.relay.request.RawPayload;
import org.peerlink.relay.request.RelayRejection;
import org.peerlink.relay.request.RequestFields;
import org.peerlink.relay.request.RequestSignature;
import org.peerlink.relay.storage.BlobMetadata;
import org.peerlink.relay.storage.BlobWrite;
import org.peerlink.relay.storage.ChunkWrite;
import org.peerlink.relay.storage.RelayStorage;
import org.peerlink.relay.storage.StorageException;
import org.peerlink.relay.storage.UploadKey;
import org.peerlink.relay.storage.UploadSession;

/** Single and chunked blob uploads. */
public final class BlobUploads {

    /**
     * How often completion re-reads a session whose chunks changed while its signature was being checked
     * (a client re-sending a chunk during completion); after that the client is told to retry.
     */
    private static final int COMPLETE_ATTEMPTS = 3;

    private final RelayStorage storage;
    private final RelaySettings settings;
    private final GroupMembership membership;

    public BlobUploads(RelayStorage storage, RelaySettings settings, GroupMembership membership) {
        this.storage = storage;
        this.settings = settings;
        this.membership = membership;
    }

    /** {@code POST /relay/blob/upload}; {@code rawPayload} is the body's payload when it was set aside, else null. */
    public JsObject upload(JsObject body, RawPayload rawPayload, long nowMs) {
        RequestFields fields = new RequestFields(body, rawPayload)
                .require("id", "from", "groupId", "fileName", "ts", "ttl", "payload", "sig", "signingPub");
        Upload upload = Upload.read(fields);
        fields.strings("payload", "sig", "signingPub");
        byte[] payload = fields.base64("payload");
        RequestSignature.of(fields).requireValid(RelaySignedBytes.blobUpload(upload.id, upload.from,
                upload.groupId, upload.fileName, upload.signedMimeType(), upload.ts, upload.ttl, payload));
        membership.requireUploader(upload.groupId, upload.from);

        BlobWrite write = storage.putBlob(upload.metadata(nowMs, settings), payload, nowMs);
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
        int totalChunks = ChunkRange.totalChunks(body.get("totalChunks"));
        int chunkIndex = ChunkRange.chunkIndex(body.get("chunkIndex"), totalChunks);
        fields.string("payload");
        byte[] payload = fields.base64("payload");
        membership.requireUploader(upload.groupId, upload.from);

        long sessionExpiresAt = Math.addExact(nowMs, settings.uploadSessionTtl().toMillis());
        ChunkWrite write = storage.putChunk(upload.key(), chunkIndex, totalChunks, payload, nowMs, sessionExpiresAt);
        if (!write.accepted()) {
            throw RelayRejection.of(RelayStatus.CONFLICT, "totalChunks mismatch");
        }
        return JsObject.builder()
                .put("ok", JsBoolean.TRUE)
                .put("id", upload.id)
                .put("chunkIndex", JsNumber.of(chunkIndex))
                .put("totalChunks", JsNumber.of(write.totalChunks()))
                .put("received", JsNumber.of(write.received()))
                .build();
    }

    /** {@code POST /relay/blob/upload/complete}: verifies the signature over the stored chunks, streamed. */
    public JsObject complete(JsObject body, long nowMs) {
        RequestFields fields = new RequestFields(body).require(
                "id", "from", "groupId", "fileName", "ts", "ttl", "totalChunks", "sig", "signingPub");
        Upload upload = Upload.read(fields);
        int totalChunks = ChunkRange.totalChunks(body.get("totalChunks"));
        fields.strings("sig", "signingPub");
        RequestSignature signature = RequestSignature.of(fields);
        byte[] signedHead = WellFormedUtf8.encode(RelaySignedBytes.blobUploadHeader(upload.id, upload.from,
                upload.groupId, upload.fileName, upload.signedMimeType(), upload.ts, upload.ttl));

        for (int attempt = 0; attempt < COMPLETE_ATTEMPTS; attempt++) {
            UploadSession session = storage.upload(upload.key(), nowMs)
                    .orElseThrow(() -> RelayRejection.of(RelayStatus.NOT_FOUND, "upload session not found"));
            if (session.totalChunks() != totalChunks) {
                throw RelayRejection.of(RelayStatus.CONFLICT, "totalChunks mismatch");
            }
            if (session.received() < totalChunks) {
                throw RelayRejection.withBody(RelayStatus.CONFLICT, JsObject.builder()
                        .put("error", "missing chunks")
                        .put("expected", JsNumber.of(totalChunks))
                        .put("received", JsNumber.of(session.received()))
                        .build());
            }
            try (InputStream bytes = storage.openUpload(session)) {
                signature.requireValid(signedHead, bytes);
            } catch (IOException e) {
                if (sessionUnchanged(upload.key(), session, nowMs)) {
                    throw new StorageException("reading upload " + upload.id + " failed", e);
                }
                continue; // completed or swept meanwhile: the next pass answers from what is there now
            }
            membership.requireUploader(upload.groupId, upload.from);

            BlobWrite write = storage.completeUpload(session, upload.metadata(nowMs, settings), nowMs);
            if (write != BlobWrite.SESSION_CHANGED) {
                return uploaded(upload.id, write == BlobWrite.DUPLICATE);
            }
        }
        throw RelayRejection.of(RelayStatus.CONFLICT, "upload changed during completion");
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
            String id = fields.name("id");
            String from = fields.name("from");
            String groupId = fields.name("groupId");
            String fileName = fields.name("fileName");
            JsNumber ts = fields.number("ts");
            JsNumber ttl = fields.number("ttl");
            return new Upload(id, from, groupId, fileName, ts, ttl, fields.optionalString("mimeType"));
        }

        String signedMimeType() {
            return RelaySignedBytes.signedMimeType(mimeType);
        }

        UploadKey key() {
            return new UploadKey(id, from, groupId);
        }

        BlobMetadata metadata(long nowMs, RelaySettings settings) {
            return new BlobMetadata(id, groupId, fileName, signedMimeType(), from,
                    BlobExpiry.expiresAtMs(nowMs, ttl, settings.maxBlobTtl()));
        }
    }
}
