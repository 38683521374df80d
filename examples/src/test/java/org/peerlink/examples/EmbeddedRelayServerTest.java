package org.peerlink.examples;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.peerlink.core.crypto.Ed25519;
import org.peerlink.core.json.JsNumber;
import org.peerlink.core.relay.RelaySignedBytes;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The relay works the same when another HTTP server hosts it. */
class EmbeddedRelayServerTest {

    @TempDir
    Path dataDir;

    @Test
    void storeFetchAndErrorsThroughTheJdkHttpServer() throws Exception {
        Ed25519.KeyPair keys = Ed25519.fromSeed(new byte[32]);
        byte[] payload = "hello".getBytes(StandardCharsets.UTF_8);
        JsNumber ts = JsNumber.ofJsonText("1741590002123");
        JsNumber ttl = JsNumber.ofJsonText("86400");
        Base64.Encoder b64 = Base64.getEncoder();
        String envelope = "{\"id\":\"m1\",\"from\":\"alice\",\"to\":\"bob\",\"ts\":1741590002123,\"ttl\":86400,"
                + "\"payload\":\"" + b64.encodeToString(payload) + "\",\"sig\":\""
                + b64.encodeToString(keys.sign(RelaySignedBytes.store("m1", "alice", "bob", ts, ttl, payload)))
                + "\",\"signingPub\":\"" + b64.encodeToString(keys.publicKey()) + "\"}";

        try (EmbeddedRelayServer server = EmbeddedRelayServer.start(dataDir, 0);
             HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            String base = "http://127.0.0.1:" + server.port();
            HttpResponse<String> stored = client.send(HttpRequest.newBuilder(URI.create(base + "/relay/store"))
                    .timeout(Duration.ofSeconds(5))
                    .POST(HttpRequest.BodyPublishers.ofString(envelope)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, stored.statusCode());
            assertEquals("{\"ok\":true,\"stored\":true,\"duplicate\":false}", stored.body());

            HttpResponse<String> fetched = client.send(HttpRequest.newBuilder(URI.create(base + "/relay/fetch?to=bob"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals("{\"messages\":[" + envelope + "],\"cursor\":\"m1\"}", fetched.body());

            HttpResponse<String> missing = client.send(HttpRequest.newBuilder(URI.create(base + "/relay/blob/none"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(404, missing.statusCode());
            assertEquals("{\"error\":\"blob not found\"}", missing.body());
        }
    }
}
