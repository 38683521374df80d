package org.peerlink.launcher;

import java.lang.System.Logger.Level;

import io.helidon.websocket.WsListener;
import io.helidon.websocket.WsSession;

import org.peerlink.signal.hub.SignalHub;

/**
 * One WebSocket connection on the signal socket: reassembles fragmented text messages (bounded) and
 * hands each complete one to the {@link SignalHub}. One instance per connection.
 */
final class SignalWsListener implements WsListener {

    /** Largest reassembled text message accepted; a real register with a full profile is a few KiB. */
    static final int MAX_MESSAGE_CHARS = 1024 * 1024;

    private static final System.Logger LOGGER = System.getLogger(SignalWsListener.class.getName());

    private final SignalHub hub;
    private final StringBuilder fragments = new StringBuilder();
    private boolean oversized;
    private WsPeerConnection connection;

    SignalWsListener(SignalHub hub) {
        this.hub = hub;
    }

    @Override
    public void onOpen(WsSession session) {
        connection = new WsPeerConnection(session, BroadcastFlusher.shared());
    }

    @Override
    public void onMessage(WsSession session, String text, boolean last) {
        if (!oversized && fragments.length() + text.length() <= MAX_MESSAGE_CHARS) {
            fragments.append(text);
        } else {
            oversized = true;
            fragments.setLength(0);
        }
        if (!last) {
            return;
        }
        if (oversized) {
            oversized = false;
            hub.onOversized(connection, MAX_MESSAGE_CHARS);
            return;
        }
        String message = fragments.toString();
        fragments.setLength(0);
        try {
            hub.onText(connection, message);
        } catch (RuntimeException e) {
            // A bug must not take the connection down with it; the client sees no answer to this frame.
            LOGGER.log(Level.ERROR, "signal frame handling failed", e);
        }
    }

    @Override
    public void onClose(WsSession session, int status, String reason) {
        release();
    }

    @Override
    public void onError(WsSession session, Throwable t) {
        LOGGER.log(Level.DEBUG, "signal connection error: {0}", t.toString());
        release();
    }

    private void release() {
        if (connection != null) {
            connection.closed();
            hub.onClose(connection);
        }
    }
}
