package org.peerlink.signal.session;

import org.peerlink.signal.SignalSettings;
import org.peerlink.signal.hub.SignalHub;

/** Opens the sessions of one signal service: each with the hub, the limits and the service's one broadcast flusher. */
public final class SignalSessions implements AutoCloseable {

    private final SignalHub hub;
    private final SignalSettings settings;
    private final BroadcastFlusher flusher;

    public SignalSessions(SignalHub hub, SignalSettings settings) {
        this.hub = hub;
        this.settings = settings;
        this.flusher = new BroadcastFlusher(settings.broadcastDelay());
    }

    public SignalSession open(SignalTransport transport) {
        return new SignalSession(hub, transport, settings, flusher);
    }

    @Override
    public void close() {
        flusher.close();
    }
}
