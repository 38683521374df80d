package org.peerlink.signal.register;

/**
 * Remembers register nonces for a time window, keyed by (signing key, nonce): the app uses the current time in
 * microseconds as its nonce, so two devices reconnecting at the same moment must not refuse each other, while the
 * same key presenting the same nonce again is a replay (PROTOCOL.md §3.1). The window is global, not per peer. A
 * nonce is only consumed by a register that passed every other check, so {@link #seen} and {@link #consume} are
 * separate.
 */
public interface NonceWindow {

    /** True when {@code nonce} was consumed with {@code signingKey} less than the window before {@code nowMs}. */
    boolean seen(byte[] signingKey, String nonce, long nowMs);

    /**
     * Records {@code nonce} as used with {@code signingKey} at {@code nowMs}.
     *
     * @return false when another register consumed it within the window first (a concurrent replay)
     */
    boolean consume(byte[] signingKey, String nonce, long nowMs);
}
