package org.peerlink.signal;

/** The close frames the signal server sends on its own initiative: code and exact reason. */
public enum SignalClose {
    /** After the {@link SignalError#SESSION_REPLACED} error frame (PROTOCOL.md §3.1). */
    SESSION_REPLACED(4001, "Session replaced"),
    /** A receiver that fell {@code 1024} frames behind (ours: the original buffers without end). */
    SEND_QUEUE_OVERFLOW(1013, "send queue overflow"),
    /** Ours: more connections from the client's address than {@link SignalCaps#maxConnectionsPerAddress()}. */
    TOO_MANY_CONNECTIONS(1013, "too many connections"),
    /** Ours: no successful register within {@link SignalCaps#registerDeadline()} of the connection opening. */
    REGISTER_DEADLINE(1008, "register deadline"),
    /**
     * Ours: the server is shutting down (SIGTERM); the app reconnects, through HAProxy to a server that is up or to
     * this one once it is back.
     */
    SERVICE_RESTART(1012, "service restart");

    private final int code;
    private final String reason;

    SignalClose(int code, String reason) {
        this.code = code;
        this.reason = reason;
    }

    public int code() {
        return code;
    }

    public String reason() {
        return reason;
    }
}
