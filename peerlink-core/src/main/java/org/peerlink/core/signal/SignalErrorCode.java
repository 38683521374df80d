package org.peerlink.core.signal;

/** The error codes of PROTOCOL.md §3 sent in {@code error} frames. */
public enum SignalErrorCode {
    INVALID_JSON, INVALID_VERSION, INVALID_REGISTER, INVALID_REGISTER_AUTH, NOT_REGISTERED,
    INVALID_SIGNAL, PEER_NOT_FOUND, SESSION_REPLACED, UNKNOWN_TYPE
}
