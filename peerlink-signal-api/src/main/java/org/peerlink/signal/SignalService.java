package org.peerlink.signal;

import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;

import org.peerlink.identity.IdentityPins;
import org.peerlink.identity.InMemoryIdentityPins;
import org.peerlink.signal.hub.LastSeenLog;
import org.peerlink.signal.hub.LocalPeerRegistry;
import org.peerlink.signal.hub.PeerRegistry;
import org.peerlink.signal.hub.SignalHub;
import org.peerlink.signal.register.InMemoryNonceWindow;
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
     * A service with identity pins of its own and no events listener.
     *
     * @param settings limits and timings
     * @param nonces   the register nonce window (in memory or durable)
     * @param lastSeen where last-seen times are kept beyond the process ({@link LastSeenLog#NONE}: nowhere)
     * @param clock    the server's clock
     */
    public SignalService(SignalSettings settings, NonceWindow nonces, LastSeenLog lastSeen, InstantSource clock) {
        this(builder().settings(settings).nonces(nonces).lastSeen(lastSeen).clock(clock));
    }

    private SignalService(Builder builder) {
        this.settings = builder.settings;
        NonceWindow nonces = builder.nonces != null ? builder.nonces : new InMemoryNonceWindow(settings.nonceWindow());
        PeerRegistry registry = builder.registry != null ? builder.registry
                : new LocalPeerRegistry(builder.lastSeen, settings.caps(), builder.clock.millis());
        // guarded once here, so that the hub and the sessions share one guard (and its log-once state)
        SignalEvents guarded = SignalEvents.guarded(builder.events);
        RegisterVerifier verifier = new RegisterVerifier(builder.clock, nonces, builder.pins, settings.registerSkew(),
                settings.caps());
        this.hub = new SignalHub(verifier, builder.clock, registry, guarded, builder.limits);
        this.sessions = new SignalSessions(hub, settings, guarded, builder.limits);
    }

    /** A service whose parts all have defaults: everything in memory, the system clock, no events listener. */
    public static Builder builder() {
        return new Builder();
    }

    /** What a signal service is made of, each with a default. */
    public static final class Builder {

        private SignalSettings settings = SignalSettings.defaults();
        private NonceWindow nonces;
        private IdentityPins pins = new InMemoryIdentityPins();
        private LastSeenLog lastSeen = LastSeenLog.NONE;
        private PeerRegistry registry;
        private SignalEvents events = SignalEvents.NONE;
        private SignalLimits limits = SignalLimits.NONE;
        private InstantSource clock = InstantSource.system();

        private Builder() {
        }

        /** Default {@link SignalSettings#defaults()}. */
        public Builder settings(SignalSettings settings) {
            this.settings = Objects.requireNonNull(settings);
            return this;
        }

        /** The register nonce window; default one in memory over the settings' window. */
        public Builder nonces(NonceWindow nonces) {
            this.nonces = Objects.requireNonNull(nonces);
            return this;
        }

        /**
         * The identity pins (PROTOCOL.md §3.5), to share with the relay so that it enforces what registers pin.
         * Default: pins in memory, which a restart forgets.
         */
        public Builder pins(IdentityPins pins) {
            this.pins = Objects.requireNonNull(pins);
            return this;
        }

        /** Where last-seen times are kept beyond the process; default {@link LastSeenLog#NONE}. */
        public Builder lastSeen(LastSeenLog lastSeen) {
            this.lastSeen = Objects.requireNonNull(lastSeen);
            return this;
        }

        /** Who is online where; default a {@link LocalPeerRegistry} over {@link #lastSeen}. */
        public Builder registry(PeerRegistry registry) {
            this.registry = Objects.requireNonNull(registry);
            return this;
        }

        /** Told what happens, for metrics; default {@link SignalEvents#NONE}. */
        public Builder events(SignalEvents events) {
            this.events = Objects.requireNonNull(events);
            return this;
        }

        /** Rate limits on registers and messages; default {@link SignalLimits#NONE}. */
        public Builder limits(SignalLimits limits) {
            this.limits = Objects.requireNonNull(limits);
            return this;
        }

        /** Default the system clock. */
        public Builder clock(InstantSource clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        public SignalService build() {
            return new SignalService(this);
        }
    }

    public SignalSettings settings() {
        return settings;
    }

    /** A new client connection; the binding feeds the session and tells it when the connection is gone. */
    public SignalSession open(SignalTransport transport) {
        return sessions.open(transport);
    }

    /**
     * On shutdown, before the listeners stop: closes every connection with 1012 "service restart", spread over
     * {@code window} (see {@link SignalSessions#drain}).
     *
     * @param window how long closing them all may take
     * @return how many connections were closed
     * @throws InterruptedException if interrupted meanwhile
     */
    public int drain(Duration window) throws InterruptedException {
        return sessions.drain(window);
    }

    /** Stops the service's broadcast thread; call after the listeners stopped. */
    @Override
    public void close() {
        sessions.close();
    }
}
