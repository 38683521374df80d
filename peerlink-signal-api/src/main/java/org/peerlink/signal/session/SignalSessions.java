package org.peerlink.signal.session;

import java.util.Objects;

import org.peerlink.signal.SignalEvents;
import org.peerlink.signal.SignalSettings;
import org.peerlink.signal.hub.SignalHub;

/**
 * Opens the sessions of one signal service: each with the hub, the limits, the service's one broadcast flusher and
 * the listener told when a connection opens and ends.
 */
public final class SignalSessions implements AutoCloseable {

    private final SignalHub hub;
    private final SignalSettings settings;
    private final SignalEvents events;
    private final BroadcastFlusher flusher;

    /** Sessions whose opening and end nobody is told of. */
    public SignalSessions(SignalHub hub, SignalSettings settings) {
        this(hub, settings, SignalEvents.NONE);
    }

    /** @param events told of {@link SignalEvents#connected} and {@link SignalEvents#disconnected} */
    public SignalSessions(SignalHub hub, SignalSettings settings, SignalEvents events) {
        this.hub = Objects.requireNonNull(hub);
        this.settings = Objects.requireNonNull(settings);
        this.events = SignalEvents.guarded(Objects.requireNonNull(events));
        this.flusher = new BroadcastFlusher(settings.broadcastDelay());
    }

    /** A new client connection, reported as {@link SignalEvents#connected}. */
    public SignalSession open(SignalTransport transport) {
        return new SignalSession(hub, transport, settings, flusher, events);
    }

    @Override
    public void close() {
        flusher.close();
    }
}
