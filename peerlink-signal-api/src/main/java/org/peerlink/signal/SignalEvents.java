package org.peerlink.signal;

/**
 * What happens in a signal service, for a listener that counts it (metrics). Every method does nothing by default,
 * so a listener overrides what it counts; {@link #NONE} counts nothing.
 *
 * <p>The events are enough for these meters: register acks ({@link #registered}), rejected registers by code
 * ({@link #registerRejected}), session takeovers ({@link #sessionReplaced}), the time from a peer's disconnect to its
 * next register ack ({@link #reconnected}), peers online ({@link #online} minus {@link #offline}), open connections
 * ({@link #connected} minus {@link #disconnected}) and frames by direction and type ({@link #frameReceived},
 * {@link #framesSent}).
 *
 * <p>Events are called on the thread that handles the connection's frame or close, concurrently for different
 * connections, and several of them while the hub holds its registry lock: an implementation must be thread-safe and
 * fast (an atomic counter, not I/O). The service catches and logs what a listener throws ({@link #guarded}), so a
 * broken listener loses counts, never frames.
 */
public interface SignalEvents {

    /** Counts nothing. */
    SignalEvents NONE = new SignalEvents() {
    };

    /** What a complete message from a client was. */
    enum InboundFrame {
        REGISTER, SIGNAL, PING, PEERS_REQUEST,
        /** A protocol frame whose {@code type} the server does not know. */
        UNKNOWN,
        /** Not JSON, not protocol version 1, or larger than the limit: answered without looking at its type. */
        INVALID
    }

    /** The types of the frames the server sends. */
    enum OutboundFrame { REGISTER_ACK, PONG, PEERS, PRESENCE_UPDATE, SIGNAL, ERROR }

    /** A client connection opened. */
    default void connected() {
    }

    /** A client connection ended; once per {@link #connected}. */
    default void disconnected() {
    }

    /** A complete message arrived from a client, before it is answered. */
    default void frameReceived(InboundFrame type) {
    }

    /**
     * One frame went to the send queues of {@code connections} connections (1, or everyone else online for a
     * presence update); a broadcast is one call, so counting costs the same for one receiver or thousands.
     */
    default void framesSent(OutboundFrame type, int connections) {
    }

    /** {@code peerId} was registered and its {@code register_ack} sent. */
    default void registered(String peerId) {
    }

    /** A register was refused with {@code error}; its {@link SignalError#code()} is the wire code. */
    default void registerRejected(SignalError error) {
    }

    /** A register of {@code peerId} took over its live session on another connection, which is closed. */
    default void sessionReplaced(String peerId) {
    }

    /** {@code peerId} had no live session and has one now. */
    default void online(String peerId) {
    }

    /**
     * {@code peerId}, which had gone offline {@code offlineMs} ago (also before a restart, when the last-seen times
     * are kept), is online again; called with {@link #online}, before its {@link #registered}.
     */
    default void reconnected(String peerId, long offlineMs) {
    }

    /** {@code peerId}'s live session ended at {@code atMs} (the server's clock), and nothing took it over. */
    default void offline(String peerId, long atMs) {
    }

    /**
     * These events, then {@code next}'s: the meters and the log both listen.
     *
     * @param next told of every event after this one
     * @return both in turn
     */
    default SignalEvents andThen(SignalEvents next) {
        SignalEvents first = this;
        return new SignalEvents() {
            @Override
            public void connected() {
                first.connected();
                next.connected();
            }

            @Override
            public void disconnected() {
                first.disconnected();
                next.disconnected();
            }

            @Override
            public void frameReceived(InboundFrame type) {
                first.frameReceived(type);
                next.frameReceived(type);
            }

            @Override
            public void framesSent(OutboundFrame type, int connections) {
                first.framesSent(type, connections);
                next.framesSent(type, connections);
            }

            @Override
            public void registered(String peerId) {
                first.registered(peerId);
                next.registered(peerId);
            }

            @Override
            public void registerRejected(SignalError error) {
                first.registerRejected(error);
                next.registerRejected(error);
            }

            @Override
            public void sessionReplaced(String peerId) {
                first.sessionReplaced(peerId);
                next.sessionReplaced(peerId);
            }

            @Override
            public void online(String peerId) {
                first.online(peerId);
                next.online(peerId);
            }

            @Override
            public void reconnected(String peerId, long offlineMs) {
                first.reconnected(peerId, offlineMs);
                next.reconnected(peerId, offlineMs);
            }

            @Override
            public void offline(String peerId, long atMs) {
                first.offline(peerId, atMs);
                next.offline(peerId, atMs);
            }
        };
    }

    /**
     * {@code events} such that what it throws is logged and goes no further: an event never breaks frame handling.
     * {@link #NONE} and listeners that are guarded already are returned as they are.
     */
    static SignalEvents guarded(SignalEvents events) {
        return events == NONE || events instanceof GuardedSignalEvents ? events : new GuardedSignalEvents(events);
    }
}
