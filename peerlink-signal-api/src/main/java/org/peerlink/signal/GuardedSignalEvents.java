package org.peerlink.signal;

import java.lang.System.Logger.Level;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A {@link SignalEvents} whose exceptions stop here. An event is called in the middle of a register, under the
 * registry lock; a listener that throws there would leave a peer bound but not acknowledged. The first failure is
 * logged with its stack trace; the ones after it, probably the same bug once per frame, only at DEBUG.
 */
final class GuardedSignalEvents implements SignalEvents {

    private static final System.Logger LOGGER = System.getLogger(GuardedSignalEvents.class.getName());

    private final SignalEvents events;
    private final AtomicBoolean failedBefore = new AtomicBoolean();

    GuardedSignalEvents(SignalEvents events) {
        this.events = Objects.requireNonNull(events);
    }

    @Override
    public void connected() {
        try {
            events.connected();
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    @Override
    public void disconnected() {
        try {
            events.disconnected();
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    @Override
    public void frameReceived(InboundFrame type) {
        try {
            events.frameReceived(type);
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    @Override
    public void framesSent(OutboundFrame type, int connections) {
        try {
            events.framesSent(type, connections);
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    @Override
    public void registered(String peerId) {
        try {
            events.registered(peerId);
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    @Override
    public void registerRejected(SignalError error) {
        try {
            events.registerRejected(error);
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    @Override
    public void sessionReplaced(String peerId) {
        try {
            events.sessionReplaced(peerId);
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    @Override
    public void online(String peerId) {
        try {
            events.online(peerId);
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    @Override
    public void reconnected(String peerId, long offlineMs) {
        try {
            events.reconnected(peerId, offlineMs);
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    @Override
    public void offline(String peerId, long atMs) {
        try {
            events.offline(peerId, atMs);
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    private void failed(RuntimeException e) {
        if (failedBefore.compareAndSet(false, true)) {
            LOGGER.log(Level.ERROR, "signal event listener failed; this event is lost, later failures log at DEBUG", e);
        } else {
            LOGGER.log(Level.DEBUG, "signal event listener failed again: {0}", e.toString());
        }
    }
}
