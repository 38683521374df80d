package org.peerlink.signal.hub;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The peers of one process, in concurrent maps: lookups from any thread never wait, and the hub's lock orders the
 * mutations. Last-seen times start with what the {@link LastSeenLog} restores and every change is reported to it.
 */
public final class LocalPeerRegistry implements PeerRegistry {

    private final Map<String, PeerConnection> liveByPeer = new ConcurrentHashMap<>();
    private final Map<PeerConnection, String> peerByConnection = new ConcurrentHashMap<>();
    private final Map<String, Long> lastSeenByPeer = new ConcurrentHashMap<>();
    // Views made once: a broadcast asks for the sessions every time and should not allocate for it.
    private final Collection<PeerConnection> sessions = Collections.unmodifiableCollection(liveByPeer.values());
    private final Map<String, Long> lastSeen = Collections.unmodifiableMap(lastSeenByPeer);
    private final LastSeenLog lastSeenLog;

    /** A registry that restores last-seen times from {@code lastSeenLog} ({@link LastSeenLog#NONE}: none). */
    public LocalPeerRegistry(LastSeenLog lastSeenLog) {
        this.lastSeenLog = Objects.requireNonNull(lastSeenLog);
        lastSeenByPeer.putAll(lastSeenLog.restore());
    }

    @Override
    public String peerOf(PeerConnection connection) {
        return peerByConnection.get(connection);
    }

    @Override
    public PeerConnection sessionOf(String peerId) {
        return liveByPeer.get(peerId);
    }

    @Override
    public Long bind(String peerId, PeerConnection connection) {
        liveByPeer.put(peerId, connection);
        peerByConnection.put(connection, peerId);
        Long lastSeenMs = lastSeenByPeer.remove(peerId);
        lastSeenLog.online(peerId);
        return lastSeenMs;
    }

    @Override
    public String forget(PeerConnection connection) {
        return peerByConnection.remove(connection);
    }

    @Override
    public PeerConnection goOffline(String peerId, long nowMs) {
        PeerConnection gone = liveByPeer.remove(peerId);
        lastSeenByPeer.put(peerId, nowMs);
        lastSeenLog.offline(peerId, nowMs);
        return gone;
    }

    @Override
    public Collection<PeerConnection> sessions() {
        return sessions;
    }

    @Override
    public List<String> onlinePeers() {
        return List.copyOf(liveByPeer.keySet());
    }

    @Override
    public Map<String, Long> lastSeen() {
        return lastSeen;
    }
}
