package org.peerlink.relay.storage;

/**
 * A chunked upload in progress.
 *
 * @param key         the session key
 * @param totalChunks chunk count fixed by the first chunk
 * @param received    distinct chunk indexes held
 * @param sizeBytes   total bytes over the chunks held
 * @param revision    changes whenever a chunk is written and is never handed out twice by a store, not even to a
 *                    session started again under the same key after it expired, so a completion can tell that the
 *                    bytes it verified are still the ones it materialises
 * @param file        the file name and mime type fixed by the first chunk; null for a session begun by a build that
 *                    did not record them
 */
public record UploadSession(UploadKey key, int totalChunks, int received, long sizeBytes, long revision,
                            UploadFile file) {
}
