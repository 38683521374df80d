package org.peerlink.signal;

import java.time.Duration;
import java.util.Optional;

/**
 * Where a rate limiter plugs into the signal service. A refusal is answered with an error frame
 * {@code RATE_LIMITED} "rate limited" carrying {@code retryAfterMs}; the connection lives. Implementations are
 * called from many connections' threads at once and must be thread-safe and quick.
 */
public interface SignalLimits {

    /** No limits (the default). */
    SignalLimits NONE = new SignalLimits() {
    };

    /**
     * Whether a register from {@code address} may be looked at, before its signature is verified (a refused one
     * costs no verification).
     *
     * @param address the client's address, empty when unknown
     * @return empty to go ahead, else how long the client should wait
     */
    default Optional<Duration> admitRegister(String address) {
        return Optional.empty();
    }

    /**
     * Whether a register whose signature was verified (and whose peerId is now pinned to its key) may go ahead for
     * its peerId. Asked only once it is verified, so that nobody but the key's holder spends the peerId's allowance:
     * anyone can send a register naming any peerId or key.
     *
     * @return empty to go ahead, else how long the client should wait
     */
    default Optional<Duration> admitVerifiedPeer(String peerId) {
        return Optional.empty();
    }

    /** The limit on the messages of one connection, made when it opens. */
    default FrameLimit frames(String address) {
        return FrameLimit.NONE;
    }

    /** The message rate of one connection. */
    @FunctionalInterface
    interface FrameLimit {

        FrameLimit NONE = () -> Optional.empty();

        /** @return empty to handle the next message, else how long the client should wait */
        Optional<Duration> admit();
    }
}
