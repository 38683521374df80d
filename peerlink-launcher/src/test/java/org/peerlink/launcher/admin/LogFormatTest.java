package org.peerlink.launcher.admin;

import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.peerlink.core.crypto.Ed25519;
import org.peerlink.core.json.JsObject;
import org.peerlink.core.json.JsonReader;
import org.peerlink.core.json.JsonWriter;
import org.peerlink.core.json.MalformedJsonException;
import org.peerlink.launcher.durability.ChildLauncher;
import org.peerlink.signal.SignalEventLog;
import org.peerlink.testkit.RegisterFrameSigner;
import org.peerlink.testkit.RelayHttp;
import org.peerlink.testkit.RelaySigner;
import org.peerlink.testkit.WsTestClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code --log-format json} and {@code --access-log true}: every log line a JSON object, one per relay request, the
 * signal events with a short hash of the peerId, and no peerId anywhere.
 */
class LogFormatTest {

    @TempDir
    Path dataDir;
    @TempDir
    Path logDir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @AfterEach
    void close() {
        http.shutdownNow();
    }

    @Test
    void jsonLinesWithAnAccessLogThatNamesNoPeer() throws Exception {
        String log;
        try (ChildLauncher child = ChildLauncher.listening(dataDir, logDir.resolve("child.log"), List.of(),
                List.of("--log-format", "json", "--access-log", "true", "--services", "relay,signal",
                        "--signal-port", "0"));
             RelayHttp relay = new RelayHttp(child.port())) {
            WsTestClient carol = WsTestClient.connect(http, child.signalPort());
            carol.send(JsonWriter.stringify(new RegisterFrameSigner(Ed25519.fromSeed(new byte[32])).frame("r",
                    "carol-the-peer", System.currentTimeMillis(), "log-nonce-1", null)));
            assertEquals("register_ack", carol.nextFrame().string("type").orElseThrow());
            carol.socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
            carol.closed.get(5, TimeUnit.SECONDS);
            assertEquals(200, relay.post("/relay/store", new RelaySigner(1).store("m1", "alice", "bob-the-peer",
                    "x".getBytes(StandardCharsets.UTF_8)).build()).status());
            assertEquals(200, relay.get("/relay/fetch?to=bob-the-peer&limit=5").status());
            assertEquals(404, relay.get("/nowhere").status());
            assertEquals(143, child.terminate());
            log = child.log();
        }
        List<JsObject> lines = log.lines().map(LogFormatTest::json).toList();
        assertTrue(lines.stream().anyMatch(l -> l.string("message").orElseThrow().contains("data directory")), log);
        List<String> access = lines.stream()
                .filter(l -> l.string("logger").orElseThrow().equals("org.peerlink.relay.access"))
                .map(l -> l.string("message").orElseThrow()).toList();
        assertEquals(3, access.size(), log);
        assertTrue(access.get(0).matches("POST /relay/store 200 \\d+ms \\d+B 127\\.0\\.0\\.1"), access.get(0));
        assertTrue(access.get(1).matches("GET /relay/fetch 200 \\d+ms \\d+B 127\\.0\\.0\\.1"), access.get(1));
        assertTrue(access.get(2).startsWith("GET /nowhere 404 "), access.get(2));
        String carol = SignalEventLog.shortHash("carol-the-peer");
        assertTrue(lines.stream().anyMatch(l -> l.string("message").orElseThrow().equals("registered peer " + carol)),
                   log);
        assertTrue(lines.stream().anyMatch(l -> l.string("message").orElseThrow().equals("peer " + carol
                + " offline")), log);
        assertTrue(!log.contains("bob-the-peer") && !log.contains("alice") && !log.contains("carol-the-peer"),
                   "no peerId in the log:\n" + log);
    }

    private static JsObject json(String line) {
        try {
            return (JsObject) JsonReader.parse(line);
        } catch (MalformedJsonException | ClassCastException e) {
            return fail("not a JSON log line: " + line);
        }
    }
}
