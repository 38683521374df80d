package org.peerlink.signal.register;

import org.peerlink.core.signal.SignalErrorCode;

/** The outcome of checking a register payload. */
public sealed interface RegisterVerdict {

    /** Every check passed and the nonce is consumed. */
    record Accepted(String peerId, CanonicalVersion version) implements RegisterVerdict {
    }

    /** A check failed; {@code code} is {@code INVALID_REGISTER} or {@code INVALID_REGISTER_AUTH}. */
    record Rejected(SignalErrorCode code, String message) implements RegisterVerdict {
    }

    /** Which canonical payload the signature covered. */
    enum CanonicalVersion { V2, V1 }
}
