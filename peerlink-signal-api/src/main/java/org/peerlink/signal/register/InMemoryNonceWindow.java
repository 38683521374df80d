package org.peerlink.signal.register;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link NonceWindow} in memory: correct for one process that never restarts. Expired entries are
 * dropped as new nonces arrive, so memory stays proportional to the registers of one window.
 */
public final class InMemoryNonceWindow implements NonceWindow {

    private final long windowMs;
    /** {@link NonceKey} → when it was consumed. */
    private final ConcurrentHashMap<String, Long> consumedAt = new ConcurrentHashMap<>();
    private volatile long nextSweepMs;

    public InMemoryNonceWindow(Duration window) {
        this.windowMs = window.toMillis();
    }

    @Override
    public boolean seen(byte[] signingKey, String nonce, long nowMs) {
        Long at = consumedAt.get(NonceKey.of(signingKey, nonce));
        return at != null && nowMs - at < windowMs;
    }

    @Override
    public boolean consume(byte[] signingKey, String nonce, long nowMs) {
        sweep(nowMs);
        boolean[] fresh = {false};
        consumedAt.compute(NonceKey.of(signingKey, nonce), (key, at) -> {
            if (at != null && nowMs - at < windowMs) {
                return at;
            }
            fresh[0] = true;
            return nowMs;
        });
        return fresh[0];
    }

    private void sweep(long nowMs) {
        if (nowMs < nextSweepMs) {
            return;
        }
        nextSweepMs = nowMs + windowMs / 4;
        consumedAt.values().removeIf(at -> nowMs - at >= windowMs);
    }
}
