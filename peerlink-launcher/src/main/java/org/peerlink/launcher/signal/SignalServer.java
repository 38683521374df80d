package org.peerlink.launcher.signal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.peerlink.signal.hub.SignalHub;

/**
 * The signal socket: a WebSocket server of its own on NIO, in front of a {@link SignalHub}.
 * <p>
 * Why not Helidon's WebSocket support, which the relay's HTTP uses: Helidon gives every connection a virtual thread
 * parked in a blocking read with an 8 KiB read buffer of its own, and the adapter a second thread and a 1024-slot
 * queue. That is some 30 KiB of heap per idle connection, while a signal server mostly holds idle connections
 * (every online app keeps one open). Here an idle connection is a channel, a selection key and a small object;
 * event loops share one read buffer each, messages are handled on a virtual thread only while there are any, and
 * frames are written straight from the sending thread, so a presence update to a thousand peers is a thousand
 * writes of the same bytes and no thread hand-overs.
 */
public final class SignalServer implements AutoCloseable {

    private static final Duration DRAIN_ON_CLOSE = Duration.ofMillis(500);

    private final SignalHub hub;
    private final SignalSettings settings;
    private final ServerSocketChannel listener;
    private final List<EventLoop> loops = new ArrayList<>();
    private final AtomicInteger nextLoop = new AtomicInteger();
    private final AtomicInteger activeHandlers = new AtomicInteger();
    private boolean closed;

    private SignalServer(SignalHub hub, SignalSettings settings, ServerSocketChannel listener) {
        this.hub = hub;
        this.settings = settings;
        this.listener = listener;
    }

    /**
     * Binds {@code address} and starts serving.
     *
     * @param address where to listen; port 0 picks a free port ({@link #port()})
     * @throws IOException when the address cannot be bound (in use, not local)
     */
    public static SignalServer start(InetSocketAddress address, SignalHub hub, SignalSettings settings)
            throws IOException {
        ServerSocketChannel listener = ServerSocketChannel.open();
        SignalServer server = new SignalServer(hub, settings, listener);
        try {
            listener.bind(address, 1024);
            listener.configureBlocking(false);
            for (int i = 0; i < settings.ioThreads(); i++) {
                server.loops.add(new EventLoop(server, "peerlink-signal-io-" + i));
            }
            EventLoop acceptor = server.loops.getFirst();
            listener.register(acceptor.selector(), SelectionKey.OP_ACCEPT, (EventLoop.Acceptor) server::accept);
            server.loops.forEach(EventLoop::start);
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** The bound port. */
    public int port() {
        return listener.socket().getLocalPort();
    }

    /**
     * Stops accepting, drops every connection without announcing anyone offline (peers online at a stop have no
     * last-seen time), and gives messages being handled a moment to finish. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            listener.close();
        } catch (IOException e) {
            // closing anyway
        }
        loops.forEach(EventLoop::stop);
        long deadline = System.nanoTime() + DRAIN_ON_CLOSE.toNanos();
        while (activeHandlers.get() > 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
            Thread.yield();
        }
    }

    SignalHub hub() {
        return hub;
    }

    SignalSettings settings() {
        return settings;
    }

    /** Runs a connection's message handling on a virtual thread of its own. */
    void dispatch(Runnable handling) {
        activeHandlers.incrementAndGet();
        Thread.ofVirtual().start(() -> {
            try {
                handling.run();
            } finally {
                activeHandlers.decrementAndGet();
            }
        });
    }

    /** On the accepting loop: takes every pending connection and spreads them over the loops. */
    private void accept() {
        while (true) {
            SocketChannel channel;
            try {
                channel = listener.accept();
            } catch (IOException e) {
                return; // closed, or out of file descriptors: the next readiness tries again
            }
            if (channel == null) {
                return;
            }
            loops.get(Math.floorMod(nextLoop.getAndIncrement(), loops.size())).adopt(channel);
        }
    }
}
