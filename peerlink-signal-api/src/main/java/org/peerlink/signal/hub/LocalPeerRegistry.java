package org.peerlink.signal.hub;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import org.peerlink.signal.SignalCaps;

/**
 * The peers of one process, in concurrent maps: lookups from any thread never wait, and the hub's lock orders the
 * mutations. Last-seen times start with what the {@link LastSeenLog} restores and every change is reported to it.
 * <p>
 * Last-seen times are bounded in count and age (finding 7 of issue 13: they grew forever and went out in every
 * {@code peers} answer): the oldest goes when there are more than the bound, and any older than the age goes when
 * the next peer goes offline. A forgotten one is dropped from the log too.
 */
public final class LocalPeerRegistry implements PeerRegistry {

    private final Map<String, PeerConnection> liveByPeer = new ConcurrentHashMap<>();
    private final Map<PeerConnection, String> peerByConnection = new ConcurrentHashMap<>();
    private final Map<String, Long> lastSeenByPeer = new ConcurrentHashMap<>();
    // Views made once: a broadcast asks for the sessions every time and should not allocate for it.
    private final Collection<PeerConnection> sessions = Collections.unmodifiableCollection(liveByPeer.values());
    private final Map<String, Long> lastSeen = Collections.unmodifiableMap(lastSeenByPeer);
    private final LastSeenLog lastSeenLog;
    private final int maxLastSeen;
    private final long maxAgeMs;
    /** The last-seen entries in the order they were made (oldest first), for the bounds; under the hub's lock. */
    private final ArrayDeque<Map.Entry<String, Long>> lastSeenOrder = new ArrayDeque<>();

    /**
     * A registry with the default bounds ({@link SignalCaps#defaults()}) that restores last-seen times from
     * {@code lastSeenLog} ({@link LastSeenLog#NONE}: none); the restored ones are aged from the first peer that goes
     * offline on.
     */
    public LocalPeerRegistry(LastSeenLog lastSeenLog) {
        this(lastSeenLog, SignalCaps.defaults(), Long.MIN_VALUE / 2);
    }

    /**
     * @param caps  the bounds of the last-seen times ({@link SignalCaps#maxLastSeenPeers()},
     *              {@link SignalCaps#lastSeenMaxAge()})
     * @param nowMs the time the restored entries are aged against
     */
    public LocalPeerRegistry(LastSeenLog lastSeenLog, SignalCaps caps, long nowMs) {
        this.lastSeenLog = Objects.requireNonNull(lastSeenLog);
        this.maxLastSeen = caps.maxLastSeenPeers();
        this.maxAgeMs = caps.lastSeenMaxAge().toMillis();
        lastSeenLog.restore().entrySet().stream()
                .sorted(Map.Entry.comparingByValue())
                .forEach(entry -> remember(entry.getKey(), entry.getValue()));
        trim(nowMs);
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
        // its entry in lastSeenOrder stays behind and is skipped when it comes up: removing it would be a scan
        return lastSeenMs;
    }

    @Override
    public String forget(PeerConnection connection) {
        return peerByConnection.remove(connection);
    }

    @Override
    public PeerConnection goOffline(String peerId, long nowMs) {
        PeerConnection gone = liveByPeer.remove(peerId);
        remember(peerId, nowMs);
        lastSeenLog.offline(peerId, nowMs);
        trim(nowMs);
        return gone;
    }

    private void remember(String peerId, long atMs) {
        lastSeenByPeer.put(peerId, atMs);
        lastSeenOrder.addLast(Map.entry(peerId, atMs));
    }

    /** Drops the oldest last-seen times beyond the count, and those older than the age. */
    private void trim(long nowMs) {
        long cutoff = nowMs - maxAgeMs;
        while (!lastSeenOrder.isEmpty()) {
            Map.Entry<String, Long> oldest = lastSeenOrder.peekFirst();
            boolean current = oldest.getValue().equals(lastSeenByPeer.get(oldest.getKey()));
            if (current && lastSeenByPeer.size() <= maxLastSeen && oldest.getValue() >= cutoff) {
                break;
            }
            lastSeenOrder.pollFirst();
            if (current && lastSeenByPeer.remove(oldest.getKey(), oldest.getValue())) {
                lastSeenLog.forget(oldest.getKey());
            }
        }
        // Entries of peers that came back online stay in the order until they reach its head; peers that go on and
        // off often would make it grow, so it is rebuilt from the map once it holds twice as many as that.
        if (lastSeenOrder.size() > 2 * Math.max(lastSeenByPeer.size(), 1024)) {
            lastSeenOrder.clear();
            lastSeenByPeer.entrySet().stream()
                    .sorted(Map.Entry.comparingByValue())
                    .forEach(entry -> lastSeenOrder.addLast(Map.entry(entry.getKey(), entry.getValue())));
        }
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
