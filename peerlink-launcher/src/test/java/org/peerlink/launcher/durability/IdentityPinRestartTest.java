package org.peerlink.launcher.durability;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.peerlink.core.crypto.Ed25519;
import org.peerlink.core.json.JsonWriter;
import org.peerlink.launcher.Launcher;
import org.peerlink.launcher.LauncherOptions;
import org.peerlink.launcher.PeerLinkServer;
import org.peerlink.launcher.ServiceName;
import org.peerlink.launcher.StartupException;
import org.peerlink.testkit.RegisterFrameSigner;
import org.peerlink.testkit.RelayHttp;
import org.peerlink.testkit.RelaySigner;
import org.peerlink.testkit.WsTestClient;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * PROTOCOL.md §3.5 through the launcher: a register pins its peerId in the data directory before its
 * {@code register_ack}, the relay on the same process enforces the pin, and both still do after a restart.
 */
class IdentityPinRestartTest {

    /** The device's one key, for the register and the relay writes alike, as the app does. */
    private static final int DEVICE_SEED = 5;
    private static final int OTHER_SEED = 6;

    @TempDir
    Path dataDir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @AfterEach
    void close() {
        http.shutdownNow();
    }

    private PeerLinkServer start() throws StartupException {
        return Launcher.start(LauncherOptions.of(0, 0, dataDir),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    private static RegisterFrameSigner registerSigner(int seed) {
        byte[] bytes = new byte[Ed25519.SEED_SIZE];
        bytes[0] = (byte) seed;
        bytes[1] = 7; // RelaySigner's seed layout: the same key signs the register and the relay writes
        return new RegisterFrameSigner(Ed25519.fromSeed(bytes));
    }

    private static String register(int seed, String frameId) {
        return JsonWriter.stringify(registerSigner(seed).frame(frameId, "alice", System.currentTimeMillis(),
                "nonce-" + frameId + "-" + System.nanoTime(), null));
    }

    @Test
    void aPinMadeByARegisterHoldsForTheRelayAndAfterARestart() throws Exception {
        byte[] payload = "hi".getBytes(StandardCharsets.UTF_8);
        try (PeerLinkServer first = start()) {
            WsTestClient device = WsTestClient.connect(http, first.port(ServiceName.SIGNAL));
            device.send(register(DEVICE_SEED, "r1"));
            assertEquals("register_ack", device.nextFrame().string("type").orElseThrow());
            device.abort();
            try (RelayHttp relay = new RelayHttp(first.port(ServiceName.RELAY))) {
                RelayHttp.Reply forged = relay.post("/relay/store",
                        new RelaySigner(OTHER_SEED).store("m1", "alice", "bob", payload).build());
                assertEquals(401, forged.status());
                assertEquals("{\"error\":\"invalid signature\"}", forged.body());
            }
        }

        try (PeerLinkServer second = start()) {
            WsTestClient attacker = WsTestClient.connect(http, second.port(ServiceName.SIGNAL));
            attacker.send(register(OTHER_SEED, "r2"));
            assertEquals("peerId is bound to another key", attacker.nextError("r2", "INVALID_REGISTER_AUTH"));
            WsTestClient device = WsTestClient.connect(http, second.port(ServiceName.SIGNAL));
            device.send(register(DEVICE_SEED, "r3"));
            assertEquals("register_ack", device.nextFrame().string("type").orElseThrow());
            try (RelayHttp relay = new RelayHttp(second.port(ServiceName.RELAY))) {
                assertEquals(401, relay.post("/relay/store",
                        new RelaySigner(OTHER_SEED).store("m2", "alice", "bob", payload).build()).status());
                assertEquals(200, relay.post("/relay/store",
                        new RelaySigner(DEVICE_SEED).store("m3", "alice", "bob", payload).build()).status());
            }
            attacker.abort();
            device.abort();
        }
    }
}
