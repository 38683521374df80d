package org.peerlink.launcher.server;

import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.peerlink.core.crypto.Ed25519;
import org.peerlink.core.json.JsonWriter;
import org.peerlink.launcher.PeerLinkServer;
import org.peerlink.launcher.ServiceName;
import org.peerlink.testkit.RawHttp;
import org.peerlink.testkit.RegisterFrameSigner;
import org.peerlink.testkit.RelaySigner;
import org.peerlink.testkit.WsTestClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Finding 8 of issue 13: a full disk made the store close and every write fail, signal registers included. Under
 * {@code --min-free-disk} the relay's writes are refused with 507 while reads and registers (whose nonce and pin
 * commits use the room left under the watermark) go on. The disk here is the test machine's real one, with a
 * watermark no disk reaches.
 */
class FreeDiskWatermarkTest {

    @TempDir
    Path dataDir;

    private PeerLinkServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        http.shutdownNow();
    }

    private void start(String... options) {
        server = QuietLauncher.start(dataDir, options);
    }

    private String relay(String request) throws Exception {
        return RawHttp.exchange(server.port(ServiceName.RELAY), request);
    }

    private String store() throws Exception {
        byte[] payload = "hello".getBytes(StandardCharsets.UTF_8);
        String body = RelaySigner.json(new RelaySigner(1).store("m1", "alice", "bob", payload).build());
        return relay("POST /relay/store HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
                + body.getBytes(StandardCharsets.UTF_8).length + "\r\nConnection: close\r\n\r\n" + body);
    }

    @Test
    void belowTheWatermarkRelayWritesAre507AndReadsAndRegistersGoOn() throws Exception {
        start("--min-free-disk", "1024TiB");
        String refused = store();
        assertTrue(refused.startsWith("HTTP/1.1 507 "), refused);
        assertEquals("{\"error\":\"insufficient storage\",\"quota\":\"freeDisk\",\"limit\":1125899906842624}",
                RawHttp.body(refused));

        assertTrue(relay("GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").startsWith("HTTP/1.1 200 "));
        String fetched = relay("GET /relay/fetch?to=bob HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertEquals("{\"messages\":[],\"cursor\":null}", RawHttp.body(fetched));

        WsTestClient alice = WsTestClient.connect(http, server.port(ServiceName.SIGNAL));
        alice.send(JsonWriter.stringify(new RegisterFrameSigner(Ed25519.fromSeed(new byte[32])).frame("r1", "alice",
                System.currentTimeMillis(), "nonce-watermark", null)));
        assertEquals("register_ack", alice.nextFrame().string("type").orElseThrow());
        alice.abort();
    }

    @Test
    void zeroTurnsTheWatermarkOff() throws Exception {
        start("--min-free-disk", "0");
        String stored = store();
        assertTrue(stored.startsWith("HTTP/1.1 200 "), stored);
    }
}
