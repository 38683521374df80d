package org.peerlink.identity;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every {@link IdentityPins} must do (PROTOCOL.md §3.5). A backend's test extends this and says how to open
 * its pins; a durable backend also says how to open them again, as after a restart.
 */
public abstract class IdentityPinsContract {

    protected static final long NOW = 1_741_590_002_123L;
    protected static final byte[] KEY_A = key(1);
    protected static final byte[] KEY_B = key(2);

    /** Fresh, empty pins. */
    protected abstract IdentityPins open();

    /**
     * The same pins as after a restart of the process, for a durable backend; the in-memory one answers the
     * instance it was given.
     */
    protected abstract IdentityPins reopen(IdentityPins pins);

    protected static byte[] key(int seed) {
        byte[] key = new byte[32];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) (seed * 31 + i);
        }
        return key;
    }

    @Test
    void anUnpinnedPeerIdTakesAnyKey() {
        IdentityPins pins = open();
        assertEquals(PinMatch.NONE, pins.match("alice", KEY_A));
        assertEquals(List.of(), pins.list());
    }

    @Test
    void theFirstBindPinsAndOnlyThatKeyMatches() {
        IdentityPins pins = open();
        assertTrue(pins.bind("alice", KEY_A, NOW));
        assertEquals(PinMatch.SAME_KEY, pins.match("alice", KEY_A));
        assertEquals(PinMatch.OTHER_KEY, pins.match("alice", KEY_B));
        assertEquals(PinMatch.NONE, pins.match("bob", KEY_A));
        assertEquals(List.of(new IdentityPin("alice", IdentityPin.keyText(KEY_A), NOW, NOW)), pins.list());
    }

    @Test
    void anotherKeyCannotBindAPinnedPeerId() {
        IdentityPins pins = open();
        assertTrue(pins.bind("alice", KEY_A, NOW));
        assertFalse(pins.bind("alice", KEY_B, NOW + 1));
        assertEquals(PinMatch.SAME_KEY, pins.match("alice", KEY_A));
        assertTrue(pins.bind("alice", KEY_A, NOW + 2), "the pinned key binds again");
    }

    @Test
    void aPinSurvivesAReopen() {
        IdentityPins pins = open();
        assertTrue(pins.bind("alice", KEY_A, NOW));
        IdentityPins again = reopen(pins);
        assertEquals(PinMatch.OTHER_KEY, again.match("alice", KEY_B));
        assertFalse(again.bind("alice", KEY_B, NOW + 1));
        assertEquals(List.of(new IdentityPin("alice", IdentityPin.keyText(KEY_A), NOW, NOW)), again.list());
    }

    @Test
    void aRegisterIsRecordedAsTheLatestUseAtMostOnceADay() {
        IdentityPins pins = open();
        pins.bind("alice", KEY_A, NOW);
        pins.bind("alice", KEY_A, NOW + IdentityPins.TOUCH_INTERVAL_MS - 1);
        assertEquals(NOW, pins.list().getFirst().lastUsedMs());
        pins.bind("alice", KEY_A, NOW + IdentityPins.TOUCH_INTERVAL_MS);
        assertEquals(NOW + IdentityPins.TOUCH_INTERVAL_MS, reopen(pins).list().getFirst().lastUsedMs());
        // a refused bind is no use of the pin
        pins.bind("alice", KEY_B, NOW + 3 * IdentityPins.TOUCH_INTERVAL_MS);
        assertEquals(NOW + IdentityPins.TOUCH_INTERVAL_MS, pins.list().getFirst().lastUsedMs());
        assertEquals(NOW, pins.list().getFirst().pinnedAtMs());
    }

    @Test
    void aReleasedPeerIdIsPinnedAnewByTheNextBind() {
        IdentityPins pins = open();
        pins.bind("alice", KEY_A, NOW);
        assertTrue(pins.release("alice"));
        assertFalse(pins.release("alice"));
        assertEquals(PinMatch.NONE, reopen(pins).match("alice", KEY_B));
        assertTrue(pins.bind("alice", KEY_B, NOW + 1));
        assertEquals(PinMatch.SAME_KEY, reopen(pins).match("alice", KEY_B));
    }

    @Test
    void pinsUnusedSinceTheCutoffExpire() {
        IdentityPins pins = open();
        pins.bind("old", KEY_A, NOW);
        pins.bind("recent", KEY_B, NOW + 10);
        assertEquals(1, pins.expireUnusedSince(NOW + 5));
        assertEquals(List.of("recent"), reopen(pins).list().stream().map(IdentityPin::peerId).toList());
        assertEquals(0, pins.expireUnusedSince(NOW + 5));
    }

    @Test
    void listIsOrderedByPeerId() {
        IdentityPins pins = open();
        pins.bind("carol", KEY_A, NOW);
        pins.bind("alice", KEY_A, NOW);
        pins.bind("bob", KEY_B, NOW);
        assertEquals(List.of("alice", "bob", "carol"), pins.list().stream().map(IdentityPin::peerId).toList());
    }

    @Test
    void ofConcurrentBindsOfTwoKeysExactlyOneWins() throws Exception {
        IdentityPins pins = open();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 20; round++) {
                String peerId = "race-" + round;
                List<Callable<Boolean>> binds = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    byte[] key = i % 2 == 0 ? KEY_A : KEY_B;
                    binds.add(() -> pins.bind(peerId, key, NOW));
                }
                int wonByA = 0;
                int wonByB = 0;
                List<Future<Boolean>> results = pool.invokeAll(binds);
                for (int i = 0; i < results.size(); i++) {
                    if (results.get(i).get()) {
                        if (i % 2 == 0) {
                            wonByA++;
                        } else {
                            wonByB++;
                        }
                    }
                }
                assertTrue((wonByA == 4 && wonByB == 0) || (wonByA == 0 && wonByB == 4), wonByA + "/" + wonByB);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
