package org.peerlink.signal;

import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.peerlink.core.crypto.Ed25519;
import org.peerlink.core.json.JsObject;
import org.peerlink.core.json.JsonReader;
import org.peerlink.core.json.JsonWriter;
import org.peerlink.signal.hub.InMemoryLastSeenLog;
import org.peerlink.signal.hub.LocalPeerRegistry;
import org.peerlink.signal.register.InMemoryNonceWindow;
import org.peerlink.signal.session.SignalSession;
import org.peerlink.signal.session.SignalTransport;
import org.peerlink.testkit.RegisterFrameSigner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** What a service tells its {@link SignalEvents}, through the public constructor a server uses. */
class SignalEventsTest {

    private static final RegisterFrameSigner SIGNER = new RegisterFrameSigner(Ed25519.fromSeed(new byte[32]));
    private static final long START = 1_741_590_002_123L;

    private final AtomicLong now = new AtomicLong(START);
    private final InstantSource clock = () -> Instant.ofEpochMilli(now.get());
    private final AtomicInteger nonces = new AtomicInteger();
    private final SignalSettings settings = SignalSettings.defaults();
    private SignalService service;

    /** Writes each event as one line of text, in the order they come. */
    private static final class Recorder implements SignalEvents {
        final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public void connected() {
            events.add("connected");
        }

        @Override
        public void disconnected() {
            events.add("disconnected");
        }

        @Override
        public void frameReceived(InboundFrame type) {
            events.add("in " + type);
        }

        @Override
        public void framesSent(OutboundFrame type, int connections) {
            events.add("out " + type + " x" + connections);
        }

        @Override
        public void registered(String peerId) {
            events.add("registered " + peerId);
        }

        @Override
        public void registerRejected(SignalError error) {
            events.add("rejected " + error);
        }

        @Override
        public void sessionReplaced(String peerId) {
            events.add("replaced " + peerId);
        }

        @Override
        public void online(String peerId) {
            events.add("online " + peerId);
        }

        @Override
        public void reconnected(String peerId, long offlineMs) {
            events.add("reconnected " + peerId + " after " + offlineMs);
        }

        @Override
        public void offline(String peerId, long atMs) {
            events.add("offline " + peerId + " at +" + (atMs - START));
        }
    }

    /** Throws from every event, after noting which one it was. */
    private static final class Broken implements SignalEvents {
        final Set<String> called = ConcurrentHashMap.newKeySet();

        private void fail(String event) {
            called.add(event);
            throw new IllegalStateException("a metrics bug");
        }

        @Override
        public void connected() {
            fail("connected");
        }

        @Override
        public void disconnected() {
            fail("disconnected");
        }

        @Override
        public void frameReceived(InboundFrame type) {
            fail("frameReceived");
        }

        @Override
        public void framesSent(OutboundFrame type, int connections) {
            fail("framesSent");
        }

        @Override
        public void registered(String peerId) {
            fail("registered");
        }

        @Override
        public void registerRejected(SignalError error) {
            fail("registerRejected");
        }

        @Override
        public void sessionReplaced(String peerId) {
            fail("sessionReplaced");
        }

        @Override
        public void online(String peerId) {
            fail("online");
        }

        @Override
        public void reconnected(String peerId, long offlineMs) {
            fail("reconnected");
        }

        @Override
        public void offline(String peerId, long atMs) {
            fail("offline");
        }
    }

    /** A client's socket: what the service writes to it, by type. */
    private static final class Client implements SignalTransport {
        final BlockingQueue<String> types = new LinkedBlockingQueue<>();

        @Override
        public void send(String text) {
            try {
                types.add(((JsObject) JsonReader.parse(text)).string("type").orElseThrow());
            } catch (Exception e) {
                throw new AssertionError(text, e);
            }
        }

        @Override
        public void close(int code, String reason) {
        }

        @Override
        public void terminate() {
        }

        String next() throws InterruptedException {
            String type = types.poll(5, TimeUnit.SECONDS);
            assertNotNull(type, "no frame within 5 s");
            return type;
        }
    }

    @AfterEach
    void closeService() {
        if (service != null) {
            service.close();
        }
    }

    private SignalService start(SignalEvents events) {
        service = SignalService.builder()
                .settings(settings)
                .nonces(new InMemoryNonceWindow(settings.nonceWindow()))
                .registry(new LocalPeerRegistry(new InMemoryLastSeenLog()))
                .events(events)
                .clock(clock)
                .build();
        return service;
    }

    private String register(String peerId) {
        String nonce = "nonce-" + nonces.incrementAndGet() + "-abcdef";
        return JsonWriter.stringify(SIGNER.frame("reg-" + peerId, peerId, now.get(), nonce, null));
    }

    private static void send(SignalSession session, String text) {
        session.onText(text, true);
    }

    @Test
    void aServiceReportsConnectionsFramesRegistersTakeoversAndPresenceInOrder() {
        Recorder recorder = new Recorder();
        SignalService signal = start(recorder);

        SignalSession alice = signal.open(new Client());
        send(alice, register("alice"));
        SignalSession bob = signal.open(new Client());
        send(bob, register("bob"));
        send(bob, "{\"v\":\"1\",\"id\":\"r\",\"type\":\"register\",\"payload\":{\"peerId\":\"\"}}");
        SignalSession aliceAgain = signal.open(new Client());
        send(aliceAgain, register("alice"));
        alice.onClosed(); // the replaced socket's close changes no presence
        send(aliceAgain, "{\"v\":\"1\",\"id\":\"p\",\"type\":\"ping\"}");
        send(aliceAgain, "{\"v\":\"1\",\"id\":\"s\",\"type\":\"signal\",\"payload\":{\"to\":\"bob\"}}");
        send(aliceAgain, "{\"v\":\"1\",\"id\":\"q\",\"type\":\"peers_request\"}");
        send(aliceAgain, "{\"v\":\"1\",\"id\":\"d\",\"type\":\"dance\"}");
        send(aliceAgain, "{");
        send(aliceAgain, "{\"v\":\"2\",\"type\":\"ping\"}");
        send(aliceAgain, "x".repeat(settings.caps().maxMessageChars() + 1));
        now.addAndGet(5_000);
        bob.onClosed();
        bob.onClosed(); // reported twice by the transport, counted once
        now.addAndGet(3_000);
        SignalSession bobAgain = signal.open(new Client());
        send(bobAgain, register("bob"));

        assertEquals(List.of(
                "connected",
                "in REGISTER", "online alice", "out REGISTER_ACK x1", "registered alice",
                "connected",
                "in REGISTER", "online bob", "out REGISTER_ACK x1", "registered bob", "out PRESENCE_UPDATE x1",
                "in REGISTER", "rejected PEER_ID_REQUIRED", "out ERROR x1",
                "connected",
                "in REGISTER", "replaced alice", "out ERROR x1", "out REGISTER_ACK x1", "registered alice",
                "out PRESENCE_UPDATE x1",
                "disconnected",
                "in PING", "out PONG x1",
                "in SIGNAL", "out SIGNAL x1",
                "in PEERS_REQUEST", "out PEERS x1",
                "in UNKNOWN", "out ERROR x1",
                "in INVALID", "out ERROR x1",
                "in INVALID", "out ERROR x1",
                "in INVALID", "out ERROR x1",
                "disconnected", "offline bob at +5000", "out PRESENCE_UPDATE x1",
                "connected",
                "in REGISTER", "online bob", "reconnected bob after 3000", "out REGISTER_ACK x1", "registered bob",
                "out PRESENCE_UPDATE x1"), recorder.events);
    }

    @Test
    void aConnectionRegisteringAnotherPeerIdTakesTheFirstOffline() {
        Recorder recorder = new Recorder();
        SignalSession switcher = start(recorder).open(new Client());
        send(switcher, register("alice"));
        recorder.events.clear();
        send(switcher, register("bob"));
        assertEquals(List.of("in REGISTER", "offline alice at +0", "online bob", "out REGISTER_ACK x1",
                "registered bob"), recorder.events);
    }

    @Test
    void aListenerThatThrowsLosesItsCountsButNoFrame() throws Exception {
        Broken broken = new Broken();
        SignalService signal = start(broken);
        Client watcherSocket = new Client();
        SignalSession watcher = signal.open(watcherSocket);
        send(watcher, register("watcher"));
        assertEquals("register_ack", watcherSocket.next());

        Client aliceSocket = new Client();
        SignalSession alice = signal.open(aliceSocket);
        send(alice, register("alice"));
        assertEquals("register_ack", aliceSocket.next());
        assertEquals("presence_update", watcherSocket.next());
        send(alice, "{\"v\":\"1\",\"id\":\"p\",\"type\":\"ping\"}");
        assertEquals("pong", aliceSocket.next());
        send(alice, "{");
        assertEquals("error", aliceSocket.next());
        alice.onClosed();
        assertEquals("presence_update", watcherSocket.next(), "alice's offline still goes out");
        SignalSession aliceAgain = signal.open(aliceSocket);
        send(aliceAgain, register("alice"));
        assertEquals("register_ack", aliceSocket.next(), "the registry was left consistent");
        assertEquals("presence_update", watcherSocket.next());
        send(aliceAgain, "{\"v\":\"1\",\"id\":\"r\",\"type\":\"register\",\"payload\":{\"peerId\":\"\"}}");
        assertEquals("error", aliceSocket.next());
        Client takeoverSocket = new Client();
        send(signal.open(takeoverSocket), register("alice"));
        assertEquals("register_ack", takeoverSocket.next());
        assertEquals("error", aliceSocket.next(), "the replaced session is told");
        assertEquals("presence_update", watcherSocket.next());
        assertEquals(Set.of("connected", "disconnected", "frameReceived", "framesSent", "registered",
                "registerRejected", "sessionReplaced", "online", "reconnected", "offline"), broken.called,
                "every event was tried");
    }
}
