package org.peerlink.signal.register;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import jakarta.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.peerlink.core.Vectors;
import org.peerlink.core.crypto.Ed25519;
import org.peerlink.core.encoding.Base64Field;
import org.peerlink.core.json.JsNumber;
import org.peerlink.core.json.JsObject;
import org.peerlink.core.json.JsValue;
import org.peerlink.core.json.JsonReader;
import org.peerlink.core.register.RegisterCanonicalPayload;
import org.peerlink.core.register.RegisterProof;
import org.peerlink.core.signal.SignalErrorCode;

class RegisterVerifierTest {

    private static final long NOW = 1_741_590_002_123L;
    private static final Ed25519.KeyPair KEYS = Ed25519.fromSeed(new byte[32]);

    private final AtomicLong now = new AtomicLong(NOW);
    private final InstantSource clock = () -> Instant.ofEpochMilli(now.get());
    private final InMemoryNonceWindow nonces = new InMemoryNonceWindow(RegisterVerifier.DEFAULT_NONCE_WINDOW);
    private final RegisterVerifier verifier = new RegisterVerifier(clock, nonces, RegisterVerifier.DEFAULT_SKEW);

    /** The JavaScript-computed verdicts of the core's register vectors, through the whole check order. */
    @TestFactory
    Stream<DynamicTest> vectorVerdicts() {
        return Vectors.cases("register.json").stream().map(c -> DynamicTest.dynamicTest(c.getString("name"), () -> {
            JsObject auth = (JsObject) JsonReader.parse(c.getString("authJson").getBytes(StandardCharsets.UTF_8));
            double timestamp = ((JsNumber) auth.get("timestampMs")).value();
            now.set((long) timestamp);
            RegisterVerdict verdict = new RegisterVerifier(clock, new InMemoryNonceWindow(Duration.ofMinutes(2)),
                    RegisterVerifier.DEFAULT_SKEW).verify(payload(auth));
            // A timestamp no clock can show (1e21 ms) fails the skew check before the signature is looked at.
            RegisterVerdict expected = timestamp > 1e18
                    ? rejectedAuth("auth.timestampMs is outside the allowed clock skew") : expected(c, auth);
            assertEquals(expected, verdict);
        }));
    }

    private static RegisterVerdict expected(JsonObject c, JsObject auth) {
        String peerId = auth.string("peerId").orElseThrow();
        boolean keyUsable = Base64Field.decode(auth.string("signingPublicKey").orElseThrow())
                .filter(k -> k.length == Ed25519.PUBLIC_KEY_SIZE).isPresent();
        return switch (c.getString("verdict")) {
            case "v2" -> new RegisterVerdict.Accepted(peerId, RegisterVerdict.CanonicalVersion.V2);
            case "v1" -> new RegisterVerdict.Accepted(peerId, RegisterVerdict.CanonicalVersion.V1);
            default -> rejectedAuth(keyUsable ? "signature verification failed"
                    : "auth.signingPublicKey must be a base64 32-byte Ed25519 key");
        };
    }

    private static JsObject payload(JsObject auth) {
        return JsObject.builder().put("peerId", auth.get("peerId")).put("auth", auth).build();
    }

    /** A valid auth object signed over v2, edited by {@code edit} before signing. */
    private static JsObject signedAuth(String nonce, UnaryOperator<JsObject.Builder> edit) {
        String key = Base64.getEncoder().encodeToString(KEYS.publicKey());
        JsObject.Builder auth = JsObject.builder().put("scheme", RegisterCanonicalPayload.SCHEME).put("peerId", "peer-a")
                .put("timestampMs", JsNumber.of(NOW)).put("nonce", nonce).put("signingPublicKey", key);
        JsObject unsigned = edit.apply(auth).build();
        RegisterProof proof = new RegisterProof("peer-a", (JsNumber) unsigned.get("timestampMs"), nonce, key,
                unsigned.get("legacyPeerId"), unsigned.get("identityProfile"));
        return copyWith(unsigned, "signature", Base64.getEncoder().encodeToString(KEYS.sign(RegisterCanonicalPayload.v2(proof))));
    }

    private RegisterVerdict register(JsValue payload) {
        return verifier.verify(payload);
    }

    private static RegisterVerdict rejected(String message) {
        return new RegisterVerdict.Rejected(SignalErrorCode.INVALID_REGISTER, message);
    }

    private static RegisterVerdict rejectedAuth(String message) {
        return new RegisterVerdict.Rejected(SignalErrorCode.INVALID_REGISTER_AUTH, message);
    }

    private static JsValue json(String text) throws Exception {
        return JsonReader.parse(text);
    }

    @Test
    void payloadAndPeerIdChecksAreInvalidRegister() throws Exception {
        assertEquals(rejected("register payload must be an object"), register(json("[]")));
        assertEquals(rejected("payload.peerId must be a non-empty string"), register(json("{\"peerId\":\"\"}")));
        assertEquals(rejected("payload.peerId must be a non-empty string"), register(json("{\"peerId\":5}")));
    }

    @Test
    void authChecksComeInContractOrder() throws Exception {
        assertEquals(rejectedAuth("auth must be an object"), register(json("{\"peerId\":\"peer-a\",\"auth\":null}")));
        assertEquals(rejectedAuth("auth.scheme must be peerlink-ed25519-v1"),
                register(json("{\"peerId\":\"peer-a\",\"auth\":{\"scheme\":\"x\"}}")));
        assertEquals(rejectedAuth("auth.peerId must equal payload.peerId"),
                register(JsObject.builder().put("peerId", "peer-a")
                        .put("auth", signedAuth("nonce-0001", a -> a.put("peerId", "peer-b"))).build()));
        assertEquals(rejectedAuth("auth.legacyPeerId must be a string or null"),
                register(payload(signedAuth("nonce-0002", a -> a.put("legacyPeerId", JsNumber.of(1))))));
        assertEquals(rejectedAuth("auth.identityProfile must be an object or null"),
                register(payload(signedAuth("nonce-0003", a -> a.put("identityProfile", "profile")))));
        assertEquals(rejectedAuth("auth.timestampMs must be a finite number"),
                register(payload(signedAuth("nonce-0004", a -> a.put("timestampMs", JsNumber.ofJsonText("1e400"))))));
        assertEquals(rejectedAuth("auth.nonce must be a string of at least 8 characters"),
                register(payload(signedAuth("short", a -> a))));
        assertEquals(rejectedAuth("auth.signingPublicKey and auth.signature must be strings"),
                register(payload(signedAuth("nonce-0005", a -> a.put("signingPublicKey", JsNumber.of(7))))));
        assertEquals(rejectedAuth("auth.signingPublicKey must be a base64 32-byte Ed25519 key"),
                register(payload(signedAuth("nonce-0006", a -> a.put("signingPublicKey", "AAAA")))));
    }

    /** [improve] The original only compares stableUserId when it is a string; a number slipped through. */
    @Test
    void stableUserIdOfAnyNonNullTypeMustEqualPeerId() throws Exception {
        JsObject numeric = (JsObject) json("{\"stableUserId\":42}");
        assertEquals(rejectedAuth("identityProfile.stableUserId must equal payload.peerId"),
                register(payload(signedAuth("nonce-0007", a -> a.put("identityProfile", numeric)))));
        JsObject nullId = (JsObject) json("{\"stableUserId\":null,\"deviceId\":\"d1\"}");
        assertInstanceOf(RegisterVerdict.Accepted.class,
                register(payload(signedAuth("nonce-0008", a -> a.put("identityProfile", nullId)))));
    }

    @Test
    void timestampOutsideThirtySecondsIsRejectedAtTheEdgeItIsAccepted() {
        now.set(NOW + 30_000);
        assertInstanceOf(RegisterVerdict.Accepted.class, register(payload(signedAuth("nonce-edge-1", a -> a))));
        now.set(NOW + 30_001);
        assertEquals(rejectedAuth("auth.timestampMs is outside the allowed clock skew"),
                register(payload(signedAuth("nonce-edge-2", a -> a))));
        now.set(NOW - 30_001);
        assertEquals(rejectedAuth("auth.timestampMs is outside the allowed clock skew"),
                register(payload(signedAuth("nonce-edge-3", a -> a))));
    }

    @Test
    void nonceIsConsumedOnlyBySuccessAndExpiresAfterTheWindow() {
        JsObject badSignature = signedAuth("nonce-replay", a -> a.put("legacyPeerId", "signed"));
        JsObject tampered = JsObject.builder().put("peerId", "peer-a").put("auth", copyWith(badSignature, "legacyPeerId", "changed")).build();
        assertEquals(rejectedAuth("signature verification failed"), register(tampered));

        JsObject good = payload(signedAuth("nonce-replay", a -> a));
        assertEquals(new RegisterVerdict.Accepted("peer-a", RegisterVerdict.CanonicalVersion.V2), register(good));
        assertEquals(rejectedAuth("auth.nonce was already used"), register(good));

        now.addAndGet(RegisterVerifier.DEFAULT_NONCE_WINDOW.toMillis() - 1);
        assertEquals(rejectedAuth("auth.timestampMs is outside the allowed clock skew"), register(good));
        assertEquals(true, nonces.seen("nonce-replay", now.get()));
        now.addAndGet(1);
        assertEquals(false, nonces.seen("nonce-replay", now.get()));
    }

    @Test
    void concurrentRegistersWithOneNonceAcceptExactlyOne() throws Exception {
        JsObject good = payload(signedAuth("nonce-race", a -> a));
        int threads = 8;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            java.util.List<java.util.concurrent.Future<RegisterVerdict>> results = new java.util.ArrayList<>();
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return verifier.verify(good);
                }));
            }
            start.countDown();
            int accepted = 0;
            for (var result : results) {
                accepted += result.get() instanceof RegisterVerdict.Accepted ? 1 : 0;
            }
            assertEquals(1, accepted);
        } finally {
            pool.shutdownNow();
        }
    }

    private static JsObject copyWith(JsObject source, String key, String value) {
        JsObject.Builder copy = JsObject.builder();
        source.members().forEach(copy::put);
        return copy.put(key, value).build();
    }
}
