package org.peerlink.identity;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Pins held in memory only: for tests and for an embedding that keeps no state. A restart forgets every pin, after
 * which the next register of each peerId pins it again, possibly to another key.
 */
public final class InMemoryIdentityPins implements IdentityPins {

    private final Map<String, IdentityPin> pins = new ConcurrentHashMap<>();

    @Override
    public PinMatch match(String peerId, byte[] signingKey) {
        IdentityPin pin = pins.get(peerId);
        if (pin == null) {
            return PinMatch.NONE;
        }
        return pin.isKey(signingKey) ? PinMatch.SAME_KEY : PinMatch.OTHER_KEY;
    }

    @Override
    public boolean bind(String peerId, byte[] signingKey, long nowMs) {
        IdentityPin pin = pins.compute(peerId, (id, existing) -> {
            if (existing == null) {
                return new IdentityPin(id, IdentityPin.keyText(signingKey), nowMs, nowMs);
            }
            if (existing.isKey(signingKey) && nowMs - existing.lastUsedMs() >= TOUCH_INTERVAL_MS) {
                return existing.usedAt(nowMs);
            }
            return existing;
        });
        return pin.isKey(signingKey);
    }

    @Override
    public List<IdentityPin> list() {
        return pins.values().stream().sorted(Comparator.comparing(IdentityPin::peerId)).toList();
    }

    @Override
    public boolean release(String peerId) {
        return pins.remove(peerId) != null;
    }

    @Override
    public int expireUnusedSince(long cutoffMs) {
        int released = 0;
        for (IdentityPin pin : pins.values()) {
            if (pin.lastUsedMs() < cutoffMs && pins.remove(pin.peerId(), pin)) {
                released++;
            }
        }
        return released;
    }
}
