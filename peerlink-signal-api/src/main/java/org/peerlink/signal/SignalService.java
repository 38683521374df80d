package org.peerlink.signal;

import java.time.InstantSource;
import java.util.Objects;

import org.peerlink.signal.hub.LastSeenLog;
import org.peerlink.signal.hub.LocalPeerRegistry;
import org.peerlink.signal.hub.PeerRegistry;
import org.peerlink.signal.hub.SignalHub;
import org.peerlink.signal.register.NonceWindow;
import org.peerlink.signal.register.RegisterVerifier;
import org.peerlink.signal.session.SignalSession;
import org.peerlink.signal.session.SignalSessions;
import org.peerlink.signal.session.SignalTransport;

/**
 * The signal service of PROTOCOL.md §3 without a transport: a server binding calls {@link #open} for each WebSocket
 * and feeds the session what the client sends; the rules, limits, queues and presence batching are all here.
 * Thread-safe; one per process (or per signal socket).
 */
public final class SignalService implements AutoCloseable {

    private final SignalSettings settings;
    private final SignalHub hub;
    private final SignalSessions sessions;

    /**
     * @param settings limits and timings
     * @param nonces   the register nonce window (in memory or durable)
     * @param lastSeen where last-seen times are kept beyond the process ({@link LastSeenLog#NONE}: nowhere)
     * @param clock    the server's clock
     */
    public SignalService(SignalSettings settings, NonceWindow nonces, LastSeenLog lastSeen, InstantSource clock) {
        this(settings, nonces, new LocalPeerRegistry(lastSeen), SignalEvents.NONE, clock);
    }

    /**
     * @param settings limits and timings
     * @param nonces   the register nonce window (in memory or durable)
     * @param registry who is online where; this service's alone
     * @param events   told what happens, for metrics ({@link SignalEvents#NONE}: nobody)
     * @param clock    the server's clock
     */
    public SignalService(SignalSettings settings, NonceWindow nonces, PeerRegistry registry, SignalEvents events,
                         InstantSource clock) {
        this.settings = Objects.requireNonNull(settings);
        // guarded once here, so that the hub and the sessions share one guard (and its log-once state)
        SignalEvents guarded = SignalEvents.guarded(Objects.requireNonNull(events));
        this.hub = new SignalHub(new RegisterVerifier(clock, nonces, settings.registerSkew()), clock, registry,
                guarded);
        this.sessions = new SignalSessions(hub, settings, guarded);
    }

    public SignalSettings settings() {
        return settings;
    }

    /** A new client connection; the binding feeds the session and tells it when the connection is gone. */
    public SignalSession open(SignalTransport transport) {
        return sessions.open(transport);
    }

    /** Stops the service's broadcast thread; call after the listeners stopped. */
    @Override
    public void close() {
        sessions.close();
    }
}
