package org.peerlink.relay.storage;

/**
 * What {@link RelayStorage#putChunk} did.
 *
 * @param accepted    false when the session exists with a different {@code totalChunks} (nothing was written)
 * @param totalChunks the session's chunk count (the existing one when not accepted)
 * @param received    distinct chunk indexes the session holds after the call
 */
public record ChunkWrite(boolean accepted, int totalChunks, int received) {
}
