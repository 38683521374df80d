package org.peerlink.relay.request;

import java.util.concurrent.Semaphore;

/**
 * Bounds how many bytes of large request bodies the relay handles at once. Handling a body costs several times its
 * size in transient heap (the parsed text, the payload string, the decoded bytes, the store's copy); with five
 * 1 MiB blob chunks handled at once those copies outlive young collections and the heap grows to hold them. With
 * the budget, extra large bodies wait their turn (the CPU is busy with the others anyway), so a blob upload costs
 * about the same memory whether clients send 2 or 20 chunks at once. Bodies under {@link #SMALL_BYTES} (every
 * message, ack and group operation) are not counted and never wait.
 */
public final class BodyBudget {

    /** The relay's budget: two 1 MiB blob chunks (base64, so ~1.4 MB each). */
    public static final long LARGE_BODIES_BYTES = 3 * 1024 * 1024;

    /** Bodies up to this size pass freely. */
    public static final long SMALL_BYTES = 64 * 1024;

    private final Semaphore kibibytes;
    private final int totalKib;

    public BodyBudget(long bytes) {
        this.totalKib = (int) Math.max(1, bytes / 1024);
        this.kibibytes = new Semaphore(totalKib, true);
    }

    /**
     * Waits until a body of {@code bytes} fits the budget. A body larger than the whole budget waits for all of
     * it, so it is handled alone.
     *
     * @return what to release when the request is answered
     */
    public Permit acquire(long bytes) {
        if (bytes < SMALL_BYTES) {
            return Permit.NONE;
        }
        int kib = bytes >= totalKib * 1024L ? totalKib : (int) ((bytes + 1023) / 1024);
        kibibytes.acquireUninterruptibly(kib);
        return () -> kibibytes.release(kib);
    }

    /** A share of the budget, given back when closed. */
    @FunctionalInterface
    public interface Permit extends AutoCloseable {
        Permit NONE = () -> {
        };

        @Override
        void close();
    }
}
