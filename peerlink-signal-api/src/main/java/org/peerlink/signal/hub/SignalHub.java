package org.peerlink.signal.hub;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.peerlink.core.json.JsArray;
import org.peerlink.core.json.JsNumber;
import org.peerlink.core.json.JsObject;
import org.peerlink.core.json.JsString;
import org.peerlink.core.json.JsValue;
import org.peerlink.core.json.JsonReader;
import org.peerlink.core.json.MalformedJsonException;
import org.peerlink.core.signal.SignalErrorCode;
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

    public static final int CLOSE_SESSION_REPLACED = 4001;

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
            connection.send(ServerFrames.error(null, SignalErrorCode.INVALID_JSON, "Invalid JSON format"));
            return;
        }
        if (!(parsed instanceof JsObject frame)) {
            connection.send(ServerFrames.error(null, SignalErrorCode.INVALID_JSON, "Frame must be a JSON object"));
            return;
        }
        String frameId = frame.string("id").orElse(null);
        if (!frame.string("v").filter("1"::equals).isPresent()) {
            connection.send(ServerFrames.error(frameId, SignalErrorCode.INVALID_VERSION, "Unsupported protocol version"));
            return;
        }
        String type = frame.string("type").orElse("");
        JsValue payload = frame.get("payload");
        switch (type) {
            case "register" -> register(connection, frameId, payload);
            case "signal", "ping", "peers_request" -> {
                String peerId = registeredPeer(connection);
                if (peerId == null) {
                    connection.send(ServerFrames.error(frameId, SignalErrorCode.NOT_REGISTERED, "Peer not registered"));
                } else if (type.equals("signal")) {
                    forward(connection, frameId, peerId, payload);
                } else if (type.equals("ping")) {
                    connection.send(ServerFrames.frame("pong", JsObject.builder().put("peerId", peerId).build()));
                } else {
                    connection.send(ServerFrames.frame("peers", peersSnapshot()));
                }
            }
            default -> connection.send(ServerFrames.error(frameId, SignalErrorCode.UNKNOWN_TYPE,
                    "Unknown message type: " + type));
        }
    }

    /** A text message larger than the transport accepts arrived; it is answered, not parsed. */
    public void onOversized(PeerConnection connection, int limitChars) {
        connection.send(ServerFrames.error(null, SignalErrorCode.INVALID_JSON,
                "Message too large (limit " + limitChars + " characters)"));
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

    private void register(PeerConnection connection, String frameId, JsValue payload) {
        RegisterVerdict verdict = verifier.verify(payload);
        if (verdict instanceof RegisterVerdict.Rejected rejected) {
            connection.send(ServerFrames.error(frameId, rejected.code(), rejected.message()));
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
                replaced.send(ServerFrames.error(null, SignalErrorCode.SESSION_REPLACED,
                        "Session replaced by a new authenticated register"));
                replaced.close(CLOSE_SESSION_REPLACED, "Session replaced");
            }
            liveByPeer.put(peerId, connection);
            peerByConnection.put(connection, peerId);
            lastSeenByPeer.remove(peerId);
            lastSeenLog.online(peerId);
            connection.send(ServerFrames.frame("register_ack", JsObject.builder()
                    .put("peerId", peerId)
                    .put("sessionId", RandomIds.uuid())
                    .build()));
            broadcast(connection, ServerFrames.frame("presence_update", JsObject.builder()
                    .put("peerId", peerId)
                    .put("status", "online")
                    .build()));
        }
    }

    private void forward(PeerConnection sender, String frameId, String senderPeerId, JsValue payloadValue) {
        if (!(payloadValue instanceof JsObject payload) || payload.string("to").filter(to -> !to.isEmpty()).isEmpty()) {
            sender.send(ServerFrames.error(frameId, SignalErrorCode.INVALID_SIGNAL, "Missing \"to\" in payload"));
            return;
        }
        if (payload.has("from") && !payload.string("from").filter(senderPeerId::equals).isPresent()) {
            sender.send(ServerFrames.error(frameId, SignalErrorCode.INVALID_SIGNAL,
                    "payload.from must equal the registered peerId"));
            return;
        }
        String to = payload.string("to").orElseThrow();
        PeerConnection target = liveByPeer.get(to);
        if (target == null) {
            sender.send(ServerFrames.error(frameId, SignalErrorCode.PEER_NOT_FOUND, "Peer " + to + " not connected"));
            return;
        }
        target.send(ServerFrames.frame("signal", payload));
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

    private String registeredPeer(PeerConnection connection) {
        return peerByConnection.get(connection);
    }

    /** Caller holds the registry lock. */
    private void goOffline(String peerId) {
        PeerConnection gone = liveByPeer.remove(peerId);
        long now = clock.millis();
        lastSeenByPeer.put(peerId, now);
        lastSeenLog.offline(peerId, now);
        broadcast(gone, ServerFrames.frame("presence_update", JsObject.builder()
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
