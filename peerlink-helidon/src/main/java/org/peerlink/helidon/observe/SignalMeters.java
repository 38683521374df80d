package org.peerlink.helidon.observe;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Tag;
import io.helidon.metrics.api.Timer;

import org.peerlink.signal.SignalError;
import org.peerlink.signal.SignalEvents;

/**
 * The signal service's meters, counted from its {@link SignalEvents}: register acks and rejections by code, session
 * takeovers, the recovery time from a disconnect to the next {@code register_ack}, peers online, open connections,
 * and frames by direction and type. Every label value exists from the start (at zero), so a dashboard's query never
 * finds nothing.
 */
public final class SignalMeters implements SignalEvents {

    /**
     * Recovery time buckets: the app reconnects within a second or two after a network change, after minutes when it
     * was in the background, after hours overnight.
     */
    static final List<Duration> RECONNECT_BUCKETS = List.of(Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30),
            Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(30), Duration.ofHours(2),
            Duration.ofHours(12));

    /** The codes a register is refused with; others get their counter when they first occur. */
    static final List<SignalError.Code> REGISTER_CODES = List.of(SignalError.Code.INVALID_REGISTER,
            SignalError.Code.INVALID_REGISTER_AUTH, SignalError.Code.RATE_LIMITED);

    private final ServerMeters meters;
    private final Counter registerAck;
    private final Map<SignalError.Code, Counter> rejected = new ConcurrentHashMap<>();
    private final Counter sessionReplaced;
    private final Timer reconnect;
    private final Map<InboundFrame, Counter> framesIn = new EnumMap<>(InboundFrame.class);
    private final Map<OutboundFrame, Counter> framesOut = new EnumMap<>(OutboundFrame.class);
    private final AtomicLong online = new AtomicLong();
    private final AtomicLong connections = new AtomicLong();

    /**
     * Registers the meters.
     *
     * @param meters where they go
     */
    public SignalMeters(ServerMeters meters) {
        this.meters = meters;
        registerAck = meters.counter("peerlink.signal.register.ack", "Registers answered with register_ack");
        REGISTER_CODES.forEach(this::rejectedCounter);
        sessionReplaced = meters.counter("peerlink.signal.session.replaced",
                "Live sessions taken over by a new register of the same peerId (closed with SESSION_REPLACED)");
        reconnect = meters.timer("peerlink.signal.reconnect",
                "Recovery time: from a peer's disconnect to its next register_ack", RECONNECT_BUCKETS);
        for (InboundFrame type : InboundFrame.values()) {
            framesIn.put(type, meters.counter("peerlink.signal.frames", "Signal frames by direction and type",
                    Tag.create("direction", "in"), Tag.create("type", label(type))));
        }
        for (OutboundFrame type : OutboundFrame.values()) {
            framesOut.put(type, meters.counter("peerlink.signal.frames", "Signal frames by direction and type",
                    Tag.create("direction", "out"), Tag.create("type", label(type))));
        }
        meters.gauge("peerlink.signal.online.peers", "Peers with a live registered session", online::get);
        meters.gauge("peerlink.signal.connections", "Open signal WebSocket connections", connections::get);
    }

    private Counter rejectedCounter(SignalError.Code code) {
        return rejected.computeIfAbsent(code, c -> meters.counter("peerlink.signal.register.rejected",
                "Registers answered with an error frame, by its code", Tag.create("code", c.name())));
    }

    /** The wire type ({@code register_ack}, {@code peers_request}), as the app names the frames. */
    private static String label(Enum<?> type) {
        return type.name().toLowerCase(Locale.ROOT);
    }

    /**
     * Registers answered with {@code register_ack} so far.
     *
     * @return {@code peerlink_signal_register_ack_total}
     */
    public long registerAcks() {
        return registerAck.count();
    }

    /**
     * Registers refused so far, whatever the code.
     *
     * @return the sum of {@code peerlink_signal_register_rejected_total}
     */
    public long registerRejections() {
        return rejected.values().stream().mapToLong(Counter::count).sum();
    }

    /**
     * Peers online now.
     *
     * @return registered live sessions
     */
    public long onlinePeers() {
        return online.get();
    }

    /**
     * Open connections now.
     *
     * @return open signal connections
     */
    public long connections() {
        return connections.get();
    }

    @Override
    public void connected() {
        connections.incrementAndGet();
    }

    @Override
    public void disconnected() {
        connections.decrementAndGet();
    }

    @Override
    public void frameReceived(InboundFrame type) {
        framesIn.get(type).increment();
    }

    @Override
    public void framesSent(OutboundFrame type, int count) {
        framesOut.get(type).increment(count);
    }

    @Override
    public void registered(String peerId) {
        registerAck.increment();
    }

    @Override
    public void registerRejected(SignalError error) {
        rejectedCounter(error.code()).increment();
    }

    @Override
    public void sessionReplaced(String peerId) {
        sessionReplaced.increment();
    }

    @Override
    public void online(String peerId) {
        online.incrementAndGet();
    }

    @Override
    public void reconnected(String peerId, long offlineMs) {
        reconnect.record(Math.max(0, offlineMs), TimeUnit.MILLISECONDS);
    }

    @Override
    public void offline(String peerId, long atMs) {
        online.decrementAndGet();
    }
}
