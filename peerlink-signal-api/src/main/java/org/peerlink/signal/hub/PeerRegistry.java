package org.peerlink.signal.hub;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Who is online where: the live session of each peerId, the peerId each connection registered, and when the peers
 * that went offline were last seen. The {@link SignalHub} holds the protocol rules (ordering, takeover, which frames
 * go out) and keeps its state here: {@link LocalPeerRegistry} keeps it in the process, a cluster implementation
 * could share it between nodes.
 *
 * <p>Threading: the mutations ({@link #bind}, {@link #forget}, {@link #goOffline}) are called while the hub holds its
 * registry lock, one at a time, because the order of presence changes is a protocol rule the hub keeps; they must
 * not block on I/O. The lookups are called from any thread, also without that lock and concurrently with a
 * mutation (a signal is forwarded while someone registers), and must not wait for one to finish. A registry
 * belongs to one hub: two hubs would not serialise their mutations against each other.
 */
public interface PeerRegistry {

    /** The peerId {@code connection} holds; null when it registered nothing or no longer holds one. */
    String peerOf(PeerConnection connection);

    /** The live session of {@code peerId}; null when the peer is not online. */
    PeerConnection sessionOf(String peerId);

    /**
     * {@code connection} becomes the live session of {@code peerId} and holds that peerId; the peer has no last-seen
     * time any more (a {@link LastSeenLog} is told it is online). A session {@code peerId} had before is replaced
     * but not {@link #forget forgotten} by this: the hub forgets it first, as its takeover rule says.
     *
     * @return when {@code peerId} was last seen, before this bind cleared it; null when it was online or never seen
     */
    Long bind(String peerId, PeerConnection connection);

    /**
     * {@code connection} holds no peerId any more; the peer's live session is left as it is (the hub decides
     * whether the peer {@link #goOffline goes offline}).
     *
     * @return the peerId it held, null when none
     */
    String forget(PeerConnection connection);

    /**
     * Ends the live session of {@code peerId} and records it as last seen at {@code nowMs} (also in a
     * {@link LastSeenLog}). The connection keeps its peerId until it is {@link #forget forgotten} or bound again.
     *
     * @return the session that ended; null when the peer was not online
     */
    PeerConnection goOffline(String peerId, long nowMs);

    /** Every live session, for a broadcast; a read-only view or a copy, weakly consistent against mutations. */
    Collection<PeerConnection> sessions();

    /** The peerIds that are online now, as a copy. */
    List<String> onlinePeers();

    /** Peers that went offline → when (epoch ms); a read-only view or a copy, weakly consistent against mutations. */
    Map<String, Long> lastSeen();
}
