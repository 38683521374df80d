package org.peerlink.launcher.durability;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.peerlink.core.crypto.Ed25519;
import org.peerlink.core.json.JsObject;
import org.peerlink.core.json.JsonWriter;
import org.peerlink.launcher.Launcher;
import org.peerlink.launcher.LauncherOptions;
import org.peerlink.launcher.PeerLinkServer;
import org.peerlink.launcher.ServiceName;
import org.peerlink.launcher.StartupException;
import org.peerlink.testkit.RegisterFrameSigner;

import org.peerlink.testkit.WsTestClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The signal service's durable state across a stop and start of the launcher on one data directory. */
class SignalRestartTest {

    private static final RegisterFrameSigner SIGNER = new RegisterFrameSigner(Ed25519.fromSeed(new byte[32]));

    @TempDir
    Path dataDir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @AfterEach
    void close() {
        http.shutdownNow();
    }

    private PeerLinkServer start() throws StartupException {
        LauncherOptions options = LauncherOptions.of(0, 0, dataDir).withServices(EnumSet.of(ServiceName.SIGNAL));
        return Launcher.start(options, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    @Test
    void registerReplayedAfterRestartIsRefusedAndLastSeenIsKept() throws Exception {
        String captured = JsonWriter.stringify(SIGNER.frame("r1", "alice", System.currentTimeMillis(),
                "nonce-replayed-after-restart", null));
        long aliceLeft;
        try (PeerLinkServer first = start()) {
            int port = first.port(ServiceName.SIGNAL);
            WsTestClient alice = WsTestClient.connect(http, port);
            alice.send(captured);
            assertEquals("register_ack", alice.nextFrame().string("type").orElseThrow());
            WsTestClient bob = WsTestClient.connect(http, port).watch("alice");
            bob.send(JsonWriter.stringify(SIGNER.frame("r2", "bob", System.currentTimeMillis(), "nonce-bob-1", null)));
            assertEquals("register_ack", bob.nextFrame().string("type").orElseThrow());
            alice.socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
            JsObject offline = (JsObject) bob.nextFrame().get("payload");
            aliceLeft = Long.parseLong(JsonWriter.stringify(offline.get("lastSeenMs")));
            bob.socket.abort();
        }

        try (PeerLinkServer second = start()) {
            WsTestClient attacker = WsTestClient.connect(http, second.port(ServiceName.SIGNAL));
            attacker.send(captured);
            assertEquals("nonce already used", attacker.nextError("r1", "INVALID_REGISTER_AUTH"));

            attacker.send(JsonWriter.stringify(SIGNER.frame("r3", "carol", System.currentTimeMillis(),
                    "nonce-carol-1", null)));
            assertEquals("register_ack", attacker.nextFrame().string("type").orElseThrow());
            attacker.send("{\"v\":\"1\",\"id\":\"q\",\"type\":\"peers_request\",\"payload\":{}}");
            JsObject peers = (JsObject) attacker.nextFrame().get("payload");
            String lastSeen = JsonWriter.stringify(peers.get("lastSeenMsByPeer"));
            assertTrue(lastSeen.contains("\"alice\":" + aliceLeft), lastSeen);
            attacker.socket.abort();
        }
    }
}
