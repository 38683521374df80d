package org.peerlink.launcher.infra;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.peerlink.core.json.JsObject;
import org.peerlink.core.json.JsonReader;

import static org.junit.jupiter.api.Assertions.assertNotNull;

/** A signal client over wss://, collecting whole text messages; presence updates are skipped on read. */
final class WssPeer implements WebSocket.Listener {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    private final StringBuilder partial = new StringBuilder();
    private WebSocket socket;

    static WssPeer connect(HttpClient client, URI uri) throws Exception {
        WssPeer peer = new WssPeer();
        peer.socket = client.newWebSocketBuilder().connectTimeout(TIMEOUT).buildAsync(uri, peer)
                .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        return peer;
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

    void send(String text) throws Exception {
        socket.sendText(text, true).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    /** The next frame that is not a presence update. */
    JsObject next() throws Exception {
        while (true) {
            String text = messages.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            assertNotNull(text, "no frame within " + TIMEOUT);
            JsObject frame = (JsObject) JsonReader.parse(text);
            if (!frame.string("type").orElse("").equals("presence_update")) {
                return frame;
            }
        }
    }

    void close() {
        socket.abort();
    }
}
