package org.peerlink.launcher.signal;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One thread with a selector that owns a share of the signal connections: it reads and decodes their frames,
 * writes what could not be written at once, and enforces the timeouts. Frames are handled elsewhere (each
 * connection hands its messages to a virtual thread), so this thread never waits on anything but the selector.
 * <p>
 * An idle connection costs no thread and no buffer: one read buffer is shared by all connections of the loop, and
 * a connection keeps bytes of its own only while a frame is incomplete.
 */
final class EventLoop implements Runnable {

    private static final System.Logger LOGGER = System.getLogger(EventLoop.class.getName());
    private static final long TICK_MS = 250;
    private static final int READ_BUFFER_BYTES = 64 * 1024;

    private final SignalServer server;
    private final Selector selector;
    private final Thread thread;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final byte[] readBytes = new byte[READ_BUFFER_BYTES];
    private final ByteBuffer readBuffer = ByteBuffer.wrap(readBytes);
    private final Set<SignalSocket> sockets = new HashSet<>();
    private final Set<SignalSocket> withDeadline = new HashSet<>();
    private final ConcurrentLinkedQueue<SignalSocket> toFlush = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean flushPending = new AtomicBoolean();
    private final long broadcastDelayNanos;
    /** When the oldest scheduled flush was noticed (loop); 0 when none is pending. */
    private long flushSince;
    private final long idleCheckNanos;
    private long nextIdleCheck;
    private volatile boolean stopping;

    EventLoop(SignalServer server, String name) throws IOException {
        this.server = server;
        this.selector = Selector.open();
        this.idleCheckNanos = server.settings().idleCheckPeriod().toNanos();
        this.broadcastDelayNanos = server.settings().broadcastDelay().toNanos();
        this.nextIdleCheck = System.nanoTime() + idleCheckNanos;
        this.thread = Thread.ofPlatform().name(name).daemon(true).unstarted(this);
    }

    void start() {
        thread.start();
    }

    Selector selector() {
        return selector;
    }

    SignalServer server() {
        return server;
    }

    /** The loop's read buffer, shared by its connections (loop thread only). */
    ByteBuffer readBuffer() {
        return readBuffer;
    }

    byte[] readBytes() {
        return readBytes;
    }

    boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** Runs {@code task} on the loop thread. */
    void execute(Runnable task) {
        tasks.add(task);
        selector.wakeup();
    }

    /** Takes over a newly accepted connection. */
    void adopt(SocketChannel channel) {
        if (inLoop()) {
            register(channel);
        } else {
            execute(() -> register(channel));
        }
    }

    /** The connection has data to write that did not fit into the socket; called from any thread. */
    void wantWrite(SelectionKey key) {
        try {
            key.interestOpsOr(SelectionKey.OP_WRITE);
        } catch (java.nio.channels.CancelledKeyException e) {
            return; // closed meanwhile
        }
        if (!inLoop()) {
            selector.wakeup();
        }
    }

    /**
     * The connection has broadcast frames queued: the loop writes them once the broadcast delay has passed, together
     * with whatever else queues up for it meanwhile. Called from any thread; wakes the loop only for the first one.
     */
    void scheduleFlush(SignalSocket socket) {
        toFlush.add(socket);
        if (flushPending.compareAndSet(false, true) && !inLoop()) {
            selector.wakeup();
        }
    }

    /** Loop thread: the connection has a deadline (handshake, close) to be checked on every tick. */
    void watchDeadline(SignalSocket socket) {
        withDeadline.add(socket);
    }

    /** Loop thread: the connection has no deadline any more. */
    void clearDeadline(SignalSocket socket) {
        withDeadline.remove(socket);
    }

    /** Loop thread: the connection is gone. */
    void forget(SignalSocket socket) {
        sockets.remove(socket);
        withDeadline.remove(socket);
    }

    /** Stops the loop and drops its connections without telling the hub (the server is shutting down). */
    void stop() {
        stopping = true;
        selector.wakeup();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void run() {
        try {
            while (!stopping) {
                selector.select(this::ready, selectTimeoutMs());
                runTasks();
                flushBroadcasts();
                tick();
            }
        } catch (IOException | RuntimeException e) {
            LOGGER.log(Level.ERROR, "signal event loop " + thread.getName() + " failed", e);
        } finally {
            for (SignalSocket socket : List.copyOf(sockets)) {
                socket.dropSilently();
            }
            try {
                selector.close();
            } catch (IOException e) {
                LOGGER.log(Level.DEBUG, "closing the selector: {0}", e.toString());
            }
        }
    }

    private void ready(SelectionKey key) {
        Object attachment = key.attachment();
        if (attachment instanceof Acceptor acceptor) {
            acceptor.accept();
            return;
        }
        SignalSocket socket = (SignalSocket) attachment;
        try {
            if (key.isValid() && key.isWritable()) {
                socket.onWritable();
            }
            if (key.isValid() && key.isReadable()) {
                socket.onReadable();
            }
        } catch (java.nio.channels.CancelledKeyException e) {
            socket.drop();
        } catch (RuntimeException e) {
            LOGGER.log(Level.ERROR, "signal connection failed", e);
            socket.drop();
        }
    }

    private void register(SocketChannel channel) {
        try {
            channel.configureBlocking(false);
            channel.socket().setTcpNoDelay(true);
            SignalSocket socket = new SignalSocket(this, channel);
            SelectionKey key = channel.register(selector, SelectionKey.OP_READ, socket);
            socket.attach(key);
            sockets.add(socket);
            withDeadline.add(socket); // the handshake deadline
        } catch (ClosedChannelException e) {
            // the client is already gone
        } catch (IOException e) {
            LOGGER.log(Level.DEBUG, "cannot set up a signal connection: {0}", e.toString());
            try {
                channel.close();
            } catch (IOException ignored) {
                // dropped
            }
        }
    }

    /** Until the next tick, or sooner when broadcast frames wait for their flush. */
    private long selectTimeoutMs() {
        if (!flushPending.get()) {
            return TICK_MS;
        }
        long now = System.nanoTime();
        if (flushSince == 0) {
            flushSince = now;
        }
        long left = broadcastDelayNanos - (now - flushSince);
        return Math.max(1, Math.min(TICK_MS, TimeUnit.NANOSECONDS.toMillis(left)));
    }

    private void flushBroadcasts() {
        if (flushSince == 0 || System.nanoTime() - flushSince < broadcastDelayNanos) {
            return;
        }
        flushSince = 0;
        flushPending.set(false); // before draining: a socket scheduled from now on wakes the loop again
        for (SignalSocket socket; (socket = toFlush.poll()) != null; ) {
            socket.onScheduledFlush();
        }
    }

    private void runTasks() {
        for (Runnable task; (task = tasks.poll()) != null; ) {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOGGER.log(Level.ERROR, "signal event loop task failed", e);
            }
        }
    }

    private void tick() {
        long now = System.nanoTime();
        if (!withDeadline.isEmpty()) {
            List<SignalSocket> expired = new ArrayList<>();
            for (SignalSocket socket : withDeadline) {
                if (socket.deadlinePassed(now)) {
                    expired.add(socket);
                }
            }
            expired.forEach(SignalSocket::drop);
        }
        if (now - nextIdleCheck >= 0) {
            nextIdleCheck = now + idleCheckNanos;
            long idleNanos = server.settings().idleTimeout().toNanos();
            for (SignalSocket socket : List.copyOf(sockets)) {
                socket.closeIfIdle(now, idleNanos);
            }
        }
    }

    /** Attachment of the listening channel's key (only on the loop that accepts). */
    interface Acceptor {
        void accept();
    }
}
