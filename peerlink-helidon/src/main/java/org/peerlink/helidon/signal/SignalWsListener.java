package org.peerlink.helidon.signal;

import java.lang.System.Logger.Level;
import java.util.Optional;

import io.helidon.common.buffers.BufferData;
import io.helidon.websocket.WsListener;
import io.helidon.websocket.WsSession;

import org.peerlink.signal.SignalService;
import org.peerlink.signal.session.SignalSession;
import org.peerlink.signal.session.SignalTransport;

/**
 * One WebSocket connection on the signal socket, bound to a {@link SignalSession} of the {@link SignalService}: the
 * frames go in as they come, and the end of the connection is reported however Helidon learns of it. One instance
 * per connection.
 */
final class SignalWsListener implements WsListener {

    private static final System.Logger LOGGER = System.getLogger(SignalWsListener.class.getName());
    /** What Helidon passes to {@link #onClose} as the reason of a close frame that carries none. */
    private static final String HELIDON_NO_REASON = "normal";

    private final SignalService service;
    private SignalSession session;

    SignalWsListener(SignalService service) {
        this.service = service;
    }

    @Override
    public void onOpen(WsSession ws) {
        Optional<SignalConnection> connection = SignalConnection.current();
        session = service.open(new Transport(ws, connection));
        connection.ifPresent(c -> c.onEnd(session::onClosed));
    }

    @Override
    public void onMessage(WsSession ws, String text, boolean last) {
        session.onText(text, last);
    }

    @Override
    public void onMessage(WsSession ws, BufferData buffer, boolean last) {
        byte[] bytes = new byte[buffer.available()];
        buffer.read(bytes);
        session.onBinary(bytes, last);
    }

    /**
     * The client's close frame. The answer echoes its code and reason, as the original's WebSocket library does;
     * Helidon would answer 1000 "normal" whatever the client sent. Helidon reports a close without a reason as
     * reason "normal", so that is echoed as no reason. Codes that must not be sent (RFC 6455 §7.4) get Helidon's
     * answer.
     */
    @Override
    public void onClose(WsSession ws, int status, String reason) {
        if (sendable(status)) {
            ws.close(status, HELIDON_NO_REASON.equals(reason) ? "" : reason);
        }
        session.onClosed();
    }

    @Override
    public void onError(WsSession ws, Throwable t) {
        LOGGER.log(Level.DEBUG, "signal connection error: {0}", t.toString());
        session.onClosed();
    }

    private static boolean sendable(int code) {
        return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
    }

    /**
     * The session's way out. Ending the connection goes through its {@link SignalConnection} when there is one:
     * Helidon's {@code terminate()} only sends a close frame from the calling thread, while the connection's own
     * thread keeps reading.
     */
    private record Transport(WsSession ws, Optional<SignalConnection> connection) implements SignalTransport {
        @Override
        public void send(String text) {
            ws.send(text, true);
        }

        @Override
        public void close(int code, String reason) {
            ws.close(code, reason);
        }

        @Override
        public void terminate() {
            connection.ifPresentOrElse(SignalConnection::abort, ws::terminate);
        }

        @Override
        public String remoteAddress() {
            return connection.map(SignalConnection::remoteAddress).orElse("");
        }
    }
}
