package org.peerlink.signal;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.peerlink.core.crypto.Ed25519;
import org.peerlink.core.json.JsObject;
import org.peerlink.core.json.JsonReader;
import org.peerlink.core.json.JsonWriter;
import org.peerlink.signal.session.SignalSession;
import org.peerlink.signal.session.SignalTransport;
import org.peerlink.testkit.RegisterFrameSigner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The per-address caps, the register deadline and the rate limits of the signal service (issue 13, finding 10). */
class SignalLimitsTest {

    private static final RegisterFrameSigner SIGNER = new RegisterFrameSigner(Ed25519.fromSeed(new byte[32]));

    private final AtomicInteger nonces = new AtomicInteger();
    private SignalService service;

    @AfterEach
    void close() {
        if (service != null) {
            service.close();
        }
    }

    private static SignalCaps caps(int connectionsPerAddress, Duration registerDeadline) {
        SignalCaps d = SignalCaps.defaults();
        return new SignalCaps(d.maxMessageChars(), d.sendQueueFrames(), d.sendQueueChars(), d.maxPeerIdChars(),
                d.maxProfileChars(), d.maxLastSeenPeers(), d.lastSeenMaxAge(), connectionsPerAddress,
                registerDeadline);
    }

    private SignalService start(SignalCaps caps, SignalLimits limits) {
        service = SignalService.builder()
                .settings(SignalSettings.defaults().withCaps(caps))
                .limits(limits)
                .build();
        return service;
    }

    private String register(String peerId) {
        return JsonWriter.stringify(SIGNER.frame("reg-" + peerId, peerId, System.currentTimeMillis(),
                "nonce-" + nonces.incrementAndGet() + "-abcdef", null));
    }

    /** A client's socket: every frame it gets, and its closes. */
    private static final class Client implements SignalTransport {
        final BlockingQueue<JsObject> frames = new LinkedBlockingQueue<>();
        final List<String> closes = new CopyOnWriteArrayList<>();
        private final String address;

        Client(String address) {
            this.address = address;
        }

        @Override
        public void send(String text) {
            try {
                frames.add((JsObject) JsonReader.parse(text));
            } catch (Exception e) {
                throw new AssertionError(text, e);
            }
        }

        @Override
        public void close(int code, String reason) {
            closes.add(code + " " + reason);
        }

        @Override
        public void terminate() {
        }

        @Override
        public String remoteAddress() {
            return address;
        }

        JsObject next() throws InterruptedException {
            JsObject frame = frames.poll(5, TimeUnit.SECONDS);
            assertNotNull(frame, "no frame within 5 s");
            return frame;
        }

        void awaitClose() throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (closes.isEmpty()) {
                assertTrue(System.nanoTime() < deadline, "no close within 5 s");
                Thread.sleep(10);
            }
        }
    }

    private static JsObject payload(JsObject frame) {
        return (JsObject) frame.get("payload");
    }

    @Test
    void oneConnectionOverItsAddressesCapIsClosedAtOnceAndAnEndedOneFreesItsPlace() throws Exception {
        SignalService signal = start(caps(2, Duration.ofMinutes(1)), SignalLimits.NONE);
        SignalSession first = signal.open(new Client("192.0.2.1"));
        signal.open(new Client("192.0.2.1"));
        Client third = new Client("192.0.2.1");
        SignalSession refused = signal.open(third);
        third.awaitClose();
        assertEquals(List.of("1013 too many connections"), third.closes);
        refused.onText(register("mallory"), true);
        Thread.sleep(100);
        assertEquals(0, third.frames.size(), "what a refused connection sends is ignored");

        Client other = new Client("192.0.2.2");
        signal.open(other).onText(register("bob"), true);
        assertEquals("register_ack", other.next().string("type").orElseThrow(), "another address is not counted");

        refused.onClosed();
        first.onClosed();
        Client again = new Client("192.0.2.1");
        signal.open(again).onText(register("carol"), true);
        assertEquals("register_ack", again.next().string("type").orElseThrow(), "an ended one freed its place");
    }

    /** Finding 10 of issue 13: a socket could stay connected unregistered for the whole idle timeout. */
    @Test
    void aConnectionThatDoesNotRegisterInTimeIsClosedAndOneThatDidStays() throws Exception {
        SignalService signal = start(caps(100, Duration.ofMillis(200)), SignalLimits.NONE);
        Client silent = new Client("192.0.2.1");
        signal.open(silent);
        Client registered = new Client("192.0.2.1");
        signal.open(registered).onText(register("alice"), true);
        assertEquals("register_ack", registered.next().string("type").orElseThrow());
        silent.awaitClose();
        assertEquals(List.of("1008 register deadline"), silent.closes);
        Thread.sleep(300);
        assertEquals(List.of(), registered.closes);
    }

    @Test
    void aRefusedRegisterIsNotVerifiedAndTheClientIsToldWhenToTryAgain() throws Exception {
        List<String> asked = new CopyOnWriteArrayList<>();
        SignalLimits limits = new SignalLimits() {
            @Override
            public Optional<Duration> admitRegister(String address) {
                asked.add("address " + address);
                return address.equals("192.0.2.9") ? Optional.of(Duration.ofMillis(1500)) : Optional.empty();
            }

            @Override
            public Optional<Duration> admitVerifiedPeer(String peerId) {
                asked.add("peer " + peerId);
                return peerId.equals("flapper") ? Optional.of(Duration.ofSeconds(2)) : Optional.empty();
            }
        };
        SignalService signal = start(SignalCaps.defaults(), limits);
        Client busy = new Client("192.0.2.9");
        signal.open(busy).onText(register("alice"), true);
        JsObject refused = busy.next();
        assertEquals("reg-alice", refused.string("id").orElseThrow());
        assertEquals("{\"code\":\"RATE_LIMITED\",\"message\":\"rate limited\",\"retryAfterMs\":1500}",
                JsonWriter.stringify(payload(refused)));

        Client flapper = new Client("192.0.2.1");
        signal.open(flapper).onText(register("flapper"), true);
        assertEquals("RATE_LIMITED", payload(flapper.next()).string("code").orElseThrow());
        // a forged register (another peer's name, bad signature) never reaches the per-peer limit
        Client forger = new Client("192.0.2.1");
        signal.open(forger).onText(register("victim").replace("\"signature\":\"", "\"signature\":\"A"), true);
        assertEquals("INVALID_REGISTER_AUTH", payload(forger.next()).string("code").orElseThrow());
        assertEquals(List.of("address 192.0.2.9", "address 192.0.2.1", "peer flapper", "address 192.0.2.1"), asked);
    }

    @Test
    void messagesOverAConnectionsRateAreDroppedWithAnErrorAndTheConnectionLives() throws Exception {
        AtomicInteger admitted = new AtomicInteger(2);
        SignalLimits limits = new SignalLimits() {
            @Override
            public FrameLimit frames(String address) {
                return () -> admitted.getAndDecrement() > 0 ? Optional.empty() : Optional.of(Duration.ofMillis(250));
            }
        };
        SignalService signal = start(SignalCaps.defaults(), limits);
        Client client = new Client("192.0.2.1");
        SignalSession session = signal.open(client);
        session.onText(register("alice"), true);
        assertEquals("register_ack", client.next().string("type").orElseThrow());
        session.onText("{\"v\":\"1\",\"id\":\"p1\",\"type\":\"ping\"}", true);
        assertEquals("pong", client.next().string("type").orElseThrow());
        session.onText("{\"v\":\"1\",\"id\":\"p2\",\"type\":\"ping\"}", true);
        JsObject limited = client.next();
        assertEquals("error", limited.string("type").orElseThrow());
        assertEquals("{\"code\":\"RATE_LIMITED\",\"message\":\"rate limited\",\"retryAfterMs\":250}",
                JsonWriter.stringify(payload(limited)));
        assertEquals(List.of(), client.closes);
    }
}
