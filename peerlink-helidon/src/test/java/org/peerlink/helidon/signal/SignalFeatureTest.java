package org.peerlink.helidon.signal;

import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.TimeUnit;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.peerlink.core.crypto.Ed25519;
import org.peerlink.core.json.JsNumber;
import org.peerlink.core.json.JsObject;
import org.peerlink.core.json.JsonWriter;
import org.peerlink.helidon.JsonErrors;
import org.peerlink.signal.SignalService;
import org.peerlink.signal.SignalSettings;
import org.peerlink.signal.hub.LastSeenLog;
import org.peerlink.signal.register.InMemoryNonceWindow;
import org.peerlink.testkit.RawWebSocket;
import org.peerlink.testkit.RegisterFrameSigner;
import org.peerlink.testkit.WsTestClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every signal error code and every flow of PROTOCOL.md §3, over a real WebSocket. */
@ServerTest
class SignalFeatureTest {

    private static final RegisterFrameSigner SIGNER = new RegisterFrameSigner(Ed25519.fromSeed(new byte[32]));
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static SignalService service;

    private final WebServer server;

    SignalFeatureTest(WebServer server) {
        this.server = server;
    }

    @SetUpServer
    static void setup(WebServerConfig.Builder builder) {
        SignalSettings settings = SignalSettings.defaults();
        service = new SignalService(settings, new InMemoryNonceWindow(settings.nonceWindow()), LastSeenLog.NONE,
                InstantSource.system());
        SignalFeature signal = SignalFeature.create(service);
        signal.listener(builder.host("127.0.0.1"));
        builder.directHandlers(JsonErrors.directHandlers())
                .addFeature(signal);
    }

    @AfterAll
    static void close() {
        HTTP.shutdownNow(); // close() would wait for every WebSocket the server has not closed yet
        service.close();
    }

    private WsTestClient connect() throws Exception {
        return WsTestClient.connect(HTTP, server.port());
    }

    private static String register(String frameId, String peerId) {
        return JsonWriter.stringify(SIGNER.frame(frameId, peerId, System.currentTimeMillis(),
                "nonce-" + System.nanoTime(), null));
    }

    private static WsTestClient registered(WsTestClient client, String peerId) throws Exception {
        client.send(register("reg", peerId));
        assertEquals("register_ack", client.nextFrame().string("type").orElseThrow());
        return client;
    }

    @Test
    void everyErrorCodeAndTheConnectionStaysOpen() throws Exception {
        WsTestClient client = connect();
        client.send("{not json");
        assertEquals("Invalid JSON format", client.nextError(null, "INVALID_JSON"));
        // JSON that is no object has no "v" (the original answers 5 and [] so, and dies on null)
        for (String notAnObject : new String[] {"null", "5", "[]", "\"x\"", "true"}) {
            client.send(notAnObject);
            assertEquals("Unsupported protocol version", client.nextError(null, "INVALID_VERSION"));
        }
        client.send("{\"v\":\"2\",\"id\":\"f1\",\"type\":\"ping\"}");
        client.nextError("f1", "INVALID_VERSION");
        client.send("{\"v\":\"1\",\"id\":\"f2\",\"type\":\"dance\"}");
        assertEquals("Unknown frame type: dance", client.nextError("f2", "UNKNOWN_TYPE"));
        client.send("{\"v\":\"1\",\"id\":\"f3\",\"type\":\"ping\"}");
        assertEquals("Register before sending ping", client.nextError("f3", "NOT_REGISTERED"));
        client.send("{\"v\":\"1\",\"id\":\"f3\",\"type\":\"signal\"}");
        assertEquals("Register before sending signals", client.nextError("f3", "NOT_REGISTERED"));
        client.send("{\"v\":\"1\",\"id\":\"f3\",\"type\":\"peers_request\"}");
        assertEquals("Register before peers_request", client.nextError("f3", "NOT_REGISTERED"));
        client.send("{\"v\":\"1\",\"id\":\"f4\",\"type\":\"register\",\"payload\":{\"peerId\":\"\"}}");
        assertEquals("peerId is required", client.nextError("f4", "INVALID_REGISTER"));
        client.send("{\"v\":\"1\",\"id\":\"f5\",\"type\":\"register\",\"payload\":{\"peerId\":\"a\",\"auth\":{}}}");
        assertEquals("unsupported auth scheme", client.nextError("f5", "INVALID_REGISTER_AUTH"));
        String deep = "{\"v\":\"1\",\"id\":\"f6\",\"type\":\"register\",\"payload\":" + "[".repeat(70)
                + "]".repeat(70) + "}";
        client.send(deep);
        assertEquals("Invalid JSON format", client.nextError(null, "INVALID_JSON"));

        registered(client, "errors-peer");
        client.send("{\"v\":\"1\",\"id\":\"f7\",\"type\":\"signal\",\"payload\":{\"type\":\"offer\"}}");
        assertEquals("Missing \"to\" in payload", client.nextError("f7", "INVALID_SIGNAL"));
        client.send("{\"v\":\"1\",\"id\":\"f8\",\"type\":\"signal\",\"payload\":{\"to\":\"x\",\"from\":\"spoof\"}}");
        client.nextError("f8", "INVALID_SIGNAL");
        client.send("{\"v\":\"1\",\"id\":\"f9\",\"type\":\"signal\",\"payload\":{\"to\":\"nobody\"}}");
        // the marker and the ids are what the app's retry of call signals looks for
        assertEquals("{\"v\":\"1\",\"id\":\"f9\",\"type\":\"error\",\"payload\":{\"code\":\"PEER_NOT_FOUND\","
                + "\"message\":\"Peer nobody not connected (peer_not_connected)\",\"peerId\":\"nobody\",\"to\":\"nobody\"}}",
                client.next());

        WsTestClient replacement = registered(connect(), "errors-peer");
        assertEquals("Session replaced by a new authenticated register", client.nextError(null, "SESSION_REPLACED"));
        assertEquals("4001 Session replaced", client.closed.get(5, TimeUnit.SECONDS));

        replacement.send("{\"v\":\"1\",\"id\":\"p\",\"type\":\"ping\"}");
        assertEquals("{\"peerId\":\"errors-peer\"}",
                JsonWriter.stringify(replacement.nextFrame().get("payload")));
        replacement.socket.abort();
    }

    @Test
    void oversizedMessageIsAnErrorAndTheConnectionStays() throws Exception {
        WsTestClient client = connect();
        String half = "x".repeat(SignalSettings.defaults().caps().maxMessageChars() / 2 + 1);
        client.sendFragment(half, false);
        client.sendFragment(half, true);
        client.nextError(null, "INVALID_JSON");
        client.send("{\"v\":\"1\",\"id\":\"after\",\"type\":\"ping\"}");
        client.nextError("after", "NOT_REGISTERED");
        assertFalse(client.closed.isDone());
        client.socket.abort();
    }

    @Test
    void oversizedSingleFrameIsAnErrorAndTheConnectionStays() throws Exception {
        try (RawWebSocket client = new RawWebSocket(server.port())) {
            // 1 Mi + 1 two-byte characters in one frame: over the message limit, under the frame limit
            client.sendSingleFrame("\u00e9".repeat(SignalSettings.defaults().caps().maxMessageChars() + 1));
            String error = client.readText();
            assertTrue(error.contains("\"code\":\"INVALID_JSON\",\"message\":\"Invalid JSON format\"}"), error);
            client.sendSingleFrame("{\"v\":\"1\",\"id\":\"after\",\"type\":\"ping\"}");
            String next = client.readText();
            assertTrue(next.contains("\"id\":\"after\"") && next.contains("NOT_REGISTERED"), next);
        }
    }

    /**
     * A message too large to be read at all is refused with a close frame (1009), not a dropped connection: the
     * client (a browser sends a message as one frame) can finish writing it and then read the close frame.
     */
    @Test
    void aFrameTooLargeToReadGetsTheCloseFrame() throws Exception {
        try (RawWebSocket client = new RawWebSocket(signalPort())) {
            int eightMiB = 8 * 1024 * 1024;
            client.sendFrameStart(eightMiB, eightMiB);
            RawWebSocket.Frame close = client.readFrame();
            assertEquals(RawWebSocket.CLOSE, close.opcode(), close.text());
            assertEquals(1009, close.closeCode());
        }
    }

    /** A binary frame is handled as a text frame with the same bytes, as the original does. */
    @Test
    void binaryFramesAreReadAsUtf8Text() throws Exception {
        try (RawWebSocket client = new RawWebSocket(signalPort())) {
            client.sendFrame(RawWebSocket.BINARY,
                    "{\"v\":\"1\",\"id\":\"b1\",\"type\":\"ping\"}".getBytes(StandardCharsets.UTF_8));
            String notRegistered = client.readText();
            assertTrue(notRegistered.contains("\"id\":\"b1\"") && notRegistered.contains("NOT_REGISTERED"),
                    notRegistered);
            client.sendFrame(RawWebSocket.BINARY, new byte[] {(byte) 0xff, '{'});
            String invalid = client.readText();
            assertTrue(invalid.contains("\"code\":\"INVALID_JSON\""), invalid);
            client.sendFrame(RawWebSocket.BINARY, register("b2", "binary-peer").getBytes(StandardCharsets.UTF_8));
            String ack = client.readText();
            assertTrue(ack.contains("\"type\":\"register_ack\"") && ack.contains("\"id\":\"srv-ack-"), ack);
        }
    }

    /** The answer to a client's close echoes its code and reason, as the original's does. */
    @Test
    void aCloseIsAnsweredWithTheClientsCodeAndReason() throws Exception {
        for (String[] close : new String[][] {{"1000", "bye"}, {"4000", "bye"}, {"1000", ""}}) {
            int code = Integer.parseInt(close[0]);
            try (RawWebSocket client = new RawWebSocket(signalPort())) {
                byte[] reason = close[1].getBytes(StandardCharsets.UTF_8);
                byte[] payload = new byte[2 + reason.length];
                payload[0] = (byte) (code >>> 8);
                payload[1] = (byte) code;
                System.arraycopy(reason, 0, payload, 2, reason.length);
                client.sendFrame(RawWebSocket.CLOSE, payload);
                RawWebSocket.Frame answer = client.readFrame();
                assertEquals(RawWebSocket.CLOSE, answer.opcode());
                assertEquals(code, answer.closeCode());
                assertEquals(close[1], new String(answer.payload(), 2, answer.payload().length - 2,
                        StandardCharsets.UTF_8));
            }
        }
    }

    /** Browsers always send an Origin; any is accepted by default (a web build of the app, a test page). */
    @Test
    void aHandshakeFromAnyOriginIsAccepted() throws Exception {
        for (String origin : new String[] {"https://app.example.org", "http://localhost:8080", "null"}) {
            try (RawWebSocket client = new RawWebSocket(signalPort(), origin)) {
                client.sendSingleFrame("{\"v\":\"1\",\"id\":\"o\",\"type\":\"ping\"}");
                assertTrue(client.readText().contains("NOT_REGISTERED"), origin);
            }
        }
    }

    /**
     * A client whose TCP connection ends without a close frame (a phone losing its network, a killed app) is
     * announced offline at once, as the original does, and is no longer listed.
     */
    @Test
    void aConnectionDroppedWithoutACloseFrameGoesOfflineAtOnce() throws Exception {
        WsTestClient watcher = registered(connect().watch("dropped-peer"), "dropped-watcher");
        try (RawWebSocket dropped = new RawWebSocket(signalPort())) {
            dropped.sendSingleFrame(register("r", "dropped-peer"));
            assertTrue(dropped.readText().contains("register_ack"));
            assertEquals("online", ((JsObject) watcher.nextFrame().get("payload")).string("status").orElseThrow());
            long dropAt = System.nanoTime();
            dropped.dropConnection();
            JsObject offline = (JsObject) watcher.nextFrame().get("payload");
            assertEquals("offline", offline.string("status").orElseThrow(), offline.toString());
            long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - dropAt);
            assertTrue(tookMs < 2_000, "offline after " + tookMs + " ms");
        }
        watcher.send("{\"v\":\"1\",\"id\":\"q\",\"type\":\"peers_request\"}");
        JsObject peers = (JsObject) watcher.nextFrame().get("payload");
        assertFalse(JsonWriter.stringify(peers.get("peers")).contains("\"dropped-peer\""), peers.toString());
        watcher.socket.abort();
    }

    private int signalPort() {
        return server.port();
    }

    @Test
    void forwardBothWaysPresenceAndPeers() throws Exception {
        WsTestClient carol = registered(connect().watch("dave"), "carol");
        WsTestClient dave = registered(connect(), "dave");
        JsObject online = carol.nextFrame();
        assertEquals("{\"peerId\":\"dave\",\"status\":\"online\"}", JsonWriter.stringify(online.get("payload")));
        assertTrue(online.string("id").orElseThrow().startsWith("srv-presence-update-"), online.toString());

        carol.send("{\"v\":\"1\",\"id\":\"o\",\"type\":\"signal\",\"payload\":{\"type\":\"offer\",\"from\":\"carol\","
                + "\"to\":\"dave\",\"sdp\":\"v=0\",\"n\":1.50}}");
        assertEquals("{\"type\":\"offer\",\"from\":\"carol\",\"to\":\"dave\",\"sdp\":\"v=0\",\"n\":1.5}",
                JsonWriter.stringify(dave.nextFrame().get("payload")));
        dave.send("{\"v\":\"1\",\"id\":\"a\",\"type\":\"signal\",\"payload\":{\"type\":\"answer\",\"to\":\"carol\"}}");
        JsObject answer = carol.nextFrame();
        assertTrue(answer.string("id").orElseThrow().startsWith("srv-signal-"), answer.toString());
        assertEquals("{\"type\":\"answer\",\"to\":\"carol\"}", JsonWriter.stringify(answer.get("payload")));

        long beforeClose = System.currentTimeMillis();
        dave.socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
        JsObject offline = (JsObject) carol.nextFrame().get("payload");
        assertEquals("offline", offline.string("status").orElseThrow());
        long lastSeen = (long) ((JsNumber) offline.get("lastSeenMs")).value();
        assertTrue(lastSeen >= beforeClose, offline.toString());

        carol.send("{\"v\":\"1\",\"id\":\"q\",\"type\":\"peers_request\",\"payload\":{}}");
        JsObject peers = (JsObject) carol.nextFrame().get("payload");
        assertTrue(JsonWriter.stringify(peers.get("peers")).contains("\"carol\""), peers.toString());
        assertFalse(JsonWriter.stringify(peers.get("peers")).contains("\"dave\""), peers.toString());
        assertEquals(lastSeen, (long) ((JsNumber)
                ((JsObject) peers.get("lastSeenMsByPeer")).get("dave")).value());
        carol.socket.abort();
    }
}
