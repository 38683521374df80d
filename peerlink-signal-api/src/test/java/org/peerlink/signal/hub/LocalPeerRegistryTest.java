package org.peerlink.signal.hub;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.peerlink.signal.SignalCaps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LocalPeerRegistryTest {

    private final InMemoryLastSeenLog log = new InMemoryLastSeenLog();

    /** A connection that is nothing but its identity. */
    private static final class Connection implements PeerConnection {
        @Override
        public void send(String text) {
        }

        @Override
        public void close(int code, String reason) {
        }
    }

    @Test
    void anEmptyRegistryKnowsNobody() {
        LocalPeerRegistry registry = new LocalPeerRegistry(LastSeenLog.NONE);
        assertNull(registry.peerOf(new Connection()));
        assertNull(registry.sessionOf("alice"));
        assertNull(registry.forget(new Connection()));
        assertEquals(List.of(), registry.onlinePeers());
        assertTrue(registry.sessions().isEmpty());
        assertEquals(Map.of(), registry.lastSeen());
    }

    @Test
    void bindMakesTheConnectionThePeersLiveSessionAndEndsItsLastSeen() {
        log.offline("alice", 1_000);
        LocalPeerRegistry registry = new LocalPeerRegistry(log);
        assertEquals(Map.of("alice", 1_000L), registry.lastSeen(), "restored from the log");

        Connection connection = new Connection();
        assertEquals(1_000L, registry.bind("alice", connection), "the last-seen the bind ended");
        assertEquals("alice", registry.peerOf(connection));
        assertSame(connection, registry.sessionOf("alice"));
        assertEquals(List.of("alice"), registry.onlinePeers());
        assertEquals(List.of(connection), List.copyOf(registry.sessions()));
        assertEquals(Map.of(), registry.lastSeen());
        assertEquals(Map.of(), log.restore(), "the log is told alice is online");

        assertNull(registry.bind("alice", connection), "online already: no last-seen");
        assertNull(registry.bind("bob", new Connection()), "never seen");
    }

    @Test
    void goOfflineEndsTheSessionAndRecordsTheTimeAlsoInTheLog() {
        LocalPeerRegistry registry = new LocalPeerRegistry(log);
        Connection connection = new Connection();
        registry.bind("alice", connection);

        assertSame(connection, registry.goOffline("alice", 5_000));
        assertNull(registry.sessionOf("alice"));
        assertTrue(registry.sessions().isEmpty());
        assertEquals(List.of(), registry.onlinePeers());
        assertEquals(Map.of("alice", 5_000L), registry.lastSeen());
        assertEquals(Map.of("alice", 5_000L), log.restore());
        assertEquals("alice", registry.peerOf(connection), "the connection keeps its peerId until it is forgotten");

        assertEquals("alice", registry.forget(connection));
        assertNull(registry.peerOf(connection));
        assertNull(registry.forget(connection), "forgotten once");
        assertEquals(Map.of("alice", 5_000L), registry.lastSeen(), "forget changes no presence");
    }

    @Test
    void aSecondBindReplacesTheSessionAndForgettingTheOldOneLeavesTheNew() {
        LocalPeerRegistry registry = new LocalPeerRegistry(log);
        Connection first = new Connection();
        Connection second = new Connection();
        registry.bind("alice", first);
        registry.bind("alice", second);
        assertSame(second, registry.sessionOf("alice"));
        assertEquals(List.of(second), List.copyOf(registry.sessions()));

        assertEquals("alice", registry.forget(first));
        assertSame(second, registry.sessionOf("alice"));
        assertEquals("alice", registry.peerOf(second));
    }

    @Test
    void aConnectionBoundAgainHoldsItsNewPeerId() {
        LocalPeerRegistry registry = new LocalPeerRegistry(log);
        Connection connection = new Connection();
        registry.bind("alice", connection);
        registry.goOffline("alice", 7_000);
        registry.bind("bob", connection);
        assertEquals("bob", registry.peerOf(connection));
        assertEquals(List.of("bob"), registry.onlinePeers());
        assertEquals(Map.of("alice", 7_000L), registry.lastSeen());
    }

    @Test
    void theViewsFollowTheRegistryAndCannotChangeIt() {
        LocalPeerRegistry registry = new LocalPeerRegistry(log);
        Map<String, Long> lastSeen = registry.lastSeen();
        Collection<PeerConnection> sessions = registry.sessions();
        Connection connection = new Connection();
        registry.bind("alice", connection);
        registry.goOffline("carol", 9_000);
        assertEquals(List.of(connection), List.copyOf(sessions));
        assertEquals(Map.of("carol", 9_000L), lastSeen);
        assertThrows(UnsupportedOperationException.class, () -> lastSeen.remove("carol"));
        assertThrows(UnsupportedOperationException.class, sessions::clear);
        assertThrows(UnsupportedOperationException.class, () -> registry.onlinePeers().clear());
    }

    private static SignalCaps caps(int maxLastSeen, Duration maxAge) {
        SignalCaps d = SignalCaps.defaults();
        return new SignalCaps(d.maxMessageChars(), d.sendQueueFrames(), d.sendQueueChars(), d.maxPeerIdChars(),
                d.maxProfileChars(), maxLastSeen, maxAge, d.maxConnectionsPerAddress(), d.registerDeadline());
    }

    /** Finding 7 of issue 13: last-seen times grew forever, and every {@code peers} answer carried all of them. */
    @Test
    void lastSeenTimesAreBoundedInCountOldestFirstAndTheLogForgetsThemToo() {
        LocalPeerRegistry registry = new LocalPeerRegistry(log, caps(3, Duration.ofDays(30)), 0);
        for (int i = 1; i <= 5; i++) {
            registry.bind("p" + i, new Connection());
        }
        for (int i = 1; i <= 5; i++) {
            registry.goOffline("p" + i, 1_000L * i);
        }
        assertEquals(Map.of("p3", 3_000L, "p4", 4_000L, "p5", 5_000L), registry.lastSeen());
        assertEquals(Map.of("p3", 3_000L, "p4", 4_000L, "p5", 5_000L), log.restore(), "the log forgot p1 and p2");
    }

    @Test
    void lastSeenTimesOlderThanTheAgeGoWhenTheNextPeerGoesOffline() {
        long day = Duration.ofDays(1).toMillis();
        LocalPeerRegistry registry = new LocalPeerRegistry(log, caps(100, Duration.ofDays(7)), 0);
        registry.bind("old", new Connection());
        registry.goOffline("old", day);
        registry.bind("new", new Connection());
        registry.goOffline("new", 9 * day);
        assertEquals(Map.of("new", 9 * day), registry.lastSeen());
    }

    @Test
    void restoredTimesAreBoundedAsTheyAreRead() {
        for (int i = 1; i <= 5; i++) {
            log.offline("p" + i, 1_000L * i);
        }
        LocalPeerRegistry registry = new LocalPeerRegistry(log, caps(2, Duration.ofMillis(2_500)), 5_000);
        assertEquals(Map.of("p4", 4_000L, "p5", 5_000L), registry.lastSeen());
        LocalPeerRegistry aged = new LocalPeerRegistry(new InMemoryLastSeenLog(), caps(2, Duration.ofDays(1)), 0);
        assertEquals(Map.of(), aged.lastSeen());
    }

    @Test
    void peersThatComeAndGoOftenDoNotGrowTheBookkeeping() {
        LocalPeerRegistry registry = new LocalPeerRegistry(log, caps(10, Duration.ofDays(30)), 0);
        Connection connection = new Connection();
        for (int i = 0; i < 100_000; i++) {
            registry.bind("flapper", connection);
            registry.goOffline("flapper", i);
        }
        assertEquals(Map.of("flapper", 99_999L), registry.lastSeen());
    }
}
