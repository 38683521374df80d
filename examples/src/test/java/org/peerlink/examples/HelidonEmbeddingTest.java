package org.peerlink.examples;

import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import io.helidon.webserver.WebServer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peerlink.core.crypto.Ed25519;
import org.peerlink.core.json.JsObject;
import org.peerlink.core.json.JsonWriter;
import org.peerlink.identity.IdentityPins;
import org.peerlink.identity.InMemoryIdentityPins;
import org.peerlink.relay.RelayService;
import org.peerlink.signal.SignalService;
import org.peerlink.store.jdbc.h2.H2Database;
import org.peerlink.store.jdbc.relay.H2RelayStorage;
import org.peerlink.testkit.RegisterFrameSigner;
import org.peerlink.testkit.RelayHttp;
import org.peerlink.testkit.RelaySigner;
import org.peerlink.testkit.WsTestClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Both services mounted in a Helidon server of one's own answer as the launcher does. */
class HelidonEmbeddingTest {

    @TempDir
    Path dataDir;

    private H2Database database;
    private SignalService signal;
    private WebServer server;

    @BeforeEach
    void start() {
        database = H2Database.open(dataDir);
        IdentityPins pins = new InMemoryIdentityPins();
        RelayService relay = RelayService.builder(new H2RelayStorage(database)).pins(pins).build();
        signal = HelidonEmbedding.inMemorySignal(pins);
        server = HelidonEmbedding.mount(relay, signal, 0, 0);
    }

    @AfterEach
    void stop() {
        server.stop();
        signal.close();
        database.close();
    }

    @Test
    void relayAnswersOnTheDefaultSocket() throws Exception {
        try (RelayHttp http = new RelayHttp(server.port())) {
            RelayHttp.Reply health = http.get("/health");
            assertEquals(200, health.status());
            assertTrue(health.body().startsWith("{\"ok\":true,\"ts\":"), health.body());
            RelayHttp.Reply missing = http.get("/relay/blob/none");
            assertEquals(404, missing.status());
            assertEquals("{\"error\":\"blob not found\"}", missing.body());
            RelayHttp.Reply unknown = http.get("/nope");
            assertEquals(404, unknown.status());
            assertEquals("{\"error\":\"not found\"}", unknown.body());
        }
    }

    @Test
    void signalRegistersAndAnswersPingsOnItsSocket() throws Exception {
        HttpClient httpClient = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        try {
            WsTestClient client = WsTestClient.connect(httpClient, server.port("signal"));
            RegisterFrameSigner signer = new RegisterFrameSigner(Ed25519.fromSeed(new byte[32]));
            JsObject register = signer.frame("reg", "embedded-peer", System.currentTimeMillis(),
                    "nonce-" + System.nanoTime(), null);
            client.send(JsonWriter.stringify(register));
            String ack = client.next();
            assertTrue(ack.contains("\"type\":\"register_ack\""), ack);
            client.send("{\"v\":\"1\",\"id\":\"p1\",\"type\":\"ping\"}");
            String pong = client.next();
            assertTrue(pong.contains("\"type\":\"pong\",\"payload\":{\"peerId\":\"embedded-peer\"}"), pong);
            client.abort();
        } finally {
            httpClient.shutdownNow();
        }
    }

    @Test
    void theRelayEnforcesWhatTheSignalPinned() throws Exception {
        HttpClient httpClient = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        try (RelayHttp http = new RelayHttp(server.port())) {
            WsTestClient client = WsTestClient.connect(httpClient, server.port("signal"));
            RegisterFrameSigner signer = new RegisterFrameSigner(Ed25519.fromSeed(new byte[32]));
            client.send(JsonWriter.stringify(signer.frame("reg", "pinned-peer", System.currentTimeMillis(),
                    "nonce-" + System.nanoTime(), null)));
            String ack = client.next();
            assertTrue(ack.contains("\"type\":\"register_ack\""), ack);
            client.abort();
            RelayHttp.Reply forged = http.post("/relay/store", new RelaySigner(9)
                    .store("m1", "pinned-peer", "bob", "hi".getBytes(StandardCharsets.UTF_8)).build());
            assertEquals(401, forged.status());
        } finally {
            httpClient.shutdownNow();
        }
    }
}
