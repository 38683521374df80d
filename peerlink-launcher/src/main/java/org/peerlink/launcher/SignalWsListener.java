package org.peerlink.launcher;

import java.io.ByteArrayOutputStream;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import io.helidon.common.buffers.BufferData;
import io.helidon.websocket.WsListener;
import io.helidon.websocket.WsSession;

import org.peerlink.signal.hub.SignalHub;

/**
 * One WebSocket connection on the signal socket: reassembles fragmented messages (bounded) and hands each complete
 * one to the {@link SignalHub}; tells the hub once when the connection is gone. One instance per connection.
 * <p>
 * A binary message is handled like a text message holding the same bytes as UTF-8, as the original does (its
 * {@code message.toString('utf8')}); invalid UTF-8 becomes U+FFFD there and here.
 */
final class SignalWsListener implements WsListener {

    /** Largest reassembled text message accepted; a real register with a full profile is a few KiB. */
    static final int MAX_MESSAGE_CHARS = 1024 * 1024;
    /** Largest binary message accepted: as many bytes as the longest text message can take in UTF-8. */
    static final int MAX_MESSAGE_BYTES = 3 * MAX_MESSAGE_CHARS;

    private static final System.Logger LOGGER = System.getLogger(SignalWsListener.class.getName());
    /** What Helidon passes to {@link #onClose} as the reason of a close frame that carries none. */
    private static final String HELIDON_NO_REASON = "normal";

    private final SignalHub hub;
    private final StringBuilder textFragments = new StringBuilder();
    private final ByteArrayOutputStream binaryFragments = new ByteArrayOutputStream();
    private final AtomicBoolean released = new AtomicBoolean();
    private boolean oversized;
    private WsPeerConnection connection;
    private Optional<SignalConnection> transport = Optional.empty();

    SignalWsListener(SignalHub hub) {
        this.hub = hub;
    }

    @Override
    public void onOpen(WsSession session) {
        transport = SignalConnection.current();
        connection = new WsPeerConnection(session, BroadcastFlusher.shared(), this::writeFailed);
        transport.ifPresent(t -> t.onEnd(this::release));
    }

    @Override
    public void onMessage(WsSession session, String text, boolean last) {
        if (!oversized && textFragments.length() + text.length() <= MAX_MESSAGE_CHARS) {
            textFragments.append(text);
        } else {
            oversized = true;
            textFragments.setLength(0);
        }
        if (last) {
            String message = textFragments.toString();
            textFragments.setLength(0);
            complete(message);
        }
    }

    @Override
    public void onMessage(WsSession session, BufferData buffer, boolean last) {
        int length = buffer.available();
        if (!oversized && binaryFragments.size() + length <= MAX_MESSAGE_BYTES) {
            byte[] bytes = new byte[length];
            buffer.read(bytes);
            binaryFragments.writeBytes(bytes);
        } else {
            oversized = true;
            binaryFragments.reset();
        }
        if (last) {
            String message = binaryFragments.toString(StandardCharsets.UTF_8);
            binaryFragments.reset();
            oversized |= message.length() > MAX_MESSAGE_CHARS;
            complete(message);
        }
    }

    private void complete(String message) {
        if (oversized) {
            oversized = false;
            hub.onOversized(connection);
            return;
        }
        try {
            hub.onText(connection, message);
        } catch (RuntimeException e) {
            // A bug must not take the connection down with it; the client sees no answer to this frame.
            LOGGER.log(Level.ERROR, "signal frame handling failed", e);
        }
    }

    /**
     * The client's close frame. The answer echoes its code and reason, as the original's WebSocket library does;
     * Helidon would answer 1000 "normal" whatever the client sent. Helidon reports a close without a reason as
     * reason "normal", so that is echoed as no reason. Codes that must not be sent (RFC 6455 §7.4) get Helidon's
     * answer.
     */
    @Override
    public void onClose(WsSession session, int status, String reason) {
        if (sendable(status)) {
            session.close(status, HELIDON_NO_REASON.equals(reason) ? "" : reason);
        }
        release();
    }

    private static boolean sendable(int code) {
        return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
    }

    @Override
    public void onError(WsSession session, Throwable t) {
        LOGGER.log(Level.DEBUG, "signal connection error: {0}", t.toString());
        release();
    }

    /** Writing to the client failed: the connection is broken even if nothing was read from it yet. */
    private void writeFailed() {
        release();
        transport.ifPresent(SignalConnection::abort);
    }

    /** The connection is gone: the hub hears of it once, whichever of close, error, failure or end came first. */
    private void release() {
        if (connection != null && released.compareAndSet(false, true)) {
            connection.closed();
            hub.onClose(connection);
        }
    }
}
