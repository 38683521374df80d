package org.peerlink.signal.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.peerlink.core.crypto.Ed25519;
import org.peerlink.core.json.JsArray;
import org.peerlink.core.json.JsObject;
import org.peerlink.core.json.JsonWriter;
import org.peerlink.testkit.RegisterFrameSigner;
import org.peerlink.signal.register.InMemoryNonceWindow;
import org.peerlink.signal.register.RegisterVerifier;

class SignalHubTest {

    private final AtomicLong now = new AtomicLong(1_741_590_002_123L);
    private final InstantSource clock = () -> Instant.ofEpochMilli(now.get());
    private final SignalHub hub = new SignalHub(new RegisterVerifier(clock,
            new InMemoryNonceWindow(RegisterVerifier.DEFAULT_NONCE_WINDOW), RegisterVerifier.DEFAULT_SKEW), clock);
    private static final RegisterFrameSigner SIGNER = new RegisterFrameSigner(Ed25519.fromSeed(new byte[32]));
    private final AtomicInteger nonces = new AtomicInteger();

    private static JsObject payloadOf(JsObject frame) {
        return (JsObject) frame.get("payload");
    }

    private static String errorCode(JsObject frame) {
        assertEquals("error", frame.string("type").orElseThrow(), frame.toString());
        return payloadOf(frame).string("code").orElseThrow();
    }

    private String registerFrame(String peerId) {
        String nonce = "nonce-" + nonces.incrementAndGet() + "-abcdef";
        return JsonWriter.stringify(SIGNER.frame("reg-" + peerId, peerId, now.get(), nonce, null));
    }

    private RecordingConnection registered(String peerId) {
        RecordingConnection client = new RecordingConnection();
        hub.onText(client, registerFrame(peerId));
        assertEquals("register_ack", client.last().string("type").orElseThrow(), client.last().toString());
        return client;
    }

    private static String message(JsObject errorFrame) {
        return payloadOf(errorFrame).string("message").orElseThrow();
    }

    @Test
    void malformedAndNonObjectFramesGetErrorFramesAndTheConnectionStays() {
        RecordingConnection c = new RecordingConnection();
        hub.onText(c, "{");
        assertEquals("INVALID_JSON", errorCode(c.last()));
        assertEquals("Invalid JSON format", message(c.last()));
        assertTrue(c.last().string("id").orElseThrow().startsWith("srv-error-"));
        // JSON that is not an object has no "v": the original answers 5 and [] so (and dies on null)
        for (String notAnObject : List.of("null", "5", "[]", "\"s\"", "true")) {
            hub.onText(c, notAnObject);
            assertEquals("INVALID_VERSION", errorCode(c.last()), notAnObject);
            assertEquals("Unsupported protocol version", message(c.last()));
            assertTrue(c.last().string("id").orElseThrow().startsWith("srv-error-"), notAnObject);
        }
        hub.onText(c, "{\"v\":\"2\",\"id\":\"f1\",\"type\":\"ping\"}");
        assertEquals("INVALID_VERSION", errorCode(c.last()));
        assertEquals("f1", c.last().string("id").orElseThrow(), "error reuses the client frame id");
        hub.onText(c, "{\"v\":\"1\",\"id\":\"f2\",\"type\":\"dance\"}");
        assertEquals("UNKNOWN_TYPE", errorCode(c.last()));
        assertEquals("Unknown frame type: dance", message(c.last()));
        hub.onText(c, "{\"v\":\"1\",\"id\":\"f2\"}");
        assertEquals("Unknown frame type: undefined", message(c.last()));
        hub.onText(c, "{\"v\":\"1\",\"id\":\"f2\",\"type\":[\"peers_request\",1.50]}");
        assertEquals("Unknown frame type: peers_request,1.5", message(c.last()), "JavaScript's String(array)");
        for (String[] typeAndText : new String[][] {{"signal", "Register before sending signals"},
                {"ping", "Register before sending ping"}, {"peers_request", "Register before peers_request"}}) {
            hub.onText(c, "{\"v\":\"1\",\"id\":\"f3\",\"type\":\"" + typeAndText[0] + "\",\"payload\":{}}");
            assertEquals("NOT_REGISTERED", errorCode(c.last()), typeAndText[0]);
            assertEquals(typeAndText[1], message(c.last()));
        }
        assertNull(c.closeCode);
    }

    /** The original answers with {@code id || "srv-error-…"}: any id JavaScript finds truthy comes back as sent. */
    @Test
    void errorFramesReuseEveryTruthyClientIdAsSent() {
        RecordingConnection c = new RecordingConnection();
        for (String id : List.of("7", "-1.5", "true", "{\"a\":1}", "[]", "\"f\"")) {
            hub.onText(c, "{\"v\":\"2\",\"id\":" + id + "}");
            assertEquals(id, JsonWriter.stringify(c.last().get("id")), id);
        }
        for (String id : List.of("0", "\"\"", "false", "null")) {
            hub.onText(c, "{\"v\":\"2\",\"id\":" + id + "}");
            assertTrue(c.last().string("id").orElseThrow().startsWith("srv-error-"), id);
        }
    }

    @Test
    void registerAcksAndAnnouncesPresenceToOthersOnly() {
        RecordingConnection alice = registered("alice");
        RecordingConnection bob = registered("bob");
        JsObject ack = bob.frames.getFirst();
        assertEquals("bob", payloadOf(ack).string("peerId").orElseThrow());
        assertTrue(payloadOf(ack).string("sessionId").isPresent());
        assertTrue(ack.string("id").orElseThrow().startsWith("srv-ack-"), ack.toString());
        assertEquals(List.of("register_ack", "presence_update"), alice.types());
        assertTrue(alice.last().string("id").orElseThrow().startsWith("srv-presence-update-"), alice.last().toString());
        assertEquals("{\"peerId\":\"bob\",\"status\":\"online\"}", JsonWriter.stringify(payloadOf(alice.last())));
        assertEquals(List.of("register_ack"), bob.types());
    }

    @Test
    void signalIsForwardedWithPayloadAsSentAndErrorsAreExact() {
        RecordingConnection alice = registered("alice");
        RecordingConnection bob = registered("bob");
        hub.onText(alice, "{\"v\":\"1\",\"id\":\"s1\",\"type\":\"signal\",\"payload\":{\"to\":\"bob\",\"from\":\"alice\",\"type\":\"offer\",\"sdp\":\"v=0\\r\\n\",\"n\":1.5}}");
        JsObject forwarded = bob.last();
        assertEquals("signal", forwarded.string("type").orElseThrow());
        assertTrue(forwarded.string("id").orElseThrow().startsWith("srv-signal-"));
        assertEquals("{\"to\":\"bob\",\"from\":\"alice\",\"type\":\"offer\",\"sdp\":\"v=0\\r\\n\",\"n\":1.5}",
                JsonWriter.stringify(payloadOf(forwarded)));

        hub.onText(alice, "{\"v\":\"1\",\"id\":\"s2\",\"type\":\"signal\",\"payload\":{\"type\":\"offer\"}}");
        assertEquals("INVALID_SIGNAL", errorCode(alice.last()));
        assertEquals("Missing \"to\" in payload", payloadOf(alice.last()).string("message").orElseThrow());
        hub.onText(alice, "{\"v\":\"1\",\"id\":\"s2\",\"type\":\"signal\",\"payload\":{\"to\":\"\"}}");
        assertEquals("Missing \"to\" in payload", message(alice.last()));
        hub.onText(alice, "{\"v\":\"1\",\"id\":\"s2\",\"type\":\"signal\",\"payload\":\"bob\"}");
        assertEquals("Missing \"to\" in payload", message(alice.last()));
        hub.onText(alice, "{\"v\":\"1\",\"id\":\"s3\",\"type\":\"signal\",\"payload\":{\"to\":\"carol\"}}");
        assertEquals("{\"v\":\"1\",\"id\":\"s3\",\"type\":\"error\",\"payload\":{\"code\":\"PEER_NOT_FOUND\","
                + "\"message\":\"Peer carol not connected (peer_not_connected)\",\"peerId\":\"carol\",\"to\":\"carol\"}}",
                JsonWriter.stringify(alice.last()));
        // a truthy "to" that is no string is looked up like any other, as in the original, and is never connected
        hub.onText(alice, "{\"v\":\"1\",\"id\":\"s5\",\"type\":\"signal\",\"payload\":{\"to\":42}}");
        assertEquals("PEER_NOT_FOUND", errorCode(alice.last()));
        assertEquals("Peer 42 not connected (peer_not_connected)", message(alice.last()));
        assertEquals("42", JsonWriter.stringify(payloadOf(alice.last()).get("to")));
        int bobFrames = bob.frames.size();
        hub.onText(alice, "{\"v\":\"1\",\"id\":\"s4\",\"type\":\"signal\",\"payload\":{\"to\":\"bob\",\"from\":\"mallory\"}}");
        assertEquals("INVALID_SIGNAL", errorCode(alice.last()), "[improve] spoofed from is rejected");
        assertEquals(bobFrames, bob.frames.size(), "nothing reaches bob");
    }

    @Test
    void takeoverReplacesTheOldSessionWithoutAnOfflinePresence() {
        RecordingConnection watcher = registered("watcher");
        RecordingConnection first = registered("alice");
        RecordingConnection second = registered("alice");
        assertEquals("SESSION_REPLACED", errorCode(first.last()));
        assertEquals("Session replaced by a new authenticated register", message(first.last()));
        assertTrue(first.last().string("id").orElseThrow().startsWith("srv-error-"));
        assertEquals(4001, first.closeCode);
        assertEquals("Session replaced", first.closeReason);
        hub.onClose(first); // the transport reports the close of the replaced socket
        assertEquals(List.of("register_ack", "presence_update", "presence_update"), watcher.types());
        assertEquals("online", payloadOf(watcher.last()).string("status").orElseThrow());
        hub.onText(second, "{\"v\":\"1\",\"id\":\"p\",\"type\":\"ping\"}");
        assertEquals("{\"peerId\":\"alice\"}", JsonWriter.stringify(payloadOf(second.last())));
    }

    /**
     * Finding 1 of issue 13: any key could register any peerId, and the victim got SESSION_REPLACED while its calls
     * went to the attacker. PROTOCOL.md §3.5: the peerId is pinned to its first key; another key is refused and the
     * live session is untouched.
     */
    @Test
    void anotherKeyCannotTakeOverAPinnedPeerId() {
        RecordingConnection watcher = registered("watcher");
        RecordingConnection victim = registered("alice");
        RecordingConnection attacker = new RecordingConnection();
        RegisterFrameSigner mallory = new RegisterFrameSigner(Ed25519.fromSeed(new byte[] {
                1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}));
        hub.onText(attacker, JsonWriter.stringify(mallory.frame("reg-x", "alice", now.get(),
                "nonce-" + nonces.incrementAndGet() + "-abcdef", null)));

        assertEquals("INVALID_REGISTER_AUTH", errorCode(attacker.last()));
        assertEquals("peerId is bound to another key", message(attacker.last()));
        assertEquals(List.of("register_ack"), victim.types(), "no SESSION_REPLACED");
        assertNull(victim.closeCode);
        assertEquals(List.of("register_ack", "presence_update"), watcher.types(), "no presence for a refused register");
        // the victim's calls still reach the victim
        hub.onText(watcher, "{\"v\":\"1\",\"id\":\"s\",\"type\":\"signal\",\"payload\":{\"to\":\"alice\"}}");
        assertEquals("signal", victim.lastType());
        hub.onText(attacker, "{\"v\":\"1\",\"id\":\"p\",\"type\":\"ping\"}");
        assertEquals("NOT_REGISTERED", errorCode(attacker.last()));
    }

    @Test
    void closeSendsOfflineWithLastSeenAndPeersSnapshotReportsIt() {
        RecordingConnection alice = registered("alice");
        RecordingConnection bob = registered("bob");
        now.addAndGet(5_000);
        hub.onClose(bob);
        assertEquals("{\"peerId\":\"bob\",\"status\":\"offline\",\"lastSeenMs\":1741590007123}",
                JsonWriter.stringify(payloadOf(alice.last())));
        hub.onText(alice, "{\"v\":\"1\",\"id\":\"q\",\"type\":\"peers_request\"}");
        assertEquals("peers", alice.last().string("type").orElseThrow());
        assertEquals("{\"peers\":[\"alice\"],\"lastSeenMsByPeer\":{\"bob\":1741590007123}}",
                JsonWriter.stringify(payloadOf(alice.last())));

        registered("bob");
        hub.onText(alice, "{\"v\":\"1\",\"id\":\"q2\",\"type\":\"peers_request\"}");
        JsObject snapshot = payloadOf(alice.last());
        assertEquals("{}", JsonWriter.stringify(snapshot.get("lastSeenMsByPeer")), "online again: last-seen cleared");
    }

    @Test
    void aConnectionRegisteringAnotherPeerIdReleasesTheFirst() {
        RecordingConnection watcher = registered("watcher");
        RecordingConnection switcher = registered("alice");
        hub.onText(switcher, registerFrame("bob"));
        assertEquals("register_ack", switcher.last().string("type").orElseThrow());
        List<String> presence = watcher.frames.stream().filter(f -> f.string("type").orElseThrow().equals("presence_update"))
                .map(f -> payloadOf(f).string("peerId").orElseThrow() + ":" + payloadOf(f).string("status").orElseThrow())
                .toList();
        assertEquals(List.of("alice:online", "alice:offline", "bob:online"), presence);
        hub.onText(watcher, "{\"v\":\"1\",\"id\":\"q\",\"type\":\"peers_request\"}");
        assertEquals("[\"bob\",\"watcher\"]", sortedPeers(watcher.last()));
    }

    private static String sortedPeers(JsObject peersFrame) {
        return JsonWriter.stringify(new JsArray(((JsArray) payloadOf(peersFrame).get("peers")).items().stream()
                .sorted(Comparator.comparing(Object::toString)).toList()));
    }

    @Test
    void rejectedRegisterIsAnErrorFrameWithTheClientId() {
        RecordingConnection c = new RecordingConnection();
        hub.onText(c, "{\"v\":\"1\",\"id\":\"r1\",\"type\":\"register\",\"payload\":{\"peerId\":\"\"}}");
        assertEquals("INVALID_REGISTER", errorCode(c.last()));
        assertEquals("r1", c.last().string("id").orElseThrow());
        hub.onText(c, "{\"v\":\"1\",\"id\":\"r2\",\"type\":\"register\",\"payload\":{\"peerId\":\"a\",\"auth\":{}}}");
        assertEquals("INVALID_REGISTER_AUTH", errorCode(c.last()));
    }

    @Test
    void concurrentRegistersForOnePeerIdLeaveExactlyOneLiveSession() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 100; round++) {
                String peerId = "racer-" + round;
                String frameA = registerFrame(peerId);
                String frameB = registerFrame(peerId);
                RecordingConnection a = new RecordingConnection();
                RecordingConnection b = new RecordingConnection();
                CountDownLatch go = new CountDownLatch(1);
                Future<?> fa = pool.submit(() -> { go.await(); hub.onText(a, frameA); return null; });
                Future<?> fb = pool.submit(() -> { go.await(); hub.onText(b, frameB); return null; });
                go.countDown();
                fa.get();
                fb.get();
                RecordingConnection replaced = a.closeCode != null ? a : b;
                RecordingConnection live = replaced == a ? b : a;
                assertEquals(4001, replaced.closeCode, peerId);
                assertNull(live.closeCode, peerId);
                hub.onText(live, "{\"v\":\"1\",\"id\":\"p\",\"type\":\"ping\"}");
                assertEquals("pong", live.last().string("type").orElseThrow());
                hub.onClose(replaced);
                hub.onText(live, "{\"v\":\"1\",\"id\":\"p\",\"type\":\"ping\"}");
                assertEquals("pong", live.last().string("type").orElseThrow(), "the replaced close changes nothing");
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
