package org.peerlink.signal.session;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
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
 * ({@link SignalCaps#registerDeadline()}), checked on one timer thread for all of them. It knows every open session,
 * so that a shutdown can {@link #drain} them.
 */
public final class SignalSessions implements AutoCloseable {

    private final SignalHub hub;
    private final SignalSettings settings;
    private final SignalEvents events;
    private final SignalLimits limits;
    private final BroadcastFlusher flusher;
    private final Map<String, AtomicInteger> connectionsByAddress = new ConcurrentHashMap<>();
    private final Set<SignalSession> open = ConcurrentHashMap.newKeySet();
    /** Set by {@link #drain}: a connection opened from then on is closed at once. */
    private volatile boolean draining;
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
                ended -> {
                    open.remove(ended);
                    release(address, count);
                });
        if (draining) {
            session.refuse(SignalClose.SERVICE_RESTART);
        } else if (overCap) {
            session.refuse(SignalClose.TOO_MANY_CONNECTIONS);
        } else {
            open.add(session);
            if (session.ended()) {
                open.remove(session); // it ended before it was added: its own removal found nothing
            }
            session.deadline(deadlines.schedule(() -> session.enforceRegisterDeadline(),
                    settings.caps().registerDeadline().toMillis(), TimeUnit.MILLISECONDS));
        }
        return session;
    }

    /**
     * Closes every open connection with {@link SignalClose#SERVICE_RESTART}, one after the other spread evenly over
     * {@code window}, so that the clients' reconnects arrive spread out too; connections opened meanwhile are closed
     * at once. Returns once every connection was closed and their ends arrived, or a second after the last close.
     *
     * @param window how long closing them all may take; zero closes them all at once
     * @return how many connections it closed
     * @throws InterruptedException if interrupted while waiting between closes
     */
    public int drain(Duration window) throws InterruptedException {
        draining = true;
        List<SignalSession> closing = List.copyOf(open);
        long start = System.nanoTime();
        long step = closing.isEmpty() ? 0 : window.toNanos() / closing.size();
        for (int i = 0; i < closing.size(); i++) {
            long wait = start + i * step - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            closing.get(i).refuse(SignalClose.SERVICE_RESTART);
        }
        // The close frames go out on each connection's writer; the listener's stop must not cut them off.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        while (!open.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return closing.size();
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
