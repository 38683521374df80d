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
import org.peerlink.identity.IdentityPins;
import org.peerlink.identity.InMemoryIdentityPins;
import org.peerlink.identity.PinMatch;
import org.peerlink.signal.SignalError;
import org.peerlink.signal.SignalCaps;

/**
 * Checks a register frame's payload in the order of PROTOCOL.md §3.1 and verifies the Ed25519 proof
 * against the v2 canonical payload, then v1; then the identity binding of §3.5. The first failing check decides
 * the error.
 */
public final class RegisterVerifier {

    public static final Duration DEFAULT_SKEW = Duration.ofSeconds(30);
    public static final Duration DEFAULT_NONCE_WINDOW = Duration.ofMinutes(2);
    static final int MIN_NONCE_LENGTH = 8;

    private final InstantSource clock;
    private final NonceWindow nonces;
    private final IdentityPins pins;
    private final long maxSkewMs;
    private final SignalCaps caps;

    /** A verifier with identity pins of its own and the default caps (tests). */
    public RegisterVerifier(InstantSource clock, NonceWindow nonces, Duration maxSkew) {
        this(clock, nonces, new InMemoryIdentityPins(), maxSkew, SignalCaps.defaults());
    }

    /**
     * @param pins the identity pins (PROTOCOL.md §3.5): a register pins its peerId to its key, durably, before it is
     *             accepted, and another key is refused for a pinned peerId
     */
    public RegisterVerifier(InstantSource clock, NonceWindow nonces, IdentityPins pins, Duration maxSkew,
                            SignalCaps caps) {
        this.clock = clock;
        this.nonces = nonces;
        this.pins = pins;
        this.maxSkewMs = maxSkew.toMillis();
        this.caps = caps;
        Ed25519.initialize();
    }

    public RegisterVerdict verify(JsValue payloadValue) {
        if (!(payloadValue instanceof JsObject payload)) {
            return rejected(SignalError.REGISTER_PAYLOAD_REQUIRED);
        }
        Optional<String> peerId = payload.string("peerId").filter(id -> !id.isEmpty());
        if (peerId.isEmpty()) {
            return rejected(SignalError.PEER_ID_REQUIRED);
        }
        if (peerId.get().length() > caps.maxPeerIdChars()) {
            return rejected(SignalError.PEER_ID_TOO_LONG);
        }
        if (!(payload.get("auth") instanceof JsObject auth)) {
            return rejected(SignalError.AUTH_REQUIRED);
        }
        if (!auth.string("scheme").filter(RegisterCanonicalPayload.SCHEME::equals).isPresent()) {
            return rejected(SignalError.UNSUPPORTED_AUTH_SCHEME);
        }
        if (!auth.string("peerId").filter(peerId.get()::equals).isPresent()) {
            return rejected(SignalError.AUTH_PEER_ID_MISMATCH);
        }
        JsValue legacyPeerId = orNull(auth.get("legacyPeerId"));
        if (!(legacyPeerId instanceof JsNull || legacyPeerId instanceof JsString)) {
            return rejected(SignalError.LEGACY_PEER_ID_NOT_STRING);
        }
        JsValue profile = orNull(auth.get("identityProfile"));
        if (!(profile instanceof JsNull || profile instanceof JsObject)) {
            return rejected(SignalError.IDENTITY_PROFILE_NOT_OBJECT);
        }
        if (ProfileSize.exceeds(profile, caps.maxProfileChars())) {
            return rejected(SignalError.IDENTITY_PROFILE_TOO_LARGE);
        }
        if (profile instanceof JsObject p && !(orNull(p.get("stableUserId")) instanceof JsNull)
                && !p.string("stableUserId").filter(peerId.get()::equals).isPresent()) {
            return rejected(SignalError.STABLE_USER_ID_MISMATCH);
        }
        if (!(auth.get("timestampMs") instanceof JsNumber timestamp) || !timestamp.isFinite()) {
            return rejected(SignalError.TIMESTAMP_REQUIRED);
        }
        Optional<String> nonce = auth.string("nonce").filter(n -> n.length() >= MIN_NONCE_LENGTH);
        if (nonce.isEmpty()) {
            return rejected(SignalError.NONCE_REQUIRED);
        }
        Optional<String> publicKeyText = auth.string("signingPublicKey");
        Optional<String> signatureText = auth.string("signature");
        if (publicKeyText.isEmpty() || signatureText.isEmpty()) {
            return rejected(SignalError.KEY_AND_SIGNATURE_REQUIRED);
        }
        long now = clock.millis();
        if (!(Math.abs(now - timestamp.value()) <= maxSkewMs)) {
            return rejected(SignalError.TIMESTAMP_OUTSIDE_SKEW);
        }
        Optional<byte[]> publicKey = Base64Field.decode(publicKeyText.get());
        // The window is keyed by the key's bytes; a key that is no usable key cannot have consumed a nonce, and the
        // checks below refuse it with their own texts.
        boolean keyFits = publicKey.filter(k -> k.length == Ed25519.PUBLIC_KEY_SIZE).isPresent();
        if (keyFits && nonces.seen(publicKey.get(), nonce.get(), now)) {
            return rejected(SignalError.NONCE_ALREADY_USED);
        }
        Optional<byte[]> signature = Base64Field.decode(signatureText.get());
        if (publicKey.isEmpty() || signature.isEmpty()) {
            return rejected(SignalError.INVALID_BASE64);
        }
        if (!keyFits) {
            return rejected(SignalError.INVALID_KEY_LENGTH);
        }
        if (!Ed25519.isPoint(publicKey.get())) {
            return rejected(SignalError.INVALID_PUBLIC_KEY);
        }
        RegisterProof proof = new RegisterProof(peerId.get(), timestamp, nonce.get(), publicKeyText.get(),
                legacyPeerId, profile);
        RegisterVerdict.CanonicalVersion version;
        if (Ed25519.verify(publicKey.get(), RegisterCanonicalPayload.v2(proof), signature.get())) {
            version = RegisterVerdict.CanonicalVersion.V2;
        } else if (Ed25519.verify(publicKey.get(), RegisterCanonicalPayload.v1(proof), signature.get())) {
            version = RegisterVerdict.CanonicalVersion.V1;
        } else {
            return rejected(SignalError.SIGNATURE_VERIFICATION_FAILED);
        }
        // The pin is looked at before the nonce is consumed (a refused register leaves no trace) and made after it
        // (a replayed frame pins nothing); a concurrent register of another key may still win the bind.
        if (pins.match(peerId.get(), publicKey.get()) == PinMatch.OTHER_KEY) {
            return rejected(SignalError.PEER_BOUND_TO_OTHER_KEY);
        }
        if (!nonces.consume(publicKey.get(), nonce.get(), now)) {
            return rejected(SignalError.NONCE_ALREADY_USED);
        }
        if (!pins.bind(peerId.get(), publicKey.get(), now)) {
            return rejected(SignalError.PEER_BOUND_TO_OTHER_KEY);
        }
        return new RegisterVerdict.Accepted(peerId.get(), version);
    }

    private static JsValue orNull(JsValue value) {
        return value == null ? JsNull.INSTANCE : value;
    }

    private static RegisterVerdict rejected(SignalError error) {
        return new RegisterVerdict.Rejected(error);
    }
}
