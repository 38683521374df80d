package org.peerlink.relay.storage;

import java.util.Objects;

/**
 * What the relay keeps about a blob besides its bytes.
 *
 * @param blobId      the blob id (global)
 * @param groupId     the group it was uploaded for
 * @param fileName    as uploaded
 * @param mimeType    the mime type as uploaded (untrimmed), null when the upload had none
 * @param uploaderId  the {@code from} of the upload
 * @param expiresAtMs when it stops being downloadable (epoch ms)
 */
public record BlobMetadata(String blobId, String groupId, String fileName, String mimeType, String uploaderId,
                           long expiresAtMs) {
    public BlobMetadata {
        Objects.requireNonNull(blobId);
        Objects.requireNonNull(groupId);
        Objects.requireNonNull(fileName);
        Objects.requireNonNull(uploaderId);
    }
}
