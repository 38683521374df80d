package org.peerlink.signal.register;

import org.peerlink.signal.SignalError;

/** The outcome of checking a register payload. */
public sealed interface RegisterVerdict {

    /** Every check passed and the nonce is consumed. */
    record Accepted(String peerId, CanonicalVersion version) implements RegisterVerdict {
    }

    /** A check failed; its error's code is {@code INVALID_REGISTER} or {@code INVALID_REGISTER_AUTH}. */
    record Rejected(SignalError error) implements RegisterVerdict {
    }

    /** Which canonical payload the signature covered. */
    enum CanonicalVersion { V2, V1 }
}
