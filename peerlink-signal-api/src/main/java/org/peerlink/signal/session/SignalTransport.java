package org.peerlink.signal.session;

/**
 * What the signal service needs of one client connection (a WebSocket). A server binding implements it over its own
 * WebSocket session; everything else — queueing, ordering, limits, the protocol — is the service's.
 */
public interface SignalTransport {

    /**
     * Writes one whole text message. May block while the client reads slowly; it is called from one writer thread
     * at a time.
     *
     * @throws RuntimeException when the connection is broken (the client is gone)
     */
    void send(String text);

    /** Sends a close frame with this code and reason. */
    void close(int code, String reason);

    /** Ends the connection now, without waiting for the client (one that stopped reading, or is gone). */
    void terminate();

    /**
     * The client's address as the transport knows it (an IP address, without the port; the PROXY protocol's source
     * behind a proxy that sends it), for the per-address limits; empty when unknown.
     */
    default String remoteAddress() {
        return "";
    }
}
