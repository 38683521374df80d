package org.peerlink.launcher.signal;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.locks.ReentrantLock;

import org.peerlink.signal.hub.PeerConnection;
import org.peerlink.signal.hub.SharedFrame;

/**
 * One connection on the signal socket: the opening handshake, frame decoding and fragment reassembly (on its
 * {@link EventLoop}), the hand-over of complete messages to the hub (in order), and the {@link PeerConnection} the
 * hub writes to.
 * <p>
 * Writing: frames go into the connection's queue in the order they are sent and leave it in one gathering write.
 * A frame meant for this connection alone (an answer, a forwarded signal) is written at once by the thread that
 * sends it. A frame broadcast to everyone (presence) is only queued, and the loop writes the queue a few
 * milliseconds later ({@link SignalSettings#broadcastDelay()}), so the presence updates of many registers reach a
 * peer in one write instead of one system call each. What the socket does not take stays queued until it has room.
 * A receiver that lets more than the queue capacity pile up is stalled: its queue is dropped, it gets a close frame
 * 1013 ("send queue overflow") and, if it does not take even that within the grace period, the connection is
 * dropped. Sending never blocks the sender, so the hub may send while it holds its registry lock.
 * <p>
 * Threads: fields marked "loop" belong to the event loop thread; the output fields are guarded by {@link #output},
 * the inbox fields by this object's monitor.
 */
final class SignalSocket implements PeerConnection {

    static final String OVERFLOW_REASON = "send queue overflow";
    private static final System.Logger LOGGER = System.getLogger(SignalSocket.class.getName());
    /** Messages waiting for the hub before the loop stops reading from this connection. */
    private static final int INBOX_PAUSE = 64;
    private static final Object CLOSED = new Object();
    private static final Object OVERSIZED = new Object();
    private static final byte[] NORMAL_CLOSE = ServerFrames.close(1000, "normal");
    private static final ByteBuffer[] NO_BUFFERS = new ByteBuffer[0];

    private final EventLoop loop;
    private final SocketChannel channel;
    private final SignalSettings settings;
    private SelectionKey key;

    // loop
    private boolean open;
    private byte[] input;
    private int inputLength;
    private StringBuilder fragments;
    private boolean inMessage;
    private boolean binaryMessage;
    private boolean oversized;
    /** Set once nothing more is read: the close frame came, the connection failed, or the handshake was refused. */
    private boolean readingDone;
    private boolean hubToldClosed;
    private long lastInboundNanos = System.nanoTime();
    private volatile long deadlineNanos;

    // output
    private final ReentrantLock output = new ReentrantLock();
    private ArrayDeque<ByteBuffer> queued;
    private int queuedFrames;
    private long queuedBytes;
    /** The socket was full: the loop writes the queue when it has room. */
    private boolean waitingForRoom;
    /** The loop writes the queue at its next broadcast flush. */
    private boolean flushScheduled;
    private boolean closeQueued;
    private boolean dropAfterFlush;
    private volatile boolean dropped;

    // inbox
    private ArrayDeque<Object> inbox;
    private boolean draining;
    private boolean readPaused;

    SignalSocket(EventLoop loop, SocketChannel channel) {
        this.loop = loop;
        this.channel = channel;
        this.settings = loop.server().settings();
        this.deadlineNanos = System.nanoTime() + settings.handshakeTimeout().toNanos();
    }

    void attach(SelectionKey key) {
        this.key = key;
    }

    // --- PeerConnection: any thread ---

    @Override
    public void send(String text) {
        send(ByteBuffer.wrap(ServerFrames.text(text)), true);
    }

    @Override
    public void send(SharedFrame frame) {
        // encoded once for every receiver; each one gets its own position over the same bytes
        send(ByteBuffer.wrap(frame.encoded(ServerFrames::text, byte[].class)), false);
    }

    @Override
    public void close(int code, String reason) {
        output.lock();
        try {
            if (closeQueued || dropped) {
                return;
            }
            closeQueued = true;
            append(ByteBuffer.wrap(ServerFrames.close(code, reason)), true);
            afterCloseQueued(settings.closeTimeout().toNanos());
        } finally {
            output.unlock();
        }
    }

    // --- loop thread ---

    void onReadable() {
        if (dropped || readingDone) {
            return;
        }
        ByteBuffer buffer = loop.readBuffer();
        buffer.clear();
        int n;
        try {
            n = channel.read(buffer);
        } catch (IOException e) {
            drop();
            return;
        }
        if (n < 0) {
            drop();
            return;
        }
        if (n == 0) {
            return;
        }
        byte[] bytes;
        int length;
        if (inputLength > 0) {
            ensureInput(inputLength + n);
            System.arraycopy(loop.readBytes(), 0, input, inputLength, n);
            inputLength += n;
            bytes = input;
            length = inputLength;
        } else {
            bytes = loop.readBytes();
            length = n;
        }
        int consumed = 0;
        if (!open) {
            consumed = handshake(bytes, length);
            if (!open) {
                keepOrDiscard(bytes, consumed, length);
                return;
            }
        }
        try {
            consumed = FrameDecoder.decode(bytes, consumed, length, settings.maxFrameBytes(), this::frame);
        } catch (FrameDecoder.Violation violation) {
            failConnection(violation.code(), violation.getMessage());
        }
        keepOrDiscard(bytes, consumed, length);
    }

    /** The socket has room again. */
    void onWritable() {
        output.lock();
        try {
            waitingForRoom = false;
            flush();
        } finally {
            output.unlock();
        }
    }

    /** The broadcast delay is over: write what was queued. */
    void onScheduledFlush() {
        output.lock();
        try {
            flushScheduled = false;
            if (!waitingForRoom) {
                flush();
            }
        } finally {
            output.unlock();
        }
    }

    /** Loop thread: closes the connection now and tells the hub (once, after the messages before it). */
    void drop() {
        drop(true);
    }

    /** Loop thread, at shutdown: closes the connection without telling the hub, so nobody is announced offline. */
    void dropSilently() {
        drop(false);
    }

    private void drop(boolean tellHub) {
        output.lock();
        try {
            dropped = true;
            queued = null;
        } finally {
            output.unlock();
        }
        key.cancel();
        try {
            channel.close();
        } catch (IOException e) {
            LOGGER.log(Level.DEBUG, "closing a signal connection: {0}", e.toString());
        }
        loop.forget(this);
        if (tellHub && open && !hubToldClosed) {
            hubToldClosed = true;
            deliver(CLOSED);
        }
        input = null;
        inputLength = 0;
    }

    boolean deadlinePassed(long now) {
        long deadline = deadlineNanos;
        return deadline != 0 && now - deadline >= 0;
    }

    void closeIfIdle(long now, long idleNanos) {
        if (open && !readingDone && now - lastInboundNanos > idleNanos) {
            close(1000, "Idle timeout");
        }
    }

    // --- handshake and frames (loop) ---

    private int handshake(byte[] bytes, int length) {
        int end = Handshake.headEnd(bytes, length);
        if (end < 0) {
            if (length > Handshake.MAX_HEAD_BYTES) {
                refuse(Handshake.tooLarge());
            }
            return 0;
        }
        Handshake.Outcome outcome = Handshake.answer(bytes, end);
        if (!outcome.websocket()) {
            refuse(outcome);
            return end;
        }
        open = true;
        deadlineNanos = 0;
        loop.clearDeadline(this);
        lastInboundNanos = System.nanoTime();
        send(ByteBuffer.wrap(outcome.response()), true);
        return end;
    }

    /** Answers a request that is not a WebSocket upgrade; the connection closes once the answer is out. */
    private void refuse(Handshake.Outcome outcome) {
        readingDone = true;
        output.lock();
        try {
            closeWith(outcome.response());
        } finally {
            output.unlock();
        }
    }

    private boolean frame(int opcode, boolean fin, byte[] payload, int offset, int length)
            throws FrameDecoder.Violation {
        lastInboundNanos = System.nanoTime();
        switch (opcode) {
            case ServerFrames.OP_TEXT -> {
                if (inMessage) {
                    throw new FrameDecoder.Violation(FrameDecoder.CLOSE_PROTOCOL_ERROR, "Expected a continuation frame");
                }
                binaryMessage = false;
                text(new String(payload, offset, length, StandardCharsets.UTF_8), fin);
            }
            case ServerFrames.OP_CONTINUATION -> {
                if (!inMessage) {
                    throw new FrameDecoder.Violation(FrameDecoder.CLOSE_PROTOCOL_ERROR, "Unexpected continuation received");
                }
                if (binaryMessage) {
                    inMessage = !fin;
                } else {
                    text(new String(payload, offset, length, StandardCharsets.UTF_8), fin);
                }
            }
            case ServerFrames.OP_BINARY -> {
                if (inMessage) {
                    throw new FrameDecoder.Violation(FrameDecoder.CLOSE_PROTOCOL_ERROR, "Expected a continuation frame");
                }
                binaryMessage = true; // the signal protocol is text; binary messages are ignored
                inMessage = !fin;
            }
            case ServerFrames.OP_PING -> send(ByteBuffer.wrap(
                    ServerFrames.frame(ServerFrames.OP_PONG, payload, offset, length)), true);
            case ServerFrames.OP_PONG -> {
                // an answer to nothing we sent; ignored
            }
            case ServerFrames.OP_CLOSE -> {
                readingDone = true;
                if (!hubToldClosed) {
                    hubToldClosed = true;
                    deliver(CLOSED);
                }
                output.lock();
                try {
                    closeWith(NORMAL_CLOSE);
                } finally {
                    output.unlock();
                }
                return false;
            }
            default -> throw new FrameDecoder.Violation(FrameDecoder.CLOSE_PROTOCOL_ERROR,
                    "Invalid frame opCode: " + opcode);
        }
        return true;
    }

    /** A text frame: a whole message, or a fragment of one, bounded in characters. */
    private void text(String text, boolean fin) {
        if (!inMessage && fin) {
            deliver(text.length() <= settings.maxMessageChars() ? text : OVERSIZED);
            return;
        }
        if (fragments == null) {
            fragments = new StringBuilder();
        }
        if (!oversized && fragments.length() + text.length() <= settings.maxMessageChars()) {
            fragments.append(text);
        } else {
            oversized = true;
            fragments.setLength(0);
        }
        inMessage = !fin;
        if (fin) {
            deliver(oversized ? OVERSIZED : fragments.toString());
            fragments = null;
            oversized = false;
        }
    }

    /** A protocol violation: a close frame with its code, then the connection is dropped. */
    private void failConnection(int code, String reason) {
        readingDone = true;
        output.lock();
        try {
            closeWith(ServerFrames.close(code, reason));
        } finally {
            output.unlock();
        }
    }

    /**
     * Ends the connection from this side once its close frame is out: {@code closeFrame} is queued unless a close
     * frame already is (the server's own close, answered now). Caller holds the output lock.
     */
    private void closeWith(byte[] closeFrame) {
        dropAfterFlush = true;
        if (!closeQueued) {
            closeQueued = true;
            append(ByteBuffer.wrap(closeFrame), true);
            afterCloseQueued(settings.closeTimeout().toNanos());
        } else if (queued == null || queued.isEmpty()) {
            dropLater(); // our close frame is out already
        }
    }

    /** Keeps the unconsumed bytes of an incomplete frame (or head) for the next read. */
    private void keepOrDiscard(byte[] bytes, int consumed, int length) {
        int remaining = length - consumed;
        if (remaining == 0 || readingDone || dropped) {
            input = null; // an idle connection holds no buffer
            inputLength = 0;
            return;
        }
        long needed = remaining;
        if (open) {
            try {
                long frame = FrameDecoder.frameLength(bytes, consumed, length, settings.maxFrameBytes());
                needed = Math.max(needed, frame);
            } catch (FrameDecoder.Violation e) {
                // reported when the frame is decoded
            }
        }
        if (bytes == input) {
            System.arraycopy(input, consumed, input, 0, remaining);
            ensureInput((int) needed);
        } else {
            input = new byte[(int) Math.max(needed, 256)];
            System.arraycopy(bytes, consumed, input, 0, remaining);
        }
        inputLength = remaining;
    }

    private void ensureInput(int capacity) {
        if (input == null) {
            input = new byte[Math.max(capacity, 256)];
        } else if (input.length < capacity) {
            input = Arrays.copyOf(input, Math.max(capacity, input.length * 2));
        }
    }

    // --- inbox: messages for the hub, in order, on the loop or a virtual thread ---

    /**
     * Hands a message to the hub. A frame that costs little and never waits (a signal to forward, a ping) is
     * handled right here on the loop when nothing of this connection is still waiting: that saves the hand-over to
     * another thread, which costs more than forwarding itself. Anything else (a register verifies a signature and
     * waits for the database; a close announces the peer to everyone) goes to a virtual thread, and so does
     * everything after it, so the connection's messages are handled in order.
     */
    private void deliver(Object message) {
        if (message instanceof String text && cheap(text)) {
            boolean inline;
            synchronized (this) {
                inline = !draining;
            }
            if (inline) {
                handle(text);
                return;
            }
        }
        boolean start;
        synchronized (this) {
            if (inbox == null) {
                inbox = new ArrayDeque<>(4);
            }
            inbox.add(message);
            start = !draining;
            draining = true;
            if (inbox.size() >= INBOX_PAUSE && !readPaused && !dropped) {
                readPaused = true;
                key.interestOpsAnd(~SelectionKey.OP_READ); // the client sends faster than the hub handles
            }
        }
        if (start) {
            loop.server().dispatch(this::drain);
        }
    }

    private void drain() {
        while (true) {
            Object message;
            synchronized (this) {
                message = inbox.poll();
                if (message == null) {
                    draining = false;
                    return;
                }
                if (readPaused && inbox.size() < INBOX_PAUSE / 2) {
                    readPaused = false;
                    loop.execute(this::resumeReading);
                }
            }
            handle(message);
        }
    }

    private void handle(Object message) {
        try {
            if (message == CLOSED) {
                loop.server().hub().onClose(this);
            } else if (message == OVERSIZED) {
                loop.server().hub().onOversized(this, settings.maxMessageChars());
            } else {
                loop.server().hub().onText(this, (String) message);
            }
        } catch (RuntimeException e) {
            // A bug must not take the connection down with it; the client sees no answer to this frame.
            LOGGER.log(Level.ERROR, "signal frame handling failed", e);
        }
    }

    /**
     * Whether a message can be handled on the loop: it cannot be a register or a peers request. Their type can only
     * be spelt with those letters or with backslash-u escapes, so a message with neither is neither; one that merely
     * mentions the words (in an SDP, say) just takes the slower path.
     */
    static boolean cheap(String text) {
        return text.indexOf("register") < 0 && text.indexOf("peers_request") < 0 && text.indexOf("\\u") < 0;
    }

    private void resumeReading() {
        if (!dropped && key.isValid()) {
            key.interestOpsOr(SelectionKey.OP_READ);
        }
    }

    // --- output ---

    /** Queues a data frame; {@code now} writes the queue at once, else the loop writes it after the delay. */
    private void send(ByteBuffer frame, boolean now) {
        output.lock();
        try {
            if (closeQueued || dropped) {
                return;
            }
            if (queuedFrames >= settings.queueCapacity()
                    || queuedBytes + frame.remaining() > settings.maxQueuedBytes()) {
                overflow();
                return;
            }
            append(frame, now);
        } finally {
            output.unlock();
        }
    }

    /** Caller holds the output lock. */
    private void append(ByteBuffer frame, boolean now) {
        if (dropped) {
            return;
        }
        if (queued == null) {
            queued = new ArrayDeque<>(4);
        }
        queued.addLast(frame);
        queuedFrames++;
        queuedBytes += frame.remaining();
        if (waitingForRoom) {
            return; // the loop writes when the socket has room
        }
        if (now) {
            flush();
        } else if (!flushScheduled) {
            flushScheduled = true;
            loop.scheduleFlush(this);
        }
    }

    /** Writes as much of the queue as the socket takes, in one system call. Caller holds the output lock. */
    private void flush() {
        if (dropped || queued == null) {
            return;
        }
        if (!queued.isEmpty()) {
            ByteBuffer[] buffers = queued.toArray(NO_BUFFERS);
            try {
                channel.write(buffers);
            } catch (IOException e) {
                dropLater();
                return;
            }
            while (!queued.isEmpty() && !queued.peekFirst().hasRemaining()) {
                queuedBytes -= queued.pollFirst().limit();
                queuedFrames--;
            }
            if (!queued.isEmpty()) {
                waitingForRoom = true;
                loop.wantWrite(key);
                return;
            }
        }
        if (loop.inLoop()) {
            key.interestOpsAnd(~SelectionKey.OP_WRITE);
        }
        if (closeQueued) {
            flushedAfterClose();
        }
    }

    /** The receiver stopped reading: its queue goes, a close frame 1013 follows, and a deadline to drop it. */
    private void overflow() {
        LOGGER.log(Level.WARNING, "signal connection too slow, closing: {0} frames queued", queuedFrames);
        ByteBuffer partial = queued.peekFirst();
        queued.clear();
        queuedFrames = 0;
        queuedBytes = 0;
        if (partial != null && partial.position() > 0) {
            queued.add(partial); // a frame half on the wire must be finished or the stream is garbage
            queuedFrames = 1;
            queuedBytes = partial.limit();
        }
        closeQueued = true;
        dropAfterFlush = true;
        append(ByteBuffer.wrap(ServerFrames.close(1013, OVERFLOW_REASON)), true);
        afterCloseQueued(settings.stalledGrace().toNanos());
    }

    /** Caller holds the output lock, the close frame is queued or written. */
    private void afterCloseQueued(long graceNanos) {
        deadlineNanos = System.nanoTime() + graceNanos;
        if (loop.inLoop()) {
            loop.watchDeadline(this);
        } else {
            loop.execute(() -> loop.watchDeadline(this));
        }
    }

    /** Everything up to the close frame is written. Caller holds the output lock. */
    private void flushedAfterClose() {
        if (dropAfterFlush) {
            dropLater();
        }
        // else: wait for the client's close frame, or the deadline
    }

    private void dropLater() {
        if (loop.inLoop()) {
            drop();
        } else {
            loop.execute(this::drop);
        }
    }
}
