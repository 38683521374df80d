package org.peerlink.signal;

import java.util.Locale;

/**
 * Every error frame the signal server sends: the wire {@code code} and the exact {@code message} of PROTOCOL.md §3.3.
 * Apps and scripts match on these texts (the app looks for {@code peer_not_connected} in a {@code PEER_NOT_FOUND}
 * message, for instance), so they live here and nowhere else.
 */
public enum SignalError {
    INVALID_JSON(Code.INVALID_JSON, "Invalid JSON format"),
    UNSUPPORTED_VERSION(Code.INVALID_VERSION, "Unsupported protocol version"),

    REGISTER_PAYLOAD_REQUIRED(Code.INVALID_REGISTER, "register payload is required"),
    PEER_ID_REQUIRED(Code.INVALID_REGISTER, "peerId is required"),
    /** Ours: a peerId longer than {@link SignalCaps#maxPeerIdChars()} (the app's are 32 characters). */
    PEER_ID_TOO_LONG(Code.INVALID_REGISTER, "peerId is too long"),

    AUTH_REQUIRED(Code.INVALID_REGISTER_AUTH, "auth is required"),
    UNSUPPORTED_AUTH_SCHEME(Code.INVALID_REGISTER_AUTH, "unsupported auth scheme"),
    AUTH_PEER_ID_MISMATCH(Code.INVALID_REGISTER_AUTH, "auth peerId mismatch"),
    LEGACY_PEER_ID_NOT_STRING(Code.INVALID_REGISTER_AUTH, "legacyPeerId must be string"),
    IDENTITY_PROFILE_NOT_OBJECT(Code.INVALID_REGISTER_AUTH, "identityProfile must be object"),
    /** Ours: an {@code identityProfile} longer than {@link SignalCaps#maxProfileChars()}. */
    IDENTITY_PROFILE_TOO_LARGE(Code.INVALID_REGISTER_AUTH, "identityProfile too large"),
    STABLE_USER_ID_MISMATCH(Code.INVALID_REGISTER_AUTH, "identityProfile stableUserId mismatch"),
    TIMESTAMP_REQUIRED(Code.INVALID_REGISTER_AUTH, "timestampMs is required"),
    NONCE_REQUIRED(Code.INVALID_REGISTER_AUTH, "nonce is required"),
    KEY_AND_SIGNATURE_REQUIRED(Code.INVALID_REGISTER_AUTH, "signingPublicKey and signature are required"),
    TIMESTAMP_OUTSIDE_SKEW(Code.INVALID_REGISTER_AUTH, "timestamp outside allowed skew window"),
    NONCE_ALREADY_USED(Code.INVALID_REGISTER_AUTH, "nonce already used"),
    INVALID_BASE64(Code.INVALID_REGISTER_AUTH, "invalid base64 auth fields"),
    INVALID_KEY_LENGTH(Code.INVALID_REGISTER_AUTH, "invalid signing public key length"),
    INVALID_PUBLIC_KEY(Code.INVALID_REGISTER_AUTH, "invalid public key"),
    SIGNATURE_VERIFICATION_FAILED(Code.INVALID_REGISTER_AUTH, "signature verification failed"),
    /** Identity binding (PROTOCOL.md §3.5): the peerId is pinned to the key of its first register. */
    PEER_BOUND_TO_OTHER_KEY(Code.INVALID_REGISTER_AUTH, "peerId is bound to another key"),

    SIGNAL_BEFORE_REGISTER(Code.NOT_REGISTERED, "Register before sending signals"),
    PING_BEFORE_REGISTER(Code.NOT_REGISTERED, "Register before sending ping"),
    PEERS_BEFORE_REGISTER(Code.NOT_REGISTERED, "Register before peers_request"),

    MISSING_TO(Code.INVALID_SIGNAL, "Missing \"to\" in payload"),
    /** Ours: the original forwards a spoofed {@code from}. */
    FROM_NOT_SENDER(Code.INVALID_SIGNAL, "payload.from must equal the registered peerId"),
    /** {@code %s} is the {@code to} of the signal, as JavaScript renders it in a template literal. */
    PEER_NOT_CONNECTED(Code.PEER_NOT_FOUND, "Peer %s not connected (peer_not_connected)"),
    SESSION_REPLACED(Code.SESSION_REPLACED, "Session replaced by a new authenticated register"),
    /** {@code %s} is the frame's {@code type}, as JavaScript renders it in a template literal. */
    UNKNOWN_TYPE(Code.UNKNOWN_TYPE, "Unknown frame type: %s"),
    /** Ours: {@link SignalLimits} refused the frame; the payload also carries {@code retryAfterMs}. */
    RATE_LIMITED(Code.RATE_LIMITED, "rate limited");

    /** The codes of PROTOCOL.md §3.2, as sent in {@code payload.code}. */
    public enum Code {
        INVALID_JSON, INVALID_VERSION, INVALID_REGISTER, INVALID_REGISTER_AUTH, NOT_REGISTERED,
        INVALID_SIGNAL, PEER_NOT_FOUND, SESSION_REPLACED, UNKNOWN_TYPE,
        /** Ours (issue 13). */
        RATE_LIMITED
    }

    private final Code code;
    private final String message;

    SignalError(Code code, String message) {
        this.code = code;
        this.message = message;
    }

    public Code code() {
        return code;
    }

    /** The message; for the texts with a {@code %s}, {@link #message(String)} fills it in. */
    public String message() {
        return message;
    }

    /** The message with its one variable part. */
    public String message(String value) {
        return String.format(Locale.ROOT, message, value);
    }
}
