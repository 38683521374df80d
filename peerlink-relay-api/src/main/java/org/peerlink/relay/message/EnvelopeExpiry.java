package org.peerlink.relay.message;

import java.time.Duration;

import org.peerlink.core.json.JsNumber;

/**
 * When a queued envelope stops being fetchable: after the server's retention, or after the envelope's own
 * {@code ttl} (seconds) when that is shorter. A {@code ttl} that is not positive sets no shorter bound: clients
 * have no reason to send one, and taking it literally would drop the message before anyone could fetch it.
 */
public final class EnvelopeExpiry {

    private EnvelopeExpiry() {
    }

    public static long expiresAtMs(long nowMs, Duration retention, JsNumber ttlSeconds) {
        long retentionMs = retention.toMillis();
        double ttlMs = ttlSeconds.value() * 1000.0;
        long lifetimeMs = ttlMs > 0 && ttlMs < retentionMs ? Math.max(1L, (long) ttlMs) : retentionMs;
        return Math.addExact(nowMs, lifetimeMs);
    }
}
