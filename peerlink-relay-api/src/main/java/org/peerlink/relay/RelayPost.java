package org.peerlink.relay;

/** The relay's POST endpoints, with the paths the clients call. */
public enum RelayPost {
    PROBE("/relay/probe"),
    STORE("/relay/store"),
    ACK("/relay/ack"),
    GROUP_STORE("/relay/group/store"),
    MEMBERS_UPDATE("/relay/group/members/update"),
    BLOB_UPLOAD("/relay/blob/upload"),
    BLOB_CHUNK("/relay/blob/upload/chunk"),
    BLOB_COMPLETE("/relay/blob/upload/complete");

    private final String path;

    RelayPost(String path) {
        this.path = path;
    }

    public String path() {
        return path;
    }
}
