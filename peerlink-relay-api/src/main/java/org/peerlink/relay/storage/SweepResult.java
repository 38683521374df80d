package org.peerlink.relay.storage;

/** How many expired rows one sweep removed, for logs and metrics. */
public record SweepResult(int envelopes, int tombstones, int blobs, int uploadSessions) {
    public int total() {
        return envelopes + tombstones + blobs + uploadSessions;
    }
}
