package org.peerlink.identity;

import java.util.List;

/**
 * The peerId → signing key pins of PROTOCOL.md §3.5, trust on first use. A peerId's key never changes in the real
 * app, so the first successful signal register pins it, and from then on only that key speaks for the peerId: in
 * later registers and in relay writes from it (or, for an ack, to it). Pins are never created by relay traffic:
 * anyone can learn peerIds and would squat them.
 * <p>
 * One instance is shared by the signal service (which {@link #bind}s) and the relay (which {@link #match}es), so
 * that a pin made on one is enforced on the other. Implementations are thread-safe; {@link #match} is called on
 * every signed relay write and must not touch a disk.
 */
public interface IdentityPins {

    /** How often a register with the pinned key is recorded as the pin's latest use: once a day. */
    long TOUCH_INTERVAL_MS = 24L * 60 * 60 * 1000;

    /**
     * How {@code signingKey} stands to the pin of {@code peerId}.
     *
     * @param signingKey the raw public key of a request
     */
    PinMatch match(String peerId, byte[] signingKey);

    /**
     * Pins {@code peerId} to {@code signingKey} unless it is pinned already: the register of PROTOCOL.md §3.5. The
     * pin is durable (as durable as the implementation is) before this returns, so it holds before the client hears
     * its {@code register_ack}. A register with the pinned key is recorded as the pin's latest use, at most once per
     * {@link #TOUCH_INTERVAL_MS}.
     *
     * @return true when {@code peerId} is now pinned to {@code signingKey} (new or already), false when another key
     *         holds it (also when a concurrent bind of another key won)
     */
    boolean bind(String peerId, byte[] signingKey, long nowMs);

    /** Every pin, by peerId. */
    List<IdentityPin> list();

    /**
     * Releases a pin: the next register of {@code peerId}, with any key, pins it anew (an operator's remedy for a
     * user who lost their key).
     *
     * @return whether there was a pin
     */
    boolean release(String peerId);

    /**
     * Releases every pin not used since {@code cutoffMs}.
     *
     * @return how many were released
     */
    int expireUnusedSince(long cutoffMs);
}
