package org.peerlink.relay.request;

import java.io.IOException;
import java.io.InputStream;

import org.peerlink.core.crypto.Ed25519;
import org.peerlink.core.crypto.Ed25519StreamVerifier;
import org.peerlink.identity.IdentityPins;
import org.peerlink.identity.PinMatch;
import org.peerlink.relay.RelayError;

/**
 * The {@code sig} / {@code signingPub} pair of a signed relay request. It proves that whoever holds
 * {@code signingPub} signed exactly these fields; whether that key may speak for the request's peerId is the
 * identity pins' to say ({@link #requireKeyOf}).
 */
public final class RequestSignature {

    private final byte[] publicKey;
    private final byte[] signature;

    private RequestSignature(byte[] publicKey, byte[] signature) {
        this.publicKey = publicKey;
        this.signature = signature;
    }

    /**
     * Decodes {@code sig} and {@code signingPub}, the first step of checking the signature.
     *
     * @throws RelayRejection 400 {@code invalid sig/signingPub} when either is no string or not base64
     */
    public static RequestSignature of(RequestFields fields) {
        byte[] signature = fields.signatureField("sig");
        byte[] publicKey = fields.signatureField("signingPub");
        return new RequestSignature(publicKey, signature);
    }

    /**
     * The key must be the one {@code peerId} is pinned to, when it is pinned (PROTOCOL.md §3.5). Checked before the
     * signature: it costs a map lookup, where a signature over a large blob costs a pass over all of it.
     *
     * @return this, for the signature check
     * @throws RelayRejection 401 {@code invalid signature} when another key holds {@code peerId}
     */
    public RequestSignature requireKeyOf(IdentityPins pins, String peerId) {
        if (pins.match(peerId, publicKey) == PinMatch.OTHER_KEY) {
            throw rejected();
        }
        return this;
    }

    /** @throws RelayRejection 401 {@code invalid signature} (also for a key or signature of the wrong length) */
    public void requireValid(byte[] signedBytes) {
        if (!Ed25519.verify(publicKey, signedBytes, signature)) {
            throw rejected();
        }
    }

    /**
     * Like {@link #requireValid(byte[])} for {@code head} followed by everything {@code tail} yields, read in
     * pieces so that a large blob is never held in memory.
     */
    public void requireValid(byte[] head, InputStream tail) throws IOException {
        Ed25519StreamVerifier verifier = Ed25519StreamVerifier.start(publicKey, signature);
        verifier.update(head, 0, head.length);
        byte[] buffer = new byte[64 * 1024];
        for (int n; (n = tail.read(buffer)) != -1; ) {
            verifier.update(buffer, 0, n);
        }
        if (!verifier.verify()) {
            throw rejected();
        }
    }

    private static RelayRejection rejected() {
        return RelayRejection.of(RelayError.INVALID_SIGNATURE);
    }
}
