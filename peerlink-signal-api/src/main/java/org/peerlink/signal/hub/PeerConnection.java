package org.peerlink.signal.hub;

/**
 * One client's WebSocket as the signal logic sees it. Implementations must not block the caller:
 * {@link #send} queues the frame (bounded) and closes the connection itself when the queue overflows.
 */
public interface PeerConnection {

    /** Queues one text frame; frames sent to one connection are delivered whole and in order. */
    void send(String text);

    /**
     * Queues a frame that goes to many connections. A transport that can reuse one encoding for all of them
     * overrides this; by default the text is sent like any other.
     */
    default void send(SharedFrame frame) {
        send(frame.text());
    }

    /** Closes the connection with a WebSocket close code and reason. */
    void close(int code, String reason);

    /** The client's address, for the per-address limits; empty when unknown. */
    default String remoteAddress() {
        return "";
    }
}
