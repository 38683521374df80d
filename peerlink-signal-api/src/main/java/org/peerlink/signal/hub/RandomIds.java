package org.peerlink.signal.hub;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Version-4 UUIDs for server frame ids and session ids. They only have to be unique: nothing is authorised by
 * them, so they come from {@link ThreadLocalRandom} rather than {@link UUID#randomUUID()}, whose SecureRandom
 * cost more than forwarding the signal that needs the id.
 */
final class RandomIds {

    private RandomIds() {
    }

    static String uuid() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L; // version 4
        long low = (random.nextLong() & ~(0xC000L << 48)) | (0x8000L << 48); // IETF variant
        return new UUID(high, low).toString();
    }
}
