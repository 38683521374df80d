package org.peerlink.helidon.relay;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;

import org.junit.jupiter.api.Test;

import org.peerlink.helidon.JsonErrors;
import org.peerlink.relay.RelayService;
import org.peerlink.relay.RelaySettings;
import org.peerlink.relay.storage.memory.InMemoryRelayStorage;
import org.peerlink.testkit.RawHttp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Finding 9 of issue 13: a client announcing a large body and trickling it in held its connection (and, before, a
 * buffer of the announced size) for as long as it liked. Now the body must arrive within the read timeout.
 */
@ServerTest
class SlowBodyTest {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(1);

    private final WebServer server;

    SlowBodyTest(WebServer server) {
        this.server = server;
    }

    @SetUpServer
    static void setup(WebServerConfig.Builder builder) {
        RelayService relay = RelayService.builder(new InMemoryRelayStorage())
                .settings(RelaySettings.defaults().withBodyReadTimeout(READ_TIMEOUT))
                .build();
        builder.host("127.0.0.1")
                .directHandlers(JsonErrors.directHandlers())
                .addFeature(RelayFeature.create(relay));
    }

    @Test
    void aBodyThatTricklesInPastTheTimeoutLosesItsConnection() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /relay/store HTTP/1.1\r\nHost: x\r\nContent-Length: 10485760\r\n\r\n{\"id\":")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            long start = System.nanoTime();
            InputStream in = socket.getInputStream();
            int read;
            try {
                read = in.read();
            } catch (SocketTimeoutException e) {
                throw new AssertionError("the server still waits for the body after 10 s", e);
            }
            long waited = Duration.ofNanos(System.nanoTime() - start).toMillis();
            assertEquals(-1, read, "the connection is closed, not answered");
            assertTrue(waited >= 900 && waited < 5000, "closed after " + waited + " ms");
        }
    }

    @Test
    void aBodyThatArrivesInTimeIsHandled() throws Exception {
        String response = RawHttp.exchange(server.port(), "POST /relay/probe HTTP/1.1\r\nHost: x\r\n"
                + "Content-Length: 2\r\nConnection: close\r\n\r\n{}");
        assertTrue(response.startsWith("HTTP/1.1 200 "), response);
    }
}
