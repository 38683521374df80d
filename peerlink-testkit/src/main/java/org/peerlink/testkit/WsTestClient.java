package org.peerlink.testkit;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.peerlink.core.json.JsObject;
import org.peerlink.core.json.JsonReader;
import org.peerlink.core.json.MalformedJsonException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A JDK WebSocket client, as the app uses the signal socket: collects whole text messages and the close. */
public final class WsTestClient implements WebSocket.Listener {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    /** How long connecting, sending and waiting for a frame may take. */
    private final Duration timeout;

    public final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    public final CompletableFuture<String> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private final Set<String> watchedPeers = ConcurrentHashMap.newKeySet();
    public WebSocket socket;

    /**
     * Presence updates about other peers are skipped by {@link #nextFrame()}: peers of other tests on the same
     * server come and go at any time.
     */
    public WsTestClient watch(String... peerIds) {
        watchedPeers.addAll(List.of(peerIds));
        return this;
    }

    private WsTestClient(Duration timeout) {
        this.timeout = timeout;
    }

    /** Connects to {@code ws://127.0.0.1:port} with no path, as the app does. */
    public static WsTestClient connect(HttpClient http, int port) throws Exception {
        return connect(http, URI.create("ws://127.0.0.1:" + port), TIMEOUT);
    }

    /** Connects to {@code uri} (e.g. {@code wss://} through a proxy), waiting up to {@code timeout} for anything. */
    public static WsTestClient connect(HttpClient http, URI uri, Duration timeout) throws Exception {
        WsTestClient client = new WsTestClient(timeout);
        client.socket = http.newWebSocketBuilder()
                .connectTimeout(timeout)
                .buildAsync(uri, client)
                .get(timeout.toSeconds(), TimeUnit.SECONDS);
        return client;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            messages.add(partial.toString());
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(statusCode + " " + reason);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.completeExceptionally(error);
    }

    public String next() throws InterruptedException {
        String message = messages.poll(timeout.toSeconds(), TimeUnit.SECONDS);
        assertTrue(message != null, "no frame within " + timeout);
        return message;
    }

    /** The next frame, parsed, skipping presence updates about peers that are not watched. */
    public JsObject nextFrame() throws InterruptedException {
        while (true) {
            String text = next();
            JsObject frame;
            try {
                frame = (JsObject) JsonReader.parse(text);
            } catch (MalformedJsonException e) {
                throw new AssertionError("server sent invalid JSON: " + text, e);
            }
            boolean presence = frame.string("type").filter("presence_update"::equals).isPresent();
            if (!presence || ((JsObject) frame.get("payload")).string("peerId").filter(watchedPeers::contains)
                    .isPresent()) {
                return frame;
            }
        }
    }

    /**
     * Reads the next frame and checks that it is an error with {@code code} that reuses the client's frame id
     * ({@code null}: the client frame had none, so the server names it {@code srv-error-<uuid>}).
     *
     * @return the error message
     */
    public String nextError(String expectedFrameId, String code) throws InterruptedException {
        JsObject frame = nextFrame();
        assertEquals("error", frame.string("type").orElseThrow(), frame.toString());
        String id = frame.string("id").orElseThrow();
        if (expectedFrameId == null) {
            assertTrue(id.startsWith("srv-error-"), frame.toString());
        } else {
            assertEquals(expectedFrameId, id, frame.toString());
        }
        JsObject payload = (JsObject) frame.get("payload");
        assertEquals(code, payload.string("code").orElseThrow(), frame.toString());
        return payload.string("message").orElseThrow();
    }

    public void send(String text) throws Exception {
        socket.sendText(text, true).get(timeout.toSeconds(), TimeUnit.SECONDS);
    }

    public void sendFragment(String text, boolean last) throws Exception {
        socket.sendText(text, last).get(timeout.toSeconds(), TimeUnit.SECONDS);
    }

    /** Drops the connection without a close handshake. */
    public void abort() {
        socket.abort();
    }
}
