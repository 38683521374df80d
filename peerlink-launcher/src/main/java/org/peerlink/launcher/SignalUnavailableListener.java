package org.peerlink.launcher;

import java.lang.System.Logger.Level;

import io.helidon.websocket.WsCloseCodes;
import io.helidon.websocket.WsListener;
import io.helidon.websocket.WsSession;

/**
 * Placeholder for the signal service until it is implemented: accepts the WebSocket upgrade on {@code /} and
 * closes the connection right away with 1013 (try again later) and the reason {@value #REASON}.
 * Replace it in {@link Launcher} when the signal service lands.
 */
public final class SignalUnavailableListener implements WsListener {

    /** Close reason sent to clients. */
    public static final String REASON = "signal service unavailable";

    private static final System.Logger LOGGER = System.getLogger(SignalUnavailableListener.class.getName());

    @Override
    public void onOpen(WsSession session) {
        if (LOGGER.isLoggable(Level.INFO)) {
            LOGGER.log(Level.INFO, "closing signal connection from " + session.socketContext().remotePeer().address()
                    + " with " + WsCloseCodes.TRY_AGAIN_LATER + " (" + REASON + "): not implemented yet");
        }
        session.close(WsCloseCodes.TRY_AGAIN_LATER, REASON);
    }
}
