package org.peerlink.launcher;

import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * Starts the writers of connections with queued broadcast frames a short delay after the first one was queued.
 * A register announces the peer to everyone online; with hundreds of registers a second, each peer would otherwise
 * get a writer thread hand-over per update. Delayed by a few milliseconds, the updates of many registers go out in
 * one run of each writer. Presence a few milliseconds late is not noticeable.
 * <p>
 * One daemon thread for the process ({@link #shared()}), parked while nothing is scheduled.
 */
final class BroadcastFlusher {

    /** How long a broadcast frame may wait for its writer. */
    static final Duration DELAY = Duration.ofMillis(20);

    private static final class Holder {
        static final BroadcastFlusher SHARED = new BroadcastFlusher(DELAY);
    }

    private final ConcurrentLinkedQueue<WsPeerConnection> scheduled = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean pending = new AtomicBoolean();
    private final long delayNanos;
    private final Thread thread;

    BroadcastFlusher(Duration delay) {
        this.delayNanos = delay.toNanos();
        this.thread = Thread.ofPlatform().name("peerlink-ws-broadcast").daemon(true).start(this::run);
    }

    /** The process's flusher, started on first use. */
    static BroadcastFlusher shared() {
        return Holder.SHARED;
    }

    /** The connection's writer is to be started after the delay. Called from any thread. */
    void schedule(WsPeerConnection connection) {
        scheduled.add(connection);
        if (pending.compareAndSet(false, true)) {
            LockSupport.unpark(thread);
        }
    }

    private void run() {
        while (true) {
            while (!pending.get()) {
                LockSupport.park(this);
            }
            long deadline = System.nanoTime() + delayNanos;
            for (long left = delayNanos; left > 0; left = deadline - System.nanoTime()) {
                LockSupport.parkNanos(this, left);
            }
            // Cleared before draining: a connection scheduled from now on wakes this thread again.
            pending.set(false);
            for (WsPeerConnection connection; (connection = scheduled.poll()) != null; ) {
                connection.flushBroadcasts();
            }
        }
    }
}
