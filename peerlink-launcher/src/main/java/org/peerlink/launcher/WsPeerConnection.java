package org.peerlink.launcher;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

import io.helidon.websocket.WsCloseCodes;
import io.helidon.websocket.WsSession;

import org.peerlink.signal.hub.PeerConnection;

/**
 * Adapts a Helidon {@link WsSession} to the signal hub's {@link PeerConnection}: frames are queued
 * (bounded) and written by one virtual thread per connection, so a slow or stalled receiver never
 * blocks the sender or the registry, and frames to one socket are never interleaved. A queue that
 * overflows closes the connection with 1013 rather than buffering without end.
 */
final class WsPeerConnection implements PeerConnection {

    static final int QUEUE_CAPACITY = 1024;
    static final String OVERFLOW_REASON = "send queue overflow";
    static final Duration STUCK_WRITER_GRACE = Duration.ofSeconds(2);

    private static final System.Logger LOGGER = System.getLogger(WsPeerConnection.class.getName());

    /** A queued action for the writer thread: a text frame, or the final close. */
    private sealed interface Outgoing permits Text, Close {
    }

    private record Text(String text) implements Outgoing {
    }

    private record Close(int code, String reason) implements Outgoing {
    }

    private final WsSession session;
    private final BlockingQueue<Outgoing> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final Thread writer;
    private volatile boolean closing;

    WsPeerConnection(WsSession session) {
        this.session = session;
        this.writer = Thread.ofVirtual().name("peerlink-ws-writer").start(this::drain);
    }

    @Override
    public void send(String text) {
        if (closing) {
            return;
        }
        if (!queue.offer(new Text(text))) {
            LOGGER.log(Level.WARNING, "signal connection too slow, closing: {0} frames queued", QUEUE_CAPACITY);
            queue.clear();
            close(WsCloseCodes.TRY_AGAIN_LATER, OVERFLOW_REASON);
            // The writer may be stuck in send() on a receiver that stopped reading; a close frame queued
            // behind it would never go out, so drop the socket if the writer has not finished shortly.
            Thread.ofVirtual().name("peerlink-ws-overflow").start(this::terminateIfStuck);
        }
    }

    @Override
    public void close(int code, String reason) {
        if (closing) {
            return;
        }
        closing = true;
        // After this, send() queues nothing, so the close finds room once the writer takes one frame.
        while (!queue.offer(new Close(code, reason))) {
            queue.poll();
        }
    }

    private void terminateIfStuck() {
        try {
            writer.join(STUCK_WRITER_GRACE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (writer.isAlive()) {
            session.terminate();
            writer.interrupt();
        }
    }

    /** The transport closed: stop writing. */
    void closed() {
        closing = true;
        writer.interrupt();
    }

    private void drain() {
        try {
            while (true) {
                Outgoing next = queue.take();
                if (next instanceof Text(String text)) {
                    session.send(text, true);
                } else if (next instanceof Close(int code, String reason)) {
                    session.close(code, reason);
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOGGER.log(Level.DEBUG, "signal connection write failed: {0}", e.toString());
        }
    }
}
