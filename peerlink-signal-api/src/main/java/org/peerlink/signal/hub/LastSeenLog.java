package org.peerlink.signal.hub;

import java.util.Map;

/**
 * Where the hub keeps last-seen times beyond its own memory, so that {@code peers} still reports them after a
 * restart. The hub calls it while holding its registry lock, so implementations must not block on I/O there.
 */
public interface LastSeenLog {

    /** Keeps nothing: last-seen times live as long as the process. */
    LastSeenLog NONE = new LastSeenLog() {
        @Override
        public Map<String, Long> restore() {
            return Map.of();
        }

        @Override
        public void offline(String peerId, long lastSeenMs) {
        }

        @Override
        public void online(String peerId) {
        }
    };

    /** The times recorded by earlier runs, read once when the hub starts. */
    Map<String, Long> restore();

    /** {@code peerId} went offline at {@code lastSeenMs}. */
    void offline(String peerId, long lastSeenMs);

    /** {@code peerId} is online again; its last-seen time is void. */
    void online(String peerId);

    /**
     * The hub no longer keeps {@code peerId}'s last-seen time (it was the oldest beyond the bound, or too old): the
     * log need not either. By default as if the peer came online, which drops its time.
     */
    default void forget(String peerId) {
        online(peerId);
    }
}
