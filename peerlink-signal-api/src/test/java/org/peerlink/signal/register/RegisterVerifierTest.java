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
import org.peerlink.identity.IdentityPins;
import org.peerlink.identity.InMemoryIdentityPins;
import org.peerlink.identity.PinMatch;
import org.peerlink.signal.SignalError;
import org.peerlink.testkit.RealisticIdentityProfile;
import org.peerlink.signal.SignalCaps;

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
                    ? rejected(SignalError.TIMESTAMP_OUTSIDE_SKEW) : expected(c, auth);
            assertEquals(expected, verdict);
        }));
    }

    private static RegisterVerdict expected(JsonObject c, JsObject auth) {
        String peerId = auth.string("peerId").orElseThrow();
        return switch (c.getString("verdict")) {
            case "v2" -> new RegisterVerdict.Accepted(peerId, RegisterVerdict.CanonicalVersion.V2);
            case "v1" -> new RegisterVerdict.Accepted(peerId, RegisterVerdict.CanonicalVersion.V1);
            default -> rejected(invalidVerdict(auth));
        };
    }

    /** Why an auth the vectors call invalid is refused: the first of the key and signature checks it fails. */
    private static SignalError invalidVerdict(JsObject auth) {
        var key = Base64Field.decode(auth.string("signingPublicKey").orElseThrow());
        var signature = Base64Field.decode(auth.string("signature").orElseThrow());
        if (key.isEmpty() || signature.isEmpty()) {
            return SignalError.INVALID_BASE64;
        }
        if (key.get().length != Ed25519.PUBLIC_KEY_SIZE) {
            return SignalError.INVALID_KEY_LENGTH;
        }
        return Ed25519.isPoint(key.get()) ? SignalError.SIGNATURE_VERIFICATION_FAILED : SignalError.INVALID_PUBLIC_KEY;
    }

    private static JsObject payload(JsObject auth) {
        return JsObject.builder().put("peerId", auth.get("peerId")).put("auth", auth).build();
    }

    /** A valid auth object signed over v2, edited by {@code edit} before signing. */
    private static JsObject signedAuth(String nonce, UnaryOperator<JsObject.Builder> edit) {
        return signedAuth(KEYS, nonce, edit);
    }

    /** A valid auth object signed over v2 with {@code keys}, edited by {@code edit} before signing. */
    private static JsObject signedAuth(Ed25519.KeyPair keys, String nonce, UnaryOperator<JsObject.Builder> edit) {
        return signedAuth(keys, "peer-a", nonce, edit);
    }

    /** The same for another peerId (another device: a peerId is pinned to one key). */
    private static JsObject signedAuth(Ed25519.KeyPair keys, String peerId, String nonce,
                                       UnaryOperator<JsObject.Builder> edit) {
        String key = Base64.getEncoder().encodeToString(keys.publicKey());
        JsObject.Builder auth = JsObject.builder().put("scheme", RegisterCanonicalPayload.SCHEME).put("peerId", peerId)
                .put("timestampMs", JsNumber.of(NOW)).put("nonce", nonce).put("signingPublicKey", key);
        JsObject unsigned = edit.apply(auth).build();
        String signedKey = unsigned.string("signingPublicKey").orElse(key);
        RegisterProof proof = new RegisterProof(peerId, (JsNumber) unsigned.get("timestampMs"), nonce, signedKey,
                unsigned.get("legacyPeerId"), unsigned.get("identityProfile"));
        return copyWith(unsigned, "signature", Base64.getEncoder().encodeToString(keys.sign(RegisterCanonicalPayload.v2(proof))));
    }

    private RegisterVerdict register(JsValue payload) {
        return verifier.verify(payload);
    }

    private static RegisterVerdict rejected(SignalError error) {
        return new RegisterVerdict.Rejected(error);
    }

    private static JsValue json(String text) throws Exception {
        return JsonReader.parse(text);
    }

    @Test
    void payloadAndPeerIdChecksAreInvalidRegister() throws Exception {
        assertEquals(rejected(SignalError.REGISTER_PAYLOAD_REQUIRED), register(null));
        assertEquals(rejected(SignalError.REGISTER_PAYLOAD_REQUIRED), register(json("[]")));
        assertEquals(rejected(SignalError.REGISTER_PAYLOAD_REQUIRED), register(json("\"peer-a\"")));
        assertEquals(rejected(SignalError.PEER_ID_REQUIRED), register(json("{\"peerId\":\"\"}")));
        assertEquals(rejected(SignalError.PEER_ID_REQUIRED), register(json("{\"peerId\":5}")));
        assertEquals(rejected(SignalError.PEER_ID_REQUIRED), register(json("{}")));
    }

    @Test
    void authChecksComeInContractOrder() throws Exception {
        assertEquals(rejected(SignalError.AUTH_REQUIRED), register(json("{\"peerId\":\"peer-a\"}")));
        assertEquals(rejected(SignalError.AUTH_REQUIRED), register(json("{\"peerId\":\"peer-a\",\"auth\":null}")));
        assertEquals(rejected(SignalError.UNSUPPORTED_AUTH_SCHEME),
                register(json("{\"peerId\":\"peer-a\",\"auth\":{\"scheme\":\"x\"}}")));
        assertEquals(rejected(SignalError.AUTH_PEER_ID_MISMATCH),
                register(JsObject.builder().put("peerId", "peer-a")
                        .put("auth", signedAuth("nonce-0001", a -> a.put("peerId", "peer-b"))).build()));
        assertEquals(rejected(SignalError.LEGACY_PEER_ID_NOT_STRING),
                register(payload(signedAuth("nonce-0002", a -> a.put("legacyPeerId", JsNumber.of(1))))));
        assertEquals(rejected(SignalError.IDENTITY_PROFILE_NOT_OBJECT),
                register(payload(signedAuth("nonce-0003", a -> a.put("identityProfile", "profile")))));
        assertEquals(rejected(SignalError.TIMESTAMP_REQUIRED),
                register(payload(signedAuth("nonce-0004", a -> a.put("timestampMs", JsNumber.ofJsonText("1e400"))))));
        assertEquals(rejected(SignalError.TIMESTAMP_REQUIRED),
                register(payload(copyWith(signedAuth("nonce-0004", a -> a), "timestampMs", "1741590002123"))));
        assertEquals(rejected(SignalError.NONCE_REQUIRED), register(payload(signedAuth("short", a -> a))));
        assertEquals(rejected(SignalError.NONCE_REQUIRED),
                register(payload(copyWith(signedAuth("nonce-0009", a -> a), "nonce", JsNumber.of(123456789)))));
        assertEquals(rejected(SignalError.KEY_AND_SIGNATURE_REQUIRED),
                register(payload(signedAuth("nonce-0005", a -> a.put("signingPublicKey", JsNumber.of(7))))));
        assertEquals(rejected(SignalError.INVALID_BASE64),
                register(payload(signedAuth("nonce-0006", a -> a.put("signingPublicKey", "AA AA")))));
        assertEquals(rejected(SignalError.INVALID_BASE64),
                register(payload(copyWith(signedAuth("nonce-0006", a -> a), "signature", "not base64!"))));
        assertEquals(rejected(SignalError.INVALID_KEY_LENGTH),
                register(payload(signedAuth("nonce-0006", a -> a.put("signingPublicKey", "AAAA")))));
        assertEquals(rejected(SignalError.INVALID_PUBLIC_KEY),
                register(payload(signedAuth("nonce-0006", a -> a.put("signingPublicKey", notACurvePoint())))));
        assertEquals(rejected(SignalError.SIGNATURE_VERIFICATION_FAILED),
                register(payload(copyWith(signedAuth("nonce-0006", a -> a), "signature", "AAAA"))));
    }

    /** A 32-byte key of the core's Ed25519 vectors that decodes to no point of the curve. */
    private static String notACurvePoint() {
        return Vectors.cases("ed25519.json").stream()
                .filter(c -> c.getString("name").equals("public-key-not-on-curve-0"))
                .findFirst().orElseThrow().getString("publicKeyBase64");
    }

    /** [improve] The original only compares stableUserId when it is a string; a number slipped through. */
    @Test
    void stableUserIdOfAnyNonNullTypeMustEqualPeerId() throws Exception {
        JsObject numeric = (JsObject) json("{\"stableUserId\":42}");
        assertEquals(rejected(SignalError.STABLE_USER_ID_MISMATCH),
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
        assertEquals(rejected(SignalError.TIMESTAMP_OUTSIDE_SKEW),
                register(payload(signedAuth("nonce-edge-2", a -> a))));
        now.set(NOW - 30_001);
        assertEquals(rejected(SignalError.TIMESTAMP_OUTSIDE_SKEW),
                register(payload(signedAuth("nonce-edge-3", a -> a))));
    }

    @Test
    void nonceIsConsumedOnlyBySuccessAndExpiresAfterTheWindow() {
        JsObject badSignature = signedAuth("nonce-replay", a -> a.put("legacyPeerId", "signed"));
        JsObject tampered = JsObject.builder().put("peerId", "peer-a").put("auth", copyWith(badSignature, "legacyPeerId", "changed")).build();
        assertEquals(rejected(SignalError.SIGNATURE_VERIFICATION_FAILED), register(tampered));

        JsObject good = payload(signedAuth("nonce-replay", a -> a));
        assertEquals(new RegisterVerdict.Accepted("peer-a", RegisterVerdict.CanonicalVersion.V2), register(good));
        assertEquals(rejected(SignalError.NONCE_ALREADY_USED), register(good));

        now.addAndGet(RegisterVerifier.DEFAULT_NONCE_WINDOW.toMillis() - 1);
        assertEquals(rejected(SignalError.TIMESTAMP_OUTSIDE_SKEW), register(good));
        assertEquals(true, nonces.seen(KEYS.publicKey(), "nonce-replay", now.get()));
        now.addAndGet(1);
        assertEquals(false, nonces.seen(KEYS.publicKey(), "nonce-replay", now.get()));
    }

    /** PROTOCOL.md §3.5: the first successful register pins the peerId to its key. */
    @Test
    void aPeerIdIsPinnedToTheKeyOfItsFirstRegister() {
        Ed25519.KeyPair other = Ed25519.fromSeed(new byte[] {7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7,
                7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7});
        RegisterVerdict.Accepted accepted = new RegisterVerdict.Accepted("peer-a", RegisterVerdict.CanonicalVersion.V2);
        assertEquals(accepted, register(payload(signedAuth("nonce-first-key", a -> a))));

        assertEquals(rejected(SignalError.PEER_BOUND_TO_OTHER_KEY),
                register(payload(signedAuth(other, "nonce-other-key", a -> a))));
        assertEquals(false, nonces.seen(other.publicKey(), "nonce-other-key", NOW), "a refused register uses no nonce");
        assertEquals(accepted, register(payload(signedAuth("nonce-first-key-again", a -> a))), "its key again");
    }

    @Test
    void theVerifierPinsIntoThePinsItIsGivenAndHonoursTheirs() {
        IdentityPins pins = new InMemoryIdentityPins();
        RegisterVerifier shared = new RegisterVerifier(clock, nonces, pins, RegisterVerifier.DEFAULT_SKEW,
                SignalCaps.defaults());
        assertInstanceOf(RegisterVerdict.Accepted.class, shared.verify(payload(signedAuth("nonce-shared-1", a -> a))));
        assertEquals(PinMatch.SAME_KEY, pins.match("peer-a", KEYS.publicKey()));

        pins.release("peer-a");
        pins.bind("peer-a", new byte[32], NOW);
        assertEquals(rejected(SignalError.PEER_BOUND_TO_OTHER_KEY),
                shared.verify(payload(signedAuth("nonce-shared-2", a -> a))));
    }

    @Test
    void concurrentFirstRegistersOfTwoKeysPinExactlyOne() throws Exception {
        Ed25519.KeyPair other = Ed25519.fromSeed(new byte[] {9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9,
                9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9});
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            java.util.List<java.util.concurrent.Callable<RegisterVerdict>> registers = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                JsObject frame = payload(signedAuth(i % 2 == 0 ? KEYS : other, "nonce-race-key-" + i, a -> a));
                registers.add(() -> verifier.verify(frame));
            }
            java.util.Set<Boolean> winnerKeys = new java.util.HashSet<>();
            java.util.List<java.util.concurrent.Future<RegisterVerdict>> results = pool.invokeAll(registers);
            for (int i = 0; i < results.size(); i++) {
                if (results.get(i).get() instanceof RegisterVerdict.Accepted) {
                    winnerKeys.add(i % 2 == 0);
                } else {
                    assertEquals(rejected(SignalError.PEER_BOUND_TO_OTHER_KEY), results.get(i).get());
                }
            }
            assertEquals(1, winnerKeys.size(), "only one key's registers are accepted");
        } finally {
            pool.shutdownNow();
        }
    }

    /** The real app's profile is ~1.2 KB (~0.7 KB more per linked device): 32 Ki characters is far above it. */
    @Test
    void anIdentityProfileOverTheCapIsRefusedBeforeItIsWrittenOut() {
        JsObject app = RealisticIdentityProfile.of("peer-a", "account-1", Base64.getEncoder().encodeToString(
                KEYS.publicKey()));
        assertInstanceOf(RegisterVerdict.Accepted.class,
                register(payload(signedAuth("nonce-profile-1", a -> a.put("identityProfile", app)))));

        JsObject.Builder huge = JsObject.builder();
        for (int i = 0; i < 1200; i++) {
            huge.put("device" + i, "x".repeat(20));
        }
        JsObject tooLarge = huge.build();
        assertEquals(rejected(SignalError.IDENTITY_PROFILE_TOO_LARGE),
                register(payload(signedAuth("nonce-profile-2", a -> a.put("identityProfile", tooLarge)))));
        assertEquals(false, nonces.seen(KEYS.publicKey(), "nonce-profile-2", NOW));
    }

    @Test
    void aPeerIdOverTheLimitIsRefusedBeforeItsAuthIsRead() throws Exception {
        int limit = SignalCaps.DEFAULT_MAX_PEER_ID_CHARS;
        assertEquals(rejected(SignalError.AUTH_REQUIRED), register(json("{\"peerId\":\"" + "p".repeat(limit) + "\"}")));
        assertEquals(rejected(SignalError.PEER_ID_TOO_LONG),
                register(json("{\"peerId\":\"" + "p".repeat(limit + 1) + "\"}")));
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

    /**
     * [improve] The app's nonce is the time in microseconds, so two devices may send the same one: the window is
     * keyed by (key, nonce). The same key with the same nonce is a replay, also with the key written another way.
     */
    @Test
    void theNonceWindowIsKeyedBySigningKeyAndNonce() {
        Ed25519.KeyPair other = Ed25519.fromSeed(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
                17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32});
        assertInstanceOf(RegisterVerdict.Accepted.class, register(payload(signedAuth("1741590002123456", a -> a))));
        assertInstanceOf(RegisterVerdict.Accepted.class,
                register(payload(signedAuth(other, "peer-b", "1741590002123456", a -> a))));
        assertEquals(rejected(SignalError.NONCE_ALREADY_USED),
                register(payload(signedAuth("1741590002123456", a -> a))));
        String urlSafeUnpadded = Base64.getUrlEncoder().withoutPadding().encodeToString(KEYS.publicKey());
        assertEquals(rejected(SignalError.NONCE_ALREADY_USED), register(payload(signedAuth("1741590002123456",
                a -> a.put("signingPublicKey", urlSafeUnpadded)))));
    }

    private static JsObject copyWith(JsObject source, String key, String value) {
        return copyWith(source, key, new org.peerlink.core.json.JsString(value));
    }

    private static JsObject copyWith(JsObject source, String key, JsValue value) {
        JsObject.Builder copy = JsObject.builder();
        source.members().forEach(copy::put);
        return copy.put(key, value).build();
    }
}
