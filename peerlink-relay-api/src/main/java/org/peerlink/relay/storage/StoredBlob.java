package org.peerlink.relay.storage;

/**
 * A blob that can be downloaded.
 *
 * @param metadata  what was uploaded with it
 * @param sizeBytes its length
 */
public record StoredBlob(BlobMetadata metadata, long sizeBytes) {
}
