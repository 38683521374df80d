package org.peerlink.relay.storage;

import java.util.Objects;

/** Identifies a chunked upload session: (id, from, groupId). */
public record UploadKey(String id, String from, String groupId) {
    public UploadKey {
        Objects.requireNonNull(id);
        Objects.requireNonNull(from);
        Objects.requireNonNull(groupId);
    }
}
