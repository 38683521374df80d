package org.peerlink.relay.storage.memory;

import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.peerlink.relay.storage.BlobMetadata;
import org.peerlink.relay.storage.BlobWrite;
import org.peerlink.relay.storage.StoredBlob;

/** Downloadable blobs. Not thread-safe: {@link InMemoryRelayStorage}'s lock guards it. */
final class Blobs {

    private record Blob(BlobMetadata metadata, Content content) {
    }

    private final Map<String, Blob> byId = new HashMap<>();

    Optional<StoredBlob> find(String blobId, long nowMs) {
        return unexpired(blobId, nowMs).map(blob -> new StoredBlob(blob.metadata(), blob.content().sizeBytes()));
    }

    /** Keeps an unexpired blob of that id; an expired one not swept yet is absent and replaced. */
    BlobWrite put(BlobMetadata metadata, Content content, long nowMs) {
        if (unexpired(metadata.blobId(), nowMs).isPresent()) {
            return BlobWrite.DUPLICATE;
        }
        byId.put(metadata.blobId(), new Blob(metadata, content));
        return BlobWrite.CREATED;
    }

    /** Whether or not the blob has expired, as H2 does: {@link #find} is where expiry is decided. */
    Optional<InputStream> open(String blobId) {
        return Optional.ofNullable(byId.get(blobId)).map(blob -> blob.content().open());
    }

    /** Bytes of the unexpired blobs. */
    long bytes(long nowMs) {
        return byId.values().stream().filter(blob -> blob.metadata().expiresAtMs() > nowMs)
                .mapToLong(blob -> blob.content().sizeBytes()).sum();
    }

    int sweep(long nowMs) {
        int before = byId.size();
        byId.values().removeIf(blob -> blob.metadata().expiresAtMs() <= nowMs);
        return before - byId.size();
    }

    void clear() {
        byId.clear();
    }

    private Optional<Blob> unexpired(String blobId, long nowMs) {
        return Optional.ofNullable(byId.get(blobId)).filter(blob -> blob.metadata().expiresAtMs() > nowMs);
    }
}
