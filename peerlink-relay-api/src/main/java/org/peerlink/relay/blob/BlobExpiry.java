package org.peerlink.relay.blob;

import java.time.Duration;

import org.peerlink.core.json.JsNumber;

/**
 * A blob lives {@code ttl} seconds from its upload, as in the contract, optionally capped by the server. A ttl
 * that is not positive expires the blob at once — taken literally, as the original does.
 */
public final class BlobExpiry {

    private BlobExpiry() {
    }

    public static long expiresAtMs(long nowMs, JsNumber ttlSeconds, Duration maxBlobTtl) {
        double ttlMs = Math.max(0.0, ttlSeconds.value() * 1000.0);
        if (!maxBlobTtl.isZero()) {
            ttlMs = Math.min(ttlMs, maxBlobTtl.toMillis());
        }
        // Saturate instead of overflowing for absurd ttls (1e300 seconds).
        return ttlMs >= Long.MAX_VALUE - nowMs ? Long.MAX_VALUE : nowMs + (long) ttlMs;
    }
}
