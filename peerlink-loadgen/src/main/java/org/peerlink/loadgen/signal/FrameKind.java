package org.peerlink.loadgen.signal;

import java.nio.charset.StandardCharsets;

/**
 * What a server frame is, told from its first bytes without parsing: the signal server (ours and the original)
 * writes {@code {"v":"1","id":"<prefix><uuid>","type":...}} for its own frames, and the prefix (PROTOCOL.md §3)
 * names the kind.
 * Error frames may carry the client's id instead, so they are recognised by their type.
 */
public enum FrameKind {
    REGISTER_ACK("srv-ack-"),
    PRESENCE("srv-presence-update-"),
    SIGNAL("srv-signal-"),
    PONG("srv-pong-"),
    PEERS("srv-peers-"),
    ERROR(null),
    OTHER(null);

    private static final byte[] HEAD = "{\"v\":\"1\",\"id\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ERROR_TYPE = "\"type\":\"error\"".getBytes(StandardCharsets.US_ASCII);
    private static final FrameKind[] BY_PREFIX = {REGISTER_ACK, PRESENCE, SIGNAL, PONG, PEERS};

    private final byte[] idPrefix;

    FrameKind(String idPrefix) {
        this.idPrefix = idPrefix == null ? null : idPrefix.getBytes(StandardCharsets.US_ASCII);
    }

    /** The kind of the text frame {@code payload[0 .. length)}. */
    public static FrameKind of(byte[] payload, int length) {
        if (startsWith(payload, length, 0, HEAD)) {
            for (FrameKind kind : BY_PREFIX) {
                if (startsWith(payload, length, HEAD.length, kind.idPrefix)) {
                    return kind;
                }
            }
        }
        return contains(payload, length, ERROR_TYPE) ? ERROR : OTHER;
    }

    private static boolean startsWith(byte[] payload, int length, int at, byte[] prefix) {
        if (at + prefix.length > length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (payload[at + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean contains(byte[] payload, int length, byte[] needle) {
        for (int i = 0; i + needle.length <= length; i++) {
            if (startsWith(payload, length, i, needle)) {
                return true;
            }
        }
        return false;
    }
}
