package org.peerlink.signal.hub;

import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

import org.peerlink.core.json.JsArray;
import org.peerlink.core.json.JsCoercion;
import org.peerlink.core.json.JsNumber;
import org.peerlink.core.json.JsObject;
import org.peerlink.core.json.JsString;
import org.peerlink.core.json.JsValue;
import org.peerlink.core.json.JsonReader;
import org.peerlink.core.json.MalformedJsonException;
import org.peerlink.signal.SignalClose;
import org.peerlink.signal.SignalError;
import org.peerlink.signal.SignalEvents;
import org.peerlink.signal.SignalEvents.InboundFrame;
import org.peerlink.signal.SignalLimits;
import org.peerlink.signal.register.RegisterVerdict;
import org.peerlink.signal.register.RegisterVerifier;

/**
 * The signal protocol (PROTOCOL.md §3) over abstract {@link PeerConnection}s: frame handling order,
 * register with session takeover, forwarding, ping, peers snapshots, presence. Transport-free.
 *
 * <p>Who is online where is kept by a {@link PeerRegistry}. Its changes (bind, takeover, release) happen under
 * one lock of the hub so that two registers for one peerId leave exactly one live session and presence updates go
 * out in the order of the changes; sends never wait on a slow client, so holding the lock while sending is safe.
 * Lookups (who is this connection, where does a signal go) ask the registry without the lock, so forwarding never
 * waits behind a presence broadcast to everyone online.
 *
 * <p>What happens is reported to {@link SignalEvents}, guarded so that a failing listener changes no frame.
 */
public final class SignalHub {

    private final RegisterVerifier verifier;
    private final InstantSource clock;
    private final Object registryLock = new Object();
    private final PeerRegistry registry;
    private final SignalEvents events;
    private final SignalLimits limits;

    /** A hub whose last-seen times live as long as the process. */
    public SignalHub(RegisterVerifier verifier, InstantSource clock) {
        this(verifier, clock, LastSeenLog.NONE);
    }

    /** A hub that restores last-seen times from {@code lastSeenLog} and records every presence change there. */
    public SignalHub(RegisterVerifier verifier, InstantSource clock, LastSeenLog lastSeenLog) {
        this(verifier, clock, new LocalPeerRegistry(lastSeenLog), SignalEvents.NONE);
    }

    /**
     * @param registry who is online where; this hub's alone (its mutations are ordered by this hub's lock)
     * @param events   told what happens ({@link SignalEvents#NONE}: nobody)
     */
    public SignalHub(RegisterVerifier verifier, InstantSource clock, PeerRegistry registry, SignalEvents events) {
        this(verifier, clock, registry, events, SignalLimits.NONE);
    }

    /** @param limits asked before a register is verified */
    public SignalHub(RegisterVerifier verifier, InstantSource clock, PeerRegistry registry, SignalEvents events,
                     SignalLimits limits) {
        this.verifier = Objects.requireNonNull(verifier);
        this.clock = Objects.requireNonNull(clock);
        this.registry = Objects.requireNonNull(registry);
        this.events = SignalEvents.guarded(Objects.requireNonNull(events));
        this.limits = Objects.requireNonNull(limits);
    }

    /** Whether {@code connection} holds a peerId (its register succeeded). */
    public boolean isRegistered(PeerConnection connection) {
        return registry.peerOf(connection) != null;
    }

    /** The client sends faster than its {@link SignalLimits.FrameLimit}: the message is dropped and it is told. */
    public void onRateLimited(PeerConnection connection, Duration wait) {
        sendError(connection, rateLimited(null, wait));
    }

    private void refuseRateLimited(PeerConnection connection, JsValue frameId, Duration wait) {
        events.registerRejected(SignalError.RATE_LIMITED);
        sendError(connection, rateLimited(frameId, wait));
    }

    private static String rateLimited(JsValue frameId, Duration wait) {
        return ServerFrames.error(frameId, ServerFrames.errorPayload(SignalError.RATE_LIMITED,
                SignalError.RATE_LIMITED.message()).put("retryAfterMs", JsNumber.of(Math.max(1, wait.toMillis())))
                .build());
    }

    /**
     * Handles one complete (reassembled) text frame from {@code connection}.
     *
     * @return how long the connection should not be read: the wait of a register refused by its rate limit (the
     *         transport parks its reader, see {@link org.peerlink.signal.session.SignalSession}); zero otherwise
     */
    public Duration onText(PeerConnection connection, String text) {
        JsValue parsed;
        try {
            parsed = JsonReader.parse(text);
        } catch (MalformedJsonException e) {
            events.frameReceived(InboundFrame.INVALID);
            sendError(connection, ServerFrames.error(null, SignalError.INVALID_JSON));
            return Duration.ZERO;
        }
        // A JSON value that is not an object has no "v", so it is refused as the original refuses 5 or [] (whose
        // destructuring yields undefined); the original's process dies on null, ours answers it the same way.
        JsObject frame = parsed instanceof JsObject object ? object : JsObject.builder().build();
        JsValue frameId = frame.get("id");
        if (!frame.string("v").filter("1"::equals).isPresent()) {
            events.frameReceived(InboundFrame.INVALID);
            sendError(connection, ServerFrames.error(frameId, SignalError.UNSUPPORTED_VERSION));
            return Duration.ZERO;
        }
        JsValue type = frame.get("type");
        JsValue payload = frame.get("payload");
        InboundFrame kind = inboundType(type);
        events.frameReceived(kind);
        if (kind == InboundFrame.REGISTER) {
            return register(connection, frameId, payload);
        }
        switch (kind) {
            case SIGNAL -> whenRegistered(connection, frameId, SignalError.SIGNAL_BEFORE_REGISTER,
                    peerId -> forward(connection, frameId, peerId, payload));
            case PING -> whenRegistered(connection, frameId, SignalError.PING_BEFORE_REGISTER,
                    peerId -> send(connection, ServerFrames.Kind.PONG,
                            JsObject.builder().put("peerId", peerId).build()));
            case PEERS_REQUEST -> whenRegistered(connection, frameId, SignalError.PEERS_BEFORE_REGISTER,
                    peerId -> send(connection, ServerFrames.Kind.PEERS, peersSnapshot()));
            // UNKNOWN (inboundType never answers INVALID)
            default -> sendError(connection, ServerFrames.error(frameId, ServerFrames.errorPayload(
                    SignalError.UNKNOWN_TYPE, SignalError.UNKNOWN_TYPE.message(JsCoercion.toJsString(type))).build()));
        }
        return Duration.ZERO;
    }

    /** A text message larger than the transport accepts arrived; it is answered as unreadable, not parsed. */
    public void onOversized(PeerConnection connection) {
        events.frameReceived(InboundFrame.INVALID);
        sendError(connection, ServerFrames.error(null, SignalError.INVALID_JSON));
    }

    /** The connection is gone; if it was a peer's live session, the peer goes offline. */
    public void onClose(PeerConnection connection) {
        synchronized (registryLock) {
            String peerId = registry.forget(connection);
            if (peerId != null && registry.sessionOf(peerId) == connection) {
                goOffline(peerId);
            }
        }
    }

    private static InboundFrame inboundType(JsValue type) {
        return switch (type instanceof JsString s ? s.value() : "") {
            case "register" -> InboundFrame.REGISTER;
            case "signal" -> InboundFrame.SIGNAL;
            case "ping" -> InboundFrame.PING;
            case "peers_request" -> InboundFrame.PEERS_REQUEST;
            default -> InboundFrame.UNKNOWN;
        };
    }

    private void whenRegistered(PeerConnection connection, JsValue frameId, SignalError notRegistered,
                                Consumer<String> action) {
        String peerId = registry.peerOf(connection);
        if (peerId == null) {
            sendError(connection, ServerFrames.error(frameId, notRegistered));
        } else {
            action.accept(peerId);
        }
    }

    /** @return the wait of a rate-limited register, zero otherwise */
    private Duration register(PeerConnection connection, JsValue frameId, JsValue payload) {
        // Before the verification: a refused register costs no signature check and no profile written out.
        Optional<Duration> byAddress = limits.admitRegister(connection.remoteAddress());
        if (byAddress.isPresent()) {
            refuseRateLimited(connection, frameId, byAddress.get());
            return byAddress.get();
        }
        RegisterVerdict verdict = verifier.verify(payload);
        if (verdict instanceof RegisterVerdict.Rejected rejected) {
            events.registerRejected(rejected.error());
            sendError(connection, ServerFrames.error(frameId, rejected.error()));
            return Duration.ZERO;
        }
        String peerId = ((RegisterVerdict.Accepted) verdict).peerId();
        // After it: only the holder of the peerId's key spends the peerId's allowance.
        Optional<Duration> byPeer = limits.admitVerifiedPeer(peerId);
        if (byPeer.isPresent()) {
            refuseRateLimited(connection, frameId, byPeer.get());
            return byPeer.get();
        }
        synchronized (registryLock) {
            String previous = registry.peerOf(connection);
            if (previous != null && !previous.equals(peerId) && registry.sessionOf(previous) == connection) {
                goOffline(previous); // one connection holds at most one peerId
            }
            PeerConnection live = registry.sessionOf(peerId);
            if (live != null && live != connection) {
                registry.forget(live); // its close must change nothing
                events.sessionReplaced(peerId);
                sendError(live, ServerFrames.error(null, SignalError.SESSION_REPLACED));
                live.close(SignalClose.SESSION_REPLACED.code(), SignalClose.SESSION_REPLACED.reason());
            }
            Long lastSeenMs = registry.bind(peerId, connection);
            if (live == null) {
                events.online(peerId);
            }
            if (lastSeenMs != null) {
                // a last-seen restored from a clock ahead of this one must not make a negative duration
                events.reconnected(peerId, Math.max(0, clock.millis() - lastSeenMs));
            }
            send(connection, ServerFrames.Kind.REGISTER_ACK, JsObject.builder()
                    .put("peerId", peerId)
                    .put("sessionId", RandomIds.uuid())
                    .build());
            events.registered(peerId);
            broadcast(connection, ServerFrames.Kind.PRESENCE_UPDATE, JsObject.builder()
                    .put("peerId", peerId)
                    .put("status", "online")
                    .build());
        }
        return Duration.ZERO;
    }

    /**
     * Forwards a signal. {@code to} is tested the way the original tests it ({@code !payload.to}): any truthy value
     * is looked up, and one that is not a string is simply never connected.
     */
    private void forward(PeerConnection sender, JsValue frameId, String senderPeerId, JsValue payloadValue) {
        JsValue to = payloadValue instanceof JsObject p ? p.get("to") : null;
        if (!(payloadValue instanceof JsObject payload) || !JsCoercion.isTruthy(to)) {
            sendError(sender, ServerFrames.error(frameId, SignalError.MISSING_TO));
            return;
        }
        if (payload.has("from") && !payload.string("from").filter(senderPeerId::equals).isPresent()) {
            sendError(sender, ServerFrames.error(frameId, SignalError.FROM_NOT_SENDER));
            return;
        }
        PeerConnection target = to instanceof JsString s ? registry.sessionOf(s.value()) : null;
        if (target == null) {
            // peerId and to let the app's retry of call signals find the peer it is waiting for (PROTOCOL.md §3.2)
            sendError(sender, ServerFrames.error(frameId, ServerFrames.errorPayload(SignalError.PEER_NOT_CONNECTED,
                            SignalError.PEER_NOT_CONNECTED.message(JsCoercion.toJsString(to)))
                    .put("peerId", to)
                    .put("to", to)
                    .build()));
            return;
        }
        send(target, ServerFrames.Kind.SIGNAL, payload);
    }

    private JsObject peersSnapshot() {
        List<String> peers;
        synchronized (registryLock) {
            peers = registry.onlinePeers();
        }
        List<JsValue> online = new ArrayList<>(peers.size());
        peers.forEach(id -> online.add(new JsString(id)));
        JsObject.Builder lastSeen = JsObject.builder();
        registry.lastSeen().forEach((id, ms) -> lastSeen.put(id, JsNumber.of(ms)));
        return JsObject.builder()
                .put("peers", new JsArray(online))
                .put("lastSeenMsByPeer", lastSeen.build())
                .build();
    }

    /** Caller holds the registry lock. */
    private void goOffline(String peerId) {
        long now = clock.millis();
        PeerConnection gone = registry.goOffline(peerId, now);
        events.offline(peerId, now);
        broadcast(gone, ServerFrames.Kind.PRESENCE_UPDATE, JsObject.builder()
                .put("peerId", peerId)
                .put("status", "offline")
                .put("lastSeenMs", JsNumber.of(now))
                .build());
    }

    private void send(PeerConnection connection, ServerFrames.Kind kind, JsValue payload) {
        connection.send(ServerFrames.frame(kind, payload));
        events.framesSent(kind.event(), 1);
    }

    /** Sends an error frame made by {@link ServerFrames#error}. */
    private void sendError(PeerConnection connection, String errorFrame) {
        connection.send(errorFrame);
        events.framesSent(SignalEvents.OutboundFrame.ERROR, 1);
    }

    /**
     * Sends one frame to every registered connection but {@code except}, as one {@link SharedFrame} so the
     * transport can encode it once for all. Caller holds the lock.
     */
    private void broadcast(PeerConnection except, ServerFrames.Kind kind, JsValue payload) {
        SharedFrame frame = new SharedFrame(ServerFrames.frame(kind, payload));
        int receivers = 0;
        for (PeerConnection other : registry.sessions()) {
            if (other != except) {
                other.send(frame);
                receivers++;
            }
        }
        if (receivers > 0) {
            events.framesSent(kind.event(), receivers);
        }
    }
}
