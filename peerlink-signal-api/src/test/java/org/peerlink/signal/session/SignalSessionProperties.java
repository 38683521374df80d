package org.peerlink.signal.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;

import org.peerlink.core.LoggedFailures;
import org.peerlink.core.crypto.Ed25519;
import org.peerlink.core.json.JsArray;
import org.peerlink.core.json.JsCoercion;
import org.peerlink.core.json.JsObject;
import org.peerlink.core.json.JsString;
import org.peerlink.core.json.JsValue;
import org.peerlink.core.json.JsonReader;
import org.peerlink.core.json.JsonWriter;
import org.peerlink.core.json.MalformedJsonException;
import org.peerlink.signal.SignalCaps;
import org.peerlink.signal.SignalError;
import org.peerlink.signal.SignalLimits;
import org.peerlink.signal.SignalService;
import org.peerlink.signal.SignalSettings;
import org.peerlink.signal.session.SignalFrames.Frame;
import org.peerlink.testkit.RegisterFrameSigner;

/**
 * A session fed whatever a client sends answers each message as PROTOCOL.md §3 says, and lives on: exactly one
 * answer (an error frame with its code, or the frame the request asks for), except a signal forwarded to its peer,
 * which is answered with nothing; never an exception swallowed into silence; no close, which the protocol keeps for
 * a session taken over, an overflowing queue, a connection cap and the register deadline (rate limits answer with an
 * error frame and keep the connection).
 */
class SignalSessionProperties {

    private static final RegisterFrameSigner BOB = new RegisterFrameSigner(Ed25519.fromSeed(SignalFrames.seed(2)));

    /**
     * A service's setup: the default caps or a small message limit (for the oversized path), and a register limiter
     * that refuses by address, or the peerId "carol" once verified.
     */
    record Setup(int maxMessageChars, boolean refuseRegisters, boolean refuseCarol) {
        SignalSettings settings() {
            SignalCaps d = SignalCaps.defaults();
            return SignalSettings.defaults().withCaps(new SignalCaps(maxMessageChars, d.sendQueueFrames(),
                    Math.max(d.sendQueueChars(), maxMessageChars), d.maxPeerIdChars(), d.maxProfileChars(),
                    d.maxLastSeenPeers(), d.lastSeenMaxAge(), d.maxConnectionsPerAddress(), d.registerDeadline()));
        }

        /** Short waits: a register refused by a rate parks the session's reader for its wait (at most 1 s). */
        SignalLimits limits() {
            return new SignalLimits() {
                @Override
                public Optional<Duration> admitRegister(String address) {
                    return refuseRegisters ? Optional.of(Duration.ofMillis(3)) : Optional.empty();
                }

                @Override
                public Optional<Duration> admitVerifiedPeer(String peerId) {
                    return refuseCarol && peerId.equals("carol") ? Optional.of(Duration.ofMillis(1))
                            : Optional.empty();
                }
            };
        }
    }

    @Provide
    Arbitrary<Setup> setups() {
        Arbitrary<Integer> maxChars = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.just(SignalCaps.DEFAULT_MAX_MESSAGE_CHARS)),
                Tuple.of(1, Arbitraries.integers().between(64, 1200))); // room for the marker frames
        Arbitrary<Boolean> rarely = Arbitraries.frequency(Tuple.of(9, false), Tuple.of(1, true));
        return Combinators.combine(maxChars, rarely, rarely).as(Setup::new);
    }

    @Provide
    Arbitrary<List<Frame>> sequences() {
        return SignalFrames.sequences();
    }

    /** A client's socket, as the transport hands it over: what is written to it, whether it was closed. */
    private static final class Client implements SignalTransport {
        final BlockingQueue<JsObject> frames = new LinkedBlockingQueue<>();
        final List<String> ends = new CopyOnWriteArrayList<>();

        @Override
        public void send(String text) {
            try {
                frames.add((JsObject) JsonReader.parse(text));
            } catch (MalformedJsonException | ClassCastException e) {
                throw new AssertionError("the server sent no JSON object: " + text, e);
            }
        }

        @Override
        public void close(int code, String reason) {
            ends.add("close " + code + " " + reason);
        }

        @Override
        public void terminate() {
            ends.add("terminate");
        }

        /** The next frame; fails at once when the connection was ended meanwhile, which nothing here asks for. */
        JsObject next(String waitingFor) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline) {
                JsObject frame = frames.poll(50, TimeUnit.MILLISECONDS);
                if (frame != null) {
                    return frame;
                }
                assertEquals(List.of(), ends, "the session was ended: " + waitingFor);
            }
            return fail("no frame within 10 s: " + waitingFor);
        }
    }

    /**
     * Edge cases off, as for the relay: the generators hold their own. The coverage check keeps them honest: the
     * session must also have been registered, answered a ping and forwarded a signal now and then.
     */
    @Property(tries = 300, edgeCases = EdgeCasesMode.NONE)
    @StatisticsReport(onFailureOnly = true)
    void everyMessageIsAnsweredByTheProtocolAndTheSessionLivesOn(@ForAll("setups") Setup setup,
                                                                  @ForAll("sequences") List<Frame> frames)
            throws InterruptedException {
        try (LoggedFailures failures = LoggedFailures.under("org.peerlink.signal");
             SignalService service = SignalService.builder()
                     .settings(setup.settings())
                     .limits(setup.limits())
                     .clock(InstantSource.fixed(Instant.ofEpochMilli(SignalFrames.NOW_MS)))
                     .build()) {
            Client bob = new Client();
            SignalSession bobSession = service.open(bob);
            String bobRegister = JsonWriter.stringify(BOB.frame("b", "bob", SignalFrames.NOW_MS, "bob-nonce-1", null));
            bobSession.onText(bobRegister, true);
            // a small message limit or a register limiter keeps bob offline: signals to him are then not forwarded
            boolean bobRegistered = bobRegister.length() <= setup.maxMessageChars() && !setup.refuseRegisters();
            Client client = new Client();
            SignalSession session = service.open(client);
            Conversation conversation = new Conversation(setup, client, session, bobRegistered ? bob : null);
            if (bobRegistered) {
                assertEquals("register_ack", type(bob.next("bob's register_ack")));
            }
            for (Frame frame : frames) {
                List<JsObject> answers = conversation.send(frame);
                failures.assertNone(frame.toString());
                conversation.assertAnsweredByTheProtocol(frame, answers);
            }
            conversation.send(null); // still read and answered
            assertEquals(List.of(), client.ends, "the session was ended");
            assertEquals(List.of(), bob.ends, "the peer's session was ended");
            session.onClosed();
            bobSession.onClosed();
        }
        Statistics.coverage(coverage -> {
            coverage.check("register_ack").count(n -> n > 0);
            coverage.check("pong").count(n -> n > 0);
            coverage.check("forwarded").count(n -> n > 0);
            coverage.check("INVALID_JSON").count(n -> n > 0);
        });
    }

    private static String type(JsObject frame) {
        return frame.string("type").orElseThrow(() -> new AssertionError("a frame without a type: " + frame));
    }

    /** One client's session and what the client knows: which peerId it holds, whether bob is online. */
    private static final class Conversation {
        private final Setup setup;
        private final Client client;
        private final SignalSession session;
        /** Bob's socket while he is online, else null. */
        private final Client bob;
        private String peerId;
        private int sent;

        Conversation(Setup setup, Client client, SignalSession session, Client bob) {
            this.setup = setup;
            this.client = client;
            this.session = session;
            this.bob = bob;
        }

        /**
         * Sends {@code frame} (null: none), then a frame the protocol answers with exactly one error echoing its id;
         * frames go out in order, so what came before that error answers {@code frame}.
         */
        List<JsObject> send(Frame frame) throws InterruptedException {
            if (frame != null) {
                frame.sendTo(session);
            }
            String marker = "marker-" + sent++;
            session.onText("{\"v\":\"0\",\"id\":\"" + marker + "\"}", true);
            List<JsObject> answers = new ArrayList<>();
            while (true) {
                JsObject answer = client.next(frame + " (then " + marker + ")");
                if (answer.string("id").filter(marker::equals).isPresent()) {
                    assertEquals("INVALID_VERSION", code(answer), answer.toString());
                    return answers;
                }
                answers.add(answer);
            }
        }

        void assertAnsweredByTheProtocol(Frame frame, List<JsObject> answers) throws InterruptedException {
            String context = frame + "\n  answered " + answers;
            for (JsObject answer : answers) {
                assertEquals("1", answer.string("v").orElse(null), context);
                assertTrue(answer.get("id") != null, context);
            }
            Expected expected = expected(frame);
            Statistics.collect(expected.kind);
            if (answers.isEmpty()) {
                assertNotNull(expected.forwarded, "no answer: " + context);
                assertForwardedToBob(expected.forwarded, context);
                Statistics.collect("forwarded");
                return;
            }
            assertEquals(null, expected.forwarded, "answered, not forwarded: " + context);
            assertEquals(1, answers.size(), "more than one answer: " + context);
            JsObject answer = answers.getFirst();
            String type = type(answer);
            Statistics.collect(type.equals("error") ? code(answer) : type);
            if (type.equals("error")) {
                assertTrue(expected.errorCodes.contains(code(answer)), context);
                JsObject payload = (JsObject) answer.get("payload");
                assertTrue(payload.get("message") instanceof JsString, context);
                if (expected.message != null) {
                    assertEquals(expected.message, payload.string("message").orElseThrow(), context);
                }
                if (JsCoercion.isTruthy(expected.frameId)) {
                    // the client's id, whatever its type, as the original's `id || …`
                    assertEquals(JsonWriter.stringify(expected.frameId), JsonWriter.stringify(answer.get("id")),
                            context);
                }
                return;
            }
            assertTrue(expected.answerTypes.contains(type), context);
            JsObject payload = (JsObject) answer.get("payload");
            switch (type) {
                case "register_ack" -> peerId = payload.string("peerId").orElseThrow();
                case "pong" -> assertEquals(peerId, payload.string("peerId").orElse(null), context);
                case "peers" -> assertTrue(((JsArray) payload.get("peers")).items().contains(new JsString(peerId)),
                        context);
                case "signal" -> assertEquals(peerId, payload.string("to").orElse(null), "a signal to oneself: " + context);
                default -> fail("unexpected " + type + ": " + context);
            }
        }

        /** Bob gets the signal as it was sent, after whatever presence updates were queued for him before it. */
        private void assertForwardedToBob(JsObject signal, String context) throws InterruptedException {
            while (true) {
                JsObject frame = bob.next("the signal forwarded to bob: " + context);
                if (type(frame).equals("signal")) {
                    assertEquals(JsonWriter.stringify(signal), JsonWriter.stringify(frame.get("payload")), context);
                    return;
                }
                assertEquals("presence_update", type(frame), context);
            }
        }

        /** What the protocol allows as the answer to {@code frame}, given whether the session holds a peerId. */
        private Expected expected(Frame frame) {
            if (frame.oversized(setup.maxMessageChars())) {
                return Expected.error("oversized", null, "INVALID_JSON", SignalError.INVALID_JSON);
            }
            JsValue parsed;
            try {
                parsed = JsonReader.parse(frame.received());
            } catch (MalformedJsonException e) {
                return Expected.error("not JSON", null, "INVALID_JSON", SignalError.INVALID_JSON);
            }
            JsObject object = parsed instanceof JsObject o ? o : JsObject.builder().build();
            JsValue id = object.get("id");
            if (!object.string("v").filter("1"::equals).isPresent()) {
                return Expected.error("other version", id, "INVALID_VERSION", SignalError.UNSUPPORTED_VERSION);
            }
            boolean registered = peerId != null;
            JsValue type = object.get("type");
            return switch (type instanceof JsString s ? s.value() : "") {
                case "register" -> new Expected("register", id, Set.of("register_ack"),
                        Set.of("INVALID_REGISTER", "INVALID_REGISTER_AUTH", "RATE_LIMITED"), null, null);
                case "signal" -> registered ? signal(id, object.get("payload"))
                        : Expected.error("signal", id, "NOT_REGISTERED", SignalError.SIGNAL_BEFORE_REGISTER);
                case "ping" -> registered ? Expected.answer("ping", "pong")
                        : Expected.error("ping", id, "NOT_REGISTERED", SignalError.PING_BEFORE_REGISTER);
                case "peers_request" -> registered ? Expected.answer("peers_request", "peers")
                        : Expected.error("peers_request", id, "NOT_REGISTERED", SignalError.PEERS_BEFORE_REGISTER);
                default -> Expected.error("other type", id, "UNKNOWN_TYPE",
                        SignalError.UNKNOWN_TYPE.message(JsCoercion.toJsString(type)));
            };
        }

        /** A registered session's signal: refused, to itself, forwarded to bob, or to nobody online. */
        private Expected signal(JsValue id, JsValue payload) {
            JsValue to = payload instanceof JsObject p ? p.get("to") : null;
            if (!JsCoercion.isTruthy(to)) {
                return Expected.error("signal", id, "INVALID_SIGNAL", SignalError.MISSING_TO);
            }
            JsObject signal = (JsObject) payload;
            if (signal.has("from") && !signal.string("from").filter(peerId::equals).isPresent()) {
                return Expected.error("signal", id, "INVALID_SIGNAL", SignalError.FROM_NOT_SENDER);
            }
            String target = to instanceof JsString s ? s.value() : null;
            if (peerId.equals(target)) {
                return Expected.answer("signal", "signal");
            }
            if ("bob".equals(target) && bob != null) {
                return new Expected("signal", id, Set.of(), Set.of(), null, signal);
            }
            return Expected.error("signal", id, "PEER_NOT_FOUND",
                    SignalError.PEER_NOT_CONNECTED.message(JsCoercion.toJsString(to)));
        }
    }

    /**
     * @param answerTypes the frame types it may be answered with besides {@code error}
     * @param errorCodes  the error codes it may be answered with, as PROTOCOL.md §3.2 writes them
     * @param message     the error's exact message, when the protocol fixes it
     * @param forwarded   the signal that goes to bob and is answered with nothing; null when it is answered
     */
    private record Expected(String kind, JsValue frameId, Set<String> answerTypes, Set<String> errorCodes,
                            String message, JsObject forwarded) {

        static Expected answer(String kind, String type) {
            return new Expected(kind, null, Set.of(type), Set.of(), null, null);
        }

        /** An error with its wire code (written out: apps match on it, see the class) and its fixed message. */
        static Expected error(String kind, JsValue frameId, String code, SignalError error) {
            return error(kind, frameId, code, error.message());
        }

        static Expected error(String kind, JsValue frameId, String code, String message) {
            return new Expected(kind, frameId, Set.of(), Set.of(code), message, null);
        }
    }

    private static String code(JsObject errorFrame) {
        return ((JsObject) errorFrame.get("payload")).string("code")
                .orElseThrow(() -> new AssertionError("an error without a code: " + errorFrame));
    }
}
