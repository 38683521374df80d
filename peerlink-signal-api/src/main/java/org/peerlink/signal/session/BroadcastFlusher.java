package org.peerlink.signal.session;

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
 * One per signal service: a daemon thread, started when the first broadcast is scheduled and parked while nothing
 * is, until {@link #close()}.
 */
final class BroadcastFlusher implements AutoCloseable {

    private final ConcurrentLinkedQueue<OutboundQueue> scheduled = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean pending = new AtomicBoolean();
    private final long delayNanos;
    private volatile Thread thread;
    private volatile boolean closed;

    /** @param delay how long a broadcast frame may wait for its writer */
    BroadcastFlusher(Duration delay) {
        this.delayNanos = delay.toNanos();
    }

    /** The connection's writer is to be started after the delay. Called from any thread. */
    void schedule(OutboundQueue connection) {
        scheduled.add(connection);
        if (pending.compareAndSet(false, true)) {
            LockSupport.unpark(running());
        }
    }

    /** Stops the thread; broadcasts scheduled after this wait for the connection's next direct frame. */
    @Override
    public void close() {
        closed = true;
        Thread current = thread;
        if (current != null) {
            LockSupport.unpark(current);
        }
    }

    private Thread running() {
        Thread current = thread;
        if (current == null) {
            synchronized (this) {
                current = thread;
                if (current == null) {
                    current = Thread.ofPlatform().name("peerlink-signal-broadcast").daemon(true).start(this::run);
                    thread = current;
                }
            }
        }
        return current;
    }

    private void run() {
        while (!closed) {
            while (!pending.get() && !closed) {
                LockSupport.park(this);
            }
            long deadline = System.nanoTime() + delayNanos;
            for (long left = delayNanos; left > 0 && !closed; left = deadline - System.nanoTime()) {
                LockSupport.parkNanos(this, left);
            }
            // Cleared before draining: a connection scheduled from now on wakes this thread again.
            pending.set(false);
            for (OutboundQueue connection; (connection = scheduled.poll()) != null; ) {
                connection.flushBroadcasts();
            }
        }
    }
}
