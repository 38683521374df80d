package org.peerlink.signal.session;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

import org.peerlink.core.crypto.Ed25519;
import org.peerlink.core.json.JsNumber;
import org.peerlink.core.json.JsObject;
import org.peerlink.core.json.JsString;
import org.peerlink.core.json.JsValue;
import org.peerlink.core.json.JsonArbitraries;
import org.peerlink.core.json.JsonWriter;
import org.peerlink.testkit.RegisterFrameSigner;
import org.peerlink.testkit.RelaySigner;

/**
 * Generates what a client sends the signal service: registers signed as the app signs them (so that a session gets
 * registered and the frames that need it are reached), with a field broken at times; signals, pings and peer
 * requests; frames of other types and versions; any JSON; any text. Each goes as one text message, in fragments,
 * or as a binary message.
 */
final class SignalFrames {

    /** The service's clock: registers are signed at it, give or take the skew. */
    static final long NOW_MS = 1_741_590_002_123L;

    /** The key of the client under test; another one holds "bob" (a peer to signal to). */
    static final RegisterFrameSigner CLIENT = new RegisterFrameSigner(Ed25519.fromSeed(seed(1)));

    private SignalFrames() {
    }

    static byte[] seed(int n) {
        byte[] seed = new byte[Ed25519.SEED_SIZE];
        seed[0] = (byte) n;
        return seed;
    }

    /** How the message travels. */
    enum Delivery {
        TEXT, FRAGMENTS, BINARY,
        /** Each character as one byte: mostly not UTF-8, which the service decodes to U+FFFD as the original does. */
        BINARY_LATIN1
    }

    /**
     * One message from the client.
     *
     * @param split where {@link Delivery#FRAGMENTS} cuts it in two
     */
    record Frame(Delivery delivery, String text, int split) {

        void sendTo(SignalSession session) {
            switch (delivery) {
                case TEXT -> session.onText(text, true);
                case FRAGMENTS -> {
                    int at = Math.min(split, text.length());
                    session.onText(text.substring(0, at), false);
                    session.onText(text.substring(at), true);
                }
                case BINARY, BINARY_LATIN1 -> session.onBinary(bytes(), true);
            }
        }

        byte[] bytes() {
            return text.getBytes(delivery == Delivery.BINARY_LATIN1 ? StandardCharsets.ISO_8859_1
                    : StandardCharsets.UTF_8);
        }

        /** The message as the service reads it. */
        String received() {
            return switch (delivery) {
                case TEXT, FRAGMENTS -> text;
                case BINARY, BINARY_LATIN1 -> new String(bytes(), StandardCharsets.UTF_8);
            };
        }

        /** Over the service's limit: then it is not read at all. */
        boolean oversized(int maxChars) {
            return switch (delivery) {
                case TEXT, FRAGMENTS -> text.length() > maxChars;
                case BINARY, BINARY_LATIN1 -> bytes().length > 3 * maxChars || received().length() > maxChars;
            };
        }

        @Override
        public String toString() {
            return delivery + (delivery == Delivery.FRAGMENTS ? "@" + split : "") + " " + text;
        }
    }

    /** Mostly starting with a register as the app's, so that the rest is read by a registered session. */
    static Arbitrary<List<Frame>> sequences() {
        Arbitrary<Frame> appRegister = Combinators.combine(Arbitraries.of("alice", "carol"),
                        Arbitraries.strings().alpha().numeric().ofLength(16))
                .as((peerId, nonce) -> new Frame(Delivery.TEXT,
                        JsonWriter.stringify(CLIENT.frame("reg-app", peerId, NOW_MS, nonce, null)), 0));
        return Combinators.combine(appRegister.injectNull(0.4), frames().list().ofMinSize(1).ofMaxSize(8))
                .as((first, rest) -> {
                    List<Frame> frames = new ArrayList<>();
                    if (first != null) {
                        frames.add(first);
                    }
                    frames.addAll(rest);
                    return frames;
                });
    }

    static Arbitrary<Frame> frames() {
        Arbitrary<String> texts = Arbitraries.frequencyOf(
                Tuple.of(3, registers().map(JsonWriter::stringify)),
                Tuple.of(2, signals().map(JsonWriter::stringify)),
                Tuple.of(2, protocolFrame(Arbitraries.of("ping", "peers_request").map(JsString::new), payloads()).map(JsonWriter::stringify)),
                Tuple.of(2, protocolFrame(otherTypes(), payloads()).map(JsonWriter::stringify)),
                Tuple.of(1, otherVersions().map(JsonWriter::stringify)),
                Tuple.of(1, JsonArbitraries.values().map(JsonWriter::stringify)),
                Tuple.of(1, JsonArbitraries.strings(40)));
        Arbitrary<Delivery> delivery = Arbitraries.frequency(Tuple.of(6, Delivery.TEXT), Tuple.of(2, Delivery.FRAGMENTS),
                Tuple.of(2, Delivery.BINARY), Tuple.of(1, Delivery.BINARY_LATIN1));
        return Combinators.combine(delivery, texts, Arbitraries.integers().between(0, 600)).as(Frame::new);
    }

    /** A frame of the protocol's shape: {@code {"v":"1","id":…,"type":…,"payload":…}}. */
    private static Arbitrary<JsObject> protocolFrame(Arbitrary<? extends JsValue> types, Arbitrary<JsValue> payloads) {
        return Combinators.combine(frameIds(), types, payloads.injectNull(0.1)).as((id, type, payload) -> {
            JsObject.Builder frame = JsObject.builder().put("v", "1");
            if (id != null) {
                frame.put("id", id);
            }
            frame.put("type", type);
            if (payload != null) {
                frame.put("payload", payload);
            }
            return frame.build();
        });
    }

    /** The app's ids, and the values whose truthiness decides whether an error echoes them. */
    private static Arbitrary<JsValue> frameIds() {
        return Arbitraries.frequencyOf(
                Tuple.of(5, Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(12)
                        .map(s -> (JsValue) new JsString("c-" + s))),
                Tuple.of(2, JsonArbitraries.values(1, JsonArbitraries.numbersAsReceived())),
                Tuple.of(1, Arbitraries.of(new JsString(""), JsNumber.of(0), JsNumber.ofJsonText("-0.0"))))
                .injectNull(0.1);
    }

    private static Arbitrary<JsValue> otherTypes() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.of("offer", "answer", "ice", "peers", "pong", "register_ack", "error", "",
                        "REGISTER", "ping ", "signal\u0000").map(JsString::new)),
                Tuple.of(1, JsonArbitraries.strings(8).map(JsString::new)),
                Tuple.of(1, JsonArbitraries.values(1, JsonArbitraries.numbersAsReceived())));
    }

    private static Arbitrary<JsValue> payloads() {
        return JsonArbitraries.values(2, JsonArbitraries.numbersAsReceived());
    }

    /** Frames of the protocol's types but not its version (or none). */
    private static Arbitrary<JsObject> otherVersions() {
        Arbitrary<JsValue> versions = Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.of(new JsString("2"), new JsString(" 1"), JsNumber.of(1), new JsString(""))),
                Tuple.of(1, JsonArbitraries.values(1, JsonArbitraries.numbersAsReceived())));
        return Combinators.combine(protocolFrame(Arbitraries.of("register", "ping", "signal").map(JsString::new),
                payloads()), versions.injectNull(0.3)).as((frame, v) -> v == null ? RelaySigner.without(frame, "v")
                : RelaySigner.with(frame, "v", v));
    }

    private static Arbitrary<String> peerIds() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.of("alice", "carol", "bob")),
                Tuple.of(1, JsonArbitraries.strings(6)),
                Tuple.of(1, Arbitraries.of("", " alice", "x".repeat(128), "x".repeat(129))));
    }

    /** Registers signed by {@link #CLIENT}, some of them then broken in one field of their auth. */
    private static Arbitrary<JsObject> registers() {
        Arbitrary<Long> skew = Arbitraries.frequency(Tuple.of(8, 0L), Tuple.of(1, 29_000L), Tuple.of(1, -31_000L));
        // the nonces the app sends, and some a little short of the eight characters required
        Arbitrary<String> nonces = Arbitraries.strings().alpha().numeric().ofMinLength(6).ofMaxLength(24)
                .filter(n -> n.length() >= 8 || n.hashCode() % 4 == 0);
        // no identityProfile, one of any members, one whose stableUserId is the peerId, one whose is not
        Arbitrary<Integer> profileKinds = Arbitraries.frequency(Tuple.of(5, 0), Tuple.of(2, 1), Tuple.of(2, 2),
                Tuple.of(1, 3));
        Arbitrary<JsObject> signed = Combinators.combine(frameIds(), peerIds(), skew, nonces, profileKinds,
                        JsonArbitraries.objects(payloads(), 3))
                .as((id, peerId, offset, nonce, kind, members) -> {
                    JsObject profile = switch (kind) {
                        case 0 -> null;
                        case 1 -> members;
                        case 2 -> RelaySigner.with(members, "stableUserId", new JsString(peerId));
                        default -> RelaySigner.with(members, "stableUserId", new JsString(peerId + "-other"));
                    };
                    JsObject frame = CLIENT.frame("reg", peerId, NOW_MS + offset, nonce, profile);
                    return id == null ? RelaySigner.without(frame, "id") : RelaySigner.with(frame, "id", id);
                });
        return Combinators.combine(signed, authFaults()).as((frame, fault) -> fault.apply(frame));
    }

    /** One field of a register's auth replaced or removed, or none. */
    private interface AuthFault {
        JsObject apply(JsObject frame);
    }

    private static Arbitrary<AuthFault> authFaults() {
        Arbitrary<String> field = Arbitraries.of("scheme", "peerId", "timestampMs", "nonce", "signingPublicKey",
                "signature", "legacyPeerId", "identityProfile");
        Arbitrary<AuthFault> replace = Combinators.combine(field, payloads())
                .as((key, value) -> frame -> withAuth(frame, auth -> RelaySigner.with(auth, key, value)));
        Arbitrary<AuthFault> drop = field.map(key -> frame -> withAuth(frame, auth -> RelaySigner.without(auth, key)));
        Arbitrary<AuthFault> payload = payloads().map(value -> frame -> RelaySigner.with(frame, "payload", value));
        return Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.just(frame -> frame)), Tuple.of(2, replace),
                Tuple.of(1, drop), Tuple.of(1, payload));
    }

    private static JsObject withAuth(JsObject frame, UnaryOperator<JsObject> change) {
        JsObject payload = (JsObject) frame.get("payload");
        JsObject auth = (JsObject) payload.get("auth");
        return RelaySigner.with(frame, "payload", RelaySigner.with(payload, "auth", change.apply(auth)));
    }

    /** Signals to the peer online, to oneself, to nobody; with a {@code from} that is or is not the sender. */
    private static Arbitrary<JsObject> signals() {
        Arbitrary<JsValue> to = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.just(new JsString("bob"))),
                Tuple.of(6, peerIds().map(JsString::new)),
                Tuple.of(1, JsonArbitraries.values(1, JsonArbitraries.numbersAsReceived())));
        Arbitrary<JsObject> payload = Combinators.combine(to.injectNull(0.1), peerIds().injectNull(0.7),
                JsonArbitraries.objects(payloads(), 3)).as((t, from, rest) -> {
                    JsObject.Builder signal = JsObject.builder();
                    rest.members().forEach(signal::put);
                    if (t != null) {
                        signal.put("to", t);
                    }
                    if (from != null) {
                        signal.put("from", from);
                    }
                    return signal.build();
                });
        Arbitrary<JsValue> payloads = Arbitraries.frequencyOf(Tuple.of(8, payload), Tuple.of(1, payloads()));
        return protocolFrame(Arbitraries.just(new JsString("signal")), payloads);
    }
}
