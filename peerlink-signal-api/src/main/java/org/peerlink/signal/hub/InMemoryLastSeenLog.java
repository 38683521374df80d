package org.peerlink.signal.hub;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Last-seen times in memory: a hub started again on the same log (an embedding that restarts its hub, a test)
 * restores them, but nothing outlives the process. {@link LastSeenLog#NONE} is for keeping nothing at all.
 */
public final class InMemoryLastSeenLog implements LastSeenLog {

    /** Peers that are offline → when they went offline; a peer online again has no entry. */
    private final Map<String, Long> lastSeenMs = new ConcurrentHashMap<>();

    @Override
    public Map<String, Long> restore() {
        return Map.copyOf(lastSeenMs);
    }

    @Override
    public void offline(String peerId, long lastSeenMs) {
        this.lastSeenMs.put(peerId, lastSeenMs);
    }

    @Override
    public void online(String peerId) {
        lastSeenMs.remove(peerId);
    }
}
