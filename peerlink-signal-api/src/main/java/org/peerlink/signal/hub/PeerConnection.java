package org.peerlink.signal.hub;

/**
 * One client's WebSocket as the signal logic sees it. Implementations must not block the caller:
 * {@link #send} queues the frame (bounded) and closes the connection itself when the queue overflows.
 */
public interface PeerConnection {

    /** Queues one text frame; frames sent to one connection are delivered whole and in order. */
    void send(String text);

    /** Closes the connection with a WebSocket close code and reason. */
    void close(int code, String reason);
}
