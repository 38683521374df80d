package org.peerlink.signal.register;

import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;

import org.peerlink.core.crypto.Ed25519;
import org.peerlink.core.encoding.Base64Field;
import org.peerlink.core.json.JsNull;
import org.peerlink.core.json.JsNumber;
import org.peerlink.core.json.JsObject;
import org.peerlink.core.json.JsString;
import org.peerlink.core.json.JsValue;
import org.peerlink.core.register.RegisterCanonicalPayload;
import org.peerlink.core.register.RegisterProof;
import org.peerlink.core.signal.SignalErrorCode;

/**
 * Checks a register frame's payload in the order of PROTOCOL.md §3.1 and verifies the Ed25519 proof
 * against the v2 canonical payload, then v1. The first failing check decides the error.
 */
public final class RegisterVerifier {

    public static final Duration DEFAULT_SKEW = Duration.ofSeconds(30);
    public static final Duration DEFAULT_NONCE_WINDOW = Duration.ofMinutes(2);
    static final int MIN_NONCE_LENGTH = 8;

    private final InstantSource clock;
    private final NonceWindow nonces;
    private final long maxSkewMs;

    public RegisterVerifier(InstantSource clock, NonceWindow nonces, Duration maxSkew) {
        this.clock = clock;
        this.nonces = nonces;
        this.maxSkewMs = maxSkew.toMillis();
    }

    public RegisterVerdict verify(JsValue payloadValue) {
        if (!(payloadValue instanceof JsObject payload)) {
            return invalid("register payload must be an object");
        }
        Optional<String> peerId = payload.string("peerId").filter(id -> !id.isEmpty());
        if (peerId.isEmpty()) {
            return invalid("payload.peerId must be a non-empty string");
        }
        if (!(payload.get("auth") instanceof JsObject auth)) {
            return invalidAuth("auth must be an object");
        }
        if (!auth.string("scheme").filter(RegisterCanonicalPayload.SCHEME::equals).isPresent()) {
            return invalidAuth("auth.scheme must be " + RegisterCanonicalPayload.SCHEME);
        }
        if (!auth.string("peerId").filter(peerId.get()::equals).isPresent()) {
            return invalidAuth("auth.peerId must equal payload.peerId");
        }
        JsValue legacyPeerId = orNull(auth.get("legacyPeerId"));
        if (!(legacyPeerId instanceof JsNull || legacyPeerId instanceof JsString)) {
            return invalidAuth("auth.legacyPeerId must be a string or null");
        }
        JsValue profile = orNull(auth.get("identityProfile"));
        if (!(profile instanceof JsNull || profile instanceof JsObject)) {
            return invalidAuth("auth.identityProfile must be an object or null");
        }
        if (profile instanceof JsObject p && !(orNull(p.get("stableUserId")) instanceof JsNull)
                && !p.string("stableUserId").filter(peerId.get()::equals).isPresent()) {
            return invalidAuth("identityProfile.stableUserId must equal payload.peerId");
        }
        if (!(auth.get("timestampMs") instanceof JsNumber timestamp) || !timestamp.isFinite()) {
            return invalidAuth("auth.timestampMs must be a finite number");
        }
        Optional<String> nonce = auth.string("nonce").filter(n -> n.length() >= MIN_NONCE_LENGTH);
        if (nonce.isEmpty()) {
            return invalidAuth("auth.nonce must be a string of at least " + MIN_NONCE_LENGTH + " characters");
        }
        Optional<String> publicKeyText = auth.string("signingPublicKey");
        Optional<String> signatureText = auth.string("signature");
        if (publicKeyText.isEmpty() || signatureText.isEmpty()) {
            return invalidAuth("auth.signingPublicKey and auth.signature must be strings");
        }
        long now = clock.millis();
        if (!(Math.abs(now - timestamp.value()) <= maxSkewMs)) {
            return invalidAuth("auth.timestampMs is outside the allowed clock skew");
        }
        if (nonces.seen(nonce.get(), now)) {
            return invalidAuth("auth.nonce was already used");
        }
        Optional<byte[]> publicKey = Base64Field.decode(publicKeyText.get())
                .filter(k -> k.length == Ed25519.PUBLIC_KEY_SIZE);
        if (publicKey.isEmpty()) {
            return invalidAuth("auth.signingPublicKey must be a base64 32-byte Ed25519 key");
        }
        Optional<byte[]> signature = Base64Field.decode(signatureText.get());
        if (signature.isEmpty()) {
            return invalidAuth("signature verification failed");
        }
        RegisterProof proof = new RegisterProof(peerId.get(), timestamp, nonce.get(), publicKeyText.get(),
                legacyPeerId, profile);
        RegisterVerdict.CanonicalVersion version;
        if (Ed25519.verify(publicKey.get(), RegisterCanonicalPayload.v2(proof), signature.get())) {
            version = RegisterVerdict.CanonicalVersion.V2;
        } else if (Ed25519.verify(publicKey.get(), RegisterCanonicalPayload.v1(proof), signature.get())) {
            version = RegisterVerdict.CanonicalVersion.V1;
        } else {
            return invalidAuth("signature verification failed");
        }
        if (!nonces.consume(nonce.get(), now)) {
            return invalidAuth("auth.nonce was already used");
        }
        return new RegisterVerdict.Accepted(peerId.get(), version);
    }

    private static JsValue orNull(JsValue value) {
        return value == null ? JsNull.INSTANCE : value;
    }

    private static RegisterVerdict invalid(String message) {
        return new RegisterVerdict.Rejected(SignalErrorCode.INVALID_REGISTER, message);
    }

    private static RegisterVerdict invalidAuth(String message) {
        return new RegisterVerdict.Rejected(SignalErrorCode.INVALID_REGISTER_AUTH, message);
    }
}
