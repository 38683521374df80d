package org.peerlink.relay.storage;

/**
 * What one sender's unfinished chunked uploads hold.
 *
 * @param sessions unexpired upload sessions whose {@link UploadKey#from()} is the sender
 * @param bytes    bytes of their chunks, together
 */
public record UploadUsage(int sessions, long bytes) {

    public static final UploadUsage NONE = new UploadUsage(0, 0);
}
