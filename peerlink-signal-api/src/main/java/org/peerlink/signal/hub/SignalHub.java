package org.peerlink.signal.hub;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
import org.peerlink.signal.register.RegisterVerdict;
import org.peerlink.signal.register.RegisterVerifier;

/**
 * The signal protocol (PROTOCOL.md §3) over abstract {@link PeerConnection}s: frame handling order,
 * register with session takeover, forwarding, ping, peers snapshots, presence. Transport-free.
 *
 * <p>Registry changes (bind, takeover, release) happen under one lock so that two registers for one
 * peerId leave exactly one live session and presence updates go out in the order of the changes;
 * sends never wait on a slow client, so holding the lock while sending is safe. Lookups (who is this
 * connection, where does a signal go) read the concurrent maps without the lock, so forwarding never
 * waits behind a presence broadcast to everyone online.
 */
public final class SignalHub {

    private final RegisterVerifier verifier;
    private final InstantSource clock;
    private final Object registryLock = new Object();
    private final Map<String, PeerConnection> liveByPeer = new ConcurrentHashMap<>();
    private final Map<PeerConnection, String> peerByConnection = new ConcurrentHashMap<>();
    private final Map<String, Long> lastSeenByPeer = new ConcurrentHashMap<>();
    private final LastSeenLog lastSeenLog;

    /** A hub whose last-seen times live as long as the process. */
    public SignalHub(RegisterVerifier verifier, InstantSource clock) {
        this(verifier, clock, LastSeenLog.NONE);
    }

    /** A hub that restores last-seen times from {@code lastSeenLog} and records every presence change there. */
    public SignalHub(RegisterVerifier verifier, InstantSource clock, LastSeenLog lastSeenLog) {
        this.verifier = verifier;
        this.clock = clock;
        this.lastSeenLog = lastSeenLog;
        lastSeenByPeer.putAll(lastSeenLog.restore());
    }

    /** Handles one complete (reassembled) text frame from {@code connection}. */
    public void onText(PeerConnection connection, String text) {
        JsValue parsed;
        try {
            parsed = JsonReader.parse(text);
        } catch (MalformedJsonException e) {
            connection.send(ServerFrames.error(null, SignalError.INVALID_JSON));
            return;
        }
        // A JSON value that is not an object has no "v", so it is refused as the original refuses 5 or [] (whose
        // destructuring yields undefined); the original's process dies on null, ours answers it the same way.
        JsObject frame = parsed instanceof JsObject object ? object : JsObject.builder().build();
        JsValue frameId = frame.get("id");
        if (!frame.string("v").filter("1"::equals).isPresent()) {
            connection.send(ServerFrames.error(frameId, SignalError.UNSUPPORTED_VERSION));
            return;
        }
        JsValue type = frame.get("type");
        JsValue payload = frame.get("payload");
        switch (type instanceof JsString s ? s.value() : "") {
            case "register" -> register(connection, frameId, payload);
            case "signal" -> whenRegistered(connection, frameId, SignalError.SIGNAL_BEFORE_REGISTER,
                    peerId -> forward(connection, frameId, peerId, payload));
            case "ping" -> whenRegistered(connection, frameId, SignalError.PING_BEFORE_REGISTER,
                    peerId -> connection.send(ServerFrames.frame(ServerFrames.Kind.PONG,
                            JsObject.builder().put("peerId", peerId).build())));
            case "peers_request" -> whenRegistered(connection, frameId, SignalError.PEERS_BEFORE_REGISTER,
                    peerId -> connection.send(ServerFrames.frame(ServerFrames.Kind.PEERS, peersSnapshot())));
            default -> connection.send(ServerFrames.error(frameId, ServerFrames.errorPayload(SignalError.UNKNOWN_TYPE,
                    SignalError.UNKNOWN_TYPE.message(JsCoercion.toJsString(type))).build()));
        }
    }

    /** A text message larger than the transport accepts arrived; it is answered as unreadable, not parsed. */
    public void onOversized(PeerConnection connection) {
        connection.send(ServerFrames.error(null, SignalError.INVALID_JSON));
    }

    /** The connection is gone; if it was a peer's live session, the peer goes offline. */
    public void onClose(PeerConnection connection) {
        synchronized (registryLock) {
            String peerId = peerByConnection.remove(connection);
            if (peerId != null && liveByPeer.get(peerId) == connection) {
                goOffline(peerId);
            }
        }
    }

    private void whenRegistered(PeerConnection connection, JsValue frameId, SignalError notRegistered,
                                Consumer<String> action) {
        String peerId = peerByConnection.get(connection);
        if (peerId == null) {
            connection.send(ServerFrames.error(frameId, notRegistered));
        } else {
            action.accept(peerId);
        }
    }

    private void register(PeerConnection connection, JsValue frameId, JsValue payload) {
        RegisterVerdict verdict = verifier.verify(payload);
        if (verdict instanceof RegisterVerdict.Rejected rejected) {
            connection.send(ServerFrames.error(frameId, rejected.error()));
            return;
        }
        String peerId = ((RegisterVerdict.Accepted) verdict).peerId();
        synchronized (registryLock) {
            String previous = peerByConnection.get(connection);
            if (previous != null && !previous.equals(peerId) && liveByPeer.get(previous) == connection) {
                goOffline(previous); // one connection holds at most one peerId
            }
            PeerConnection replaced = liveByPeer.get(peerId);
            if (replaced != null && replaced != connection) {
                peerByConnection.remove(replaced); // its close must change nothing
                replaced.send(ServerFrames.error(null, SignalError.SESSION_REPLACED));
                replaced.close(SignalClose.SESSION_REPLACED.code(), SignalClose.SESSION_REPLACED.reason());
            }
            liveByPeer.put(peerId, connection);
            peerByConnection.put(connection, peerId);
            lastSeenByPeer.remove(peerId);
            lastSeenLog.online(peerId);
            connection.send(ServerFrames.frame(ServerFrames.Kind.REGISTER_ACK, JsObject.builder()
                    .put("peerId", peerId)
                    .put("sessionId", RandomIds.uuid())
                    .build()));
            broadcast(connection, ServerFrames.frame(ServerFrames.Kind.PRESENCE_UPDATE, JsObject.builder()
                    .put("peerId", peerId)
                    .put("status", "online")
                    .build()));
        }
    }

    /**
     * Forwards a signal. {@code to} is tested the way the original tests it ({@code !payload.to}): any truthy value
     * is looked up, and one that is not a string is simply never connected.
     */
    private void forward(PeerConnection sender, JsValue frameId, String senderPeerId, JsValue payloadValue) {
        JsValue to = payloadValue instanceof JsObject p ? p.get("to") : null;
        if (!(payloadValue instanceof JsObject payload) || !JsCoercion.isTruthy(to)) {
            sender.send(ServerFrames.error(frameId, SignalError.MISSING_TO));
            return;
        }
        if (payload.has("from") && !payload.string("from").filter(senderPeerId::equals).isPresent()) {
            sender.send(ServerFrames.error(frameId, SignalError.FROM_NOT_SENDER));
            return;
        }
        PeerConnection target = to instanceof JsString s ? liveByPeer.get(s.value()) : null;
        if (target == null) {
            // peerId and to let the app's retry of call signals find the peer it is waiting for (PROTOCOL.md §3.2)
            sender.send(ServerFrames.error(frameId, ServerFrames.errorPayload(SignalError.PEER_NOT_CONNECTED,
                            SignalError.PEER_NOT_CONNECTED.message(JsCoercion.toJsString(to)))
                    .put("peerId", to)
                    .put("to", to)
                    .build()));
            return;
        }
        target.send(ServerFrames.frame(ServerFrames.Kind.SIGNAL, payload));
    }

    private JsObject peersSnapshot() {
        List<JsValue> online = new ArrayList<>();
        synchronized (registryLock) {
            liveByPeer.keySet().forEach(id -> online.add(new JsString(id)));
        }
        JsObject.Builder lastSeen = JsObject.builder();
        lastSeenByPeer.forEach((id, ms) -> lastSeen.put(id, JsNumber.of(ms)));
        return JsObject.builder()
                .put("peers", new JsArray(online))
                .put("lastSeenMsByPeer", lastSeen.build())
                .build();
    }

    /** Caller holds the registry lock. */
    private void goOffline(String peerId) {
        PeerConnection gone = liveByPeer.remove(peerId);
        long now = clock.millis();
        lastSeenByPeer.put(peerId, now);
        lastSeenLog.offline(peerId, now);
        broadcast(gone, ServerFrames.frame(ServerFrames.Kind.PRESENCE_UPDATE, JsObject.builder()
                .put("peerId", peerId)
                .put("status", "offline")
                .put("lastSeenMs", JsNumber.of(now))
                .build()));
    }

    /**
     * Sends {@code text} to every registered connection but {@code except}, as one {@link SharedFrame} so the
     * transport can encode it once for all. Caller holds the lock.
     */
    private void broadcast(PeerConnection except, String text) {
        SharedFrame frame = new SharedFrame(text);
        for (PeerConnection other : liveByPeer.values()) {
            if (other != except) {
                other.send(frame);
            }
        }
    }
}
