package org.peerlink.signal.session;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.peerlink.signal.SignalCaps;
import org.peerlink.signal.SignalClose;
import org.peerlink.signal.SignalEvents;
import org.peerlink.signal.SignalLimits;
import org.peerlink.signal.SignalSettings;
import org.peerlink.signal.hub.SignalHub;

/**
 * Opens the sessions of one signal service: each with the hub, the limits, the service's one broadcast flusher and
 * the listener told when a connection opens and ends. It also keeps the per-address caps: the open connections of
 * each client address ({@link SignalCaps#maxConnectionsPerAddress()}), and the register deadline of each connection
 * ({@link SignalCaps#registerDeadline()}), checked on one timer thread for all of them.
 */
public final class SignalSessions implements AutoCloseable {

    private final SignalHub hub;
    private final SignalSettings settings;
    private final SignalEvents events;
    private final SignalLimits limits;
    private final BroadcastFlusher flusher;
    private final Map<String, AtomicInteger> connectionsByAddress = new ConcurrentHashMap<>();
    private final ScheduledExecutorService deadlines = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("peerlink-signal-deadlines").daemon(true).factory());

    /** Sessions whose opening and end nobody is told of, without rate limits. */
    public SignalSessions(SignalHub hub, SignalSettings settings) {
        this(hub, settings, SignalEvents.NONE, SignalLimits.NONE);
    }

    /**
     * @param events told of {@link SignalEvents#connected} and {@link SignalEvents#disconnected}
     * @param limits the message rate of each connection
     */
    public SignalSessions(SignalHub hub, SignalSettings settings, SignalEvents events, SignalLimits limits) {
        this.hub = Objects.requireNonNull(hub);
        this.settings = Objects.requireNonNull(settings);
        this.events = SignalEvents.guarded(Objects.requireNonNull(events));
        this.limits = Objects.requireNonNull(limits);
        this.flusher = new BroadcastFlusher(settings.broadcastDelay());
    }

    /**
     * A new client connection, reported as {@link SignalEvents#connected}. One over its address's cap is closed at
     * once with {@link SignalClose#TOO_MANY_CONNECTIONS}; the binding feeds it as any other, and it ignores what
     * comes.
     */
    public SignalSession open(SignalTransport transport) {
        String address = transport.remoteAddress();
        AtomicInteger count = address.isEmpty() ? null
                : connectionsByAddress.computeIfAbsent(address, a -> new AtomicInteger());
        boolean overCap = count != null && count.incrementAndGet() > settings.caps().maxConnectionsPerAddress();
        SignalSession session = new SignalSession(hub, transport, settings, flusher, events, limits.frames(address),
                () -> release(address, count));
        if (overCap) {
            session.refuse(SignalClose.TOO_MANY_CONNECTIONS);
        } else {
            session.deadline(deadlines.schedule(() -> session.enforceRegisterDeadline(),
                    settings.caps().registerDeadline().toMillis(), TimeUnit.MILLISECONDS));
        }
        return session;
    }

    private void release(String address, AtomicInteger count) {
        if (count != null && count.decrementAndGet() == 0) {
            connectionsByAddress.remove(address, count);
        }
    }

    @Override
    public void close() {
        deadlines.shutdownNow();
        flusher.close();
    }
}
