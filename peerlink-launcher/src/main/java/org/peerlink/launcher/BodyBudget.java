package org.peerlink.launcher;

import java.util.OptionalLong;
import java.util.concurrent.Semaphore;

/**
 * Bounds how many bytes of large request bodies the relay works on at once. Handling a body costs a few times its
 * size in transient heap (the bytes, the parsed text, the decoded payload, the store's copy); five 1 MiB blob chunks
 * in flight are some 50 MiB that outlive a young collection and get promoted, and the heap grows to hold them. With
 * the budget, extra large bodies wait their turn instead (the CPU is busy with the others anyway), so a blob upload
 * costs the same memory whether clients send 2 or 20 chunks at once. Bodies under {@link #SMALL_BYTES} (every
 * message, ack and group operation) are not counted.
 */
final class BodyBudget {

    /** Bodies up to this size pass freely. */
    static final long SMALL_BYTES = 64 * 1024;

    private final Semaphore kibibytes;
    private final int totalKib;

    BodyBudget(long bytes) {
        this.totalKib = (int) Math.max(1, bytes / 1024);
        this.kibibytes = new Semaphore(totalKib, true);
    }

    /**
     * Waits until the body fits the budget. A body larger than the whole budget waits for all of it, so it runs
     * alone; one of unknown length (chunked) counts as that large.
     *
     * @return what to release when the request is answered
     */
    Permit acquire(OptionalLong contentLength) {
        long length = contentLength.orElse(Long.MAX_VALUE);
        if (length < SMALL_BYTES) {
            return Permit.NONE;
        }
        int kib = length >= totalKib * 1024L ? totalKib : (int) ((length + 1023) / 1024);
        kibibytes.acquireUninterruptibly(kib);
        return () -> kibibytes.release(kib);
    }

    /** A share of the budget, given back when closed. */
    @FunctionalInterface
    interface Permit extends AutoCloseable {
        Permit NONE = () -> {
        };

        @Override
        void close();
    }
}
