package org.peerlink.signal.session;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.locks.ReentrantLock;

import org.peerlink.signal.SignalClose;
import org.peerlink.signal.hub.PeerConnection;
import org.peerlink.signal.hub.SharedFrame;

/**
 * What the signal hub sends to one client, over its {@link SignalTransport}: frames are queued (bounded) and written
 * in order by a virtual thread of the connection, so a slow or stalled receiver never blocks the sender or the
 * registry, and frames to one socket are never interleaved. A queue that overflows (in frames or in characters)
 * closes the connection with 1013 rather than buffering without end.
 * <p>
 * The writer thread exists only while there is something to write, and the queue only while it holds frames: most
 * connections are idle most of the time, and an idle one then costs neither a parked thread nor a queue. A frame
 * broadcast to everyone online (presence) does not start the writer at once but within {@link BroadcastFlusher}'s
 * delay, so the updates of many registers reach a peer in one run of its writer instead of one thread hand-over
 * each.
 */
final class OutboundQueue implements PeerConnection {

    private static final System.Logger LOGGER = System.getLogger(OutboundQueue.class.getName());
    /** How often an overflowed connection looks whether its transport ended, until the grace is over. */
    private static final Duration CLOSED_POLL = Duration.ofMillis(50);

    /** A queued close: the writer sends it after the frames before it, then stops. */
    private record Close(int code, String reason) {
    }

    private final SignalTransport transport;
    private final BroadcastFlusher flusher;
    private final int capacity;
    private final long capacityChars;
    private final Duration stuckWriterGrace;
    private final Runnable onWriteFailure;
    private final ReentrantLock lock = new ReentrantLock();
    /** Text frames (String) and at most one {@link Close}, in order; null while empty. */
    private ArrayDeque<Object> queue;
    /** Characters of the text frames in {@link #queue}. */
    private long queuedChars;
    /** The running writer, null when none runs. */
    private Thread writer;
    private boolean flushScheduled;
    private boolean closing;
    private boolean finished;
    /** Set by {@link #closed()}: the transport is gone. */
    private volatile boolean transportClosed;

    /**
     * @param onWriteFailure runs (on the writer thread) when a write fails: the client is gone, though nothing may
     *                       have been read from it yet
     */
    OutboundQueue(SignalTransport transport, BroadcastFlusher flusher, int capacity, long capacityChars,
                  Duration stuckWriterGrace, Runnable onWriteFailure) {
        this.transport = transport;
        this.flusher = flusher;
        this.capacity = capacity;
        this.capacityChars = capacityChars;
        this.stuckWriterGrace = stuckWriterGrace;
        this.onWriteFailure = onWriteFailure;
    }

    @Override
    public void send(String text) {
        enqueue(text, true);
    }

    @Override
    public void send(SharedFrame frame) {
        enqueue(frame.text(), false);
    }

    @Override
    public String remoteAddress() {
        return transport.remoteAddress();
    }

    @Override
    public void close(int code, String reason) {
        lock.lock();
        try {
            if (closing || finished) {
                return;
            }
            closing = true;
            queue().add(new Close(code, reason));
            startWriter();
        } finally {
            lock.unlock();
        }
    }

    /** The transport closed: stop writing. */
    void closed() {
        Thread running;
        transportClosed = true;
        lock.lock();
        try {
            closing = true;
            finished = true;
            queue = null;
            queuedChars = 0;
            running = writer;
        } finally {
            lock.unlock();
        }
        if (running != null) {
            running.interrupt();
        }
    }

    /** Whether a writer thread runs (tests). */
    boolean writing() {
        lock.lock();
        try {
            return writer != null;
        } finally {
            lock.unlock();
        }
    }

    /** Called by the {@link BroadcastFlusher} when the delay for queued broadcast frames is over. */
    void flushBroadcasts() {
        lock.lock();
        try {
            flushScheduled = false;
            if (queue != null && !queue.isEmpty()) {
                startWriter();
            }
        } finally {
            lock.unlock();
        }
    }

    private void enqueue(String text, boolean now) {
        boolean overflow = false;
        lock.lock();
        try {
            if (closing) {
                return;
            }
            ArrayDeque<Object> frames = queue();
            // Bounded in frames and in characters: 1024 frames of up to 1 Mi characters each would be gigabytes.
            if (frames.size() >= capacity || queuedChars + text.length() > capacityChars) {
                overflow = true;
            } else {
                frames.add(text);
                queuedChars += text.length();
                if (now) {
                    startWriter();
                } else if (writer == null && !flushScheduled) {
                    flushScheduled = true;
                    flusher.schedule(this);
                }
            }
        } finally {
            lock.unlock();
        }
        if (overflow) {
            overflow();
        }
    }

    private void overflow() {
        lock.lock();
        try {
            LOGGER.log(Level.WARNING, "signal connection too slow, closing: {0} frames of {1} characters queued",
                    queue == null ? 0 : queue.size(), queuedChars);
            if (queue != null) {
                queue.clear();
            }
            queuedChars = 0;
        } finally {
            lock.unlock();
        }
        close(SignalClose.SEND_QUEUE_OVERFLOW.code(), SignalClose.SEND_QUEUE_OVERFLOW.reason());
        // The writer may be stuck in send() on a receiver that stopped reading; a close frame queued behind it
        // would never go out. And a close frame that went out may never be answered: a client that stopped reading
        // but keeps sending never sees it, and the connection would live on. Either way, drop the socket if the
        // connection has not ended shortly.
        Thread.ofVirtual().name("peerlink-signal-overflow").start(this::terminateIfStuck);
    }

    /** Caller holds the lock. */
    private ArrayDeque<Object> queue() {
        if (queue == null) {
            queue = new ArrayDeque<>(8);
        }
        return queue;
    }

    /** Caller holds the lock. */
    private void startWriter() {
        if (writer == null && !finished) {
            writer = Thread.ofVirtual().name("peerlink-signal-writer").start(this::drain);
        }
    }

    /** Ends the transport unless it ended within {@link #stuckWriterGrace} (the client answered the close). */
    private void terminateIfStuck() {
        long deadline = System.nanoTime() + stuckWriterGrace.toNanos();
        Thread running;
        lock.lock();
        try {
            running = writer;
        } finally {
            lock.unlock();
        }
        try {
            if (running != null) {
                running.join(stuckWriterGrace);
            }
            while (!transportClosed && System.nanoTime() < deadline) {
                Thread.sleep(CLOSED_POLL);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!transportClosed) {
            transport.terminate();
            if (running != null) {
                running.interrupt();
            }
        }
    }

    /** The writer: sends what is queued, in order, and ends when the queue is empty. */
    private void drain() {
        try {
            while (true) {
                Object next;
                lock.lock();
                try {
                    next = queue == null ? null : queue.poll();
                    if (next == null) {
                        queue = null; // an idle connection keeps no queue
                        writer = null;
                        return;
                    }
                    if (next instanceof String text) {
                        queuedChars -= text.length();
                    }
                } finally {
                    lock.unlock();
                }
                if (next instanceof Close(int code, String reason)) {
                    transport.close(code, reason);
                    finish();
                    return;
                }
                transport.send((String) next);
            }
        } catch (RuntimeException e) {
            LOGGER.log(Level.DEBUG, "signal connection write failed: {0}", e.toString());
            finish();
            onWriteFailure.run();
        }
    }

    /** Nothing more is written to this connection. */
    private void finish() {
        lock.lock();
        try {
            finished = true;
            queue = null;
            queuedChars = 0;
            writer = null;
        } finally {
            lock.unlock();
        }
    }
}
