package org.peerlink.signal.register;

/**
 * Remembers register nonces for a time window, globally (not per peer). A nonce is only consumed by a
 * register that passed every other check, so {@link #seen} and {@link #consume} are separate.
 */
public interface NonceWindow {

    /** True when {@code nonce} was consumed less than the window before {@code nowMs}. */
    boolean seen(String nonce, long nowMs);

    /**
     * Records {@code nonce} as used at {@code nowMs}.
     *
     * @return false when another register consumed it within the window first (a concurrent replay)
     */
    boolean consume(String nonce, long nowMs);
}
