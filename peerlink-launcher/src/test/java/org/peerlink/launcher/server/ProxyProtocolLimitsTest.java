package org.peerlink.launcher.server;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.peerlink.launcher.PeerLinkServer;
import org.peerlink.launcher.ServiceName;
import org.peerlink.testkit.RawHttp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Behind HAProxy every client would be 127.0.0.1 and share one allowance; with {@code --proxy-protocol} the
 * per-address limits go by the address the PROXY header names (issue 13, finding 10).
 */
class ProxyProtocolLimitsTest {

    @TempDir
    Path dataDir;

    private PeerLinkServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private void start(String... options) {
        server = QuietLauncher.start(dataDir, options);
    }

    private String healthFrom(String clientAddress) throws Exception {
        return RawHttp.exchange(server.port(ServiceName.RELAY), "PROXY TCP4 " + clientAddress + " 127.0.0.1 40000 "
                + server.port(ServiceName.RELAY) + "\r\nGET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    }

    @Test
    void theLimitsGoByTheAddressThePROXYHeaderNames() throws Exception {
        start("--proxy-protocol", "true", "--rate-relay-read", "60/2");
        assertTrue(healthFrom("203.0.113.7").startsWith("HTTP/1.1 200 "));
        assertTrue(healthFrom("203.0.113.7").startsWith("HTTP/1.1 200 "));
        String limited = healthFrom("203.0.113.7");
        assertTrue(limited.startsWith("HTTP/1.1 429 "), limited);
        assertTrue(limited.toLowerCase().contains("retry-after: 1"), limited);
        assertEquals("{\"error\":\"rate limited\",\"retryAfterSeconds\":1}", RawHttp.body(limited));
        assertTrue(healthFrom("203.0.113.8").startsWith("HTTP/1.1 200 "), "another client behind the same proxy");
    }

    /**
     * Finding 10 of issue 13: a client trickling request bodies in held a relay connection for each, as many as it
     * liked; now one client address has at most --max-requests-per-address in progress, and others are not held up.
     */
    @Test
    void aClientAddressHasNoMoreThanItsRequestsInProgress() throws Exception {
        start("--proxy-protocol", "true", "--max-requests-per-address", "3");
        int port = server.port(ServiceName.RELAY);
        List<Socket> trickling = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                Socket socket = new Socket("127.0.0.1", port);
                socket.getOutputStream().write(("PROXY TCP4 203.0.113.7 127.0.0.1 4000" + i + " " + port + "\r\n"
                        + "POST /relay/store HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 1000\r\n\r\n{\"id\":").getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                trickling.add(socket);
            }
            String refused = "";
            for (int attempt = 0; attempt < 50 && !refused.startsWith("HTTP/1.1 429 "); attempt++) {
                Thread.sleep(20); // until the three bodies are being read
                refused = healthFrom("203.0.113.7");
            }
            assertTrue(refused.startsWith("HTTP/1.1 429 "), refused);
            assertEquals("{\"error\":\"too many requests in progress\",\"limit\":3}", RawHttp.body(refused));
            assertTrue(healthFrom("203.0.113.8").startsWith("HTTP/1.1 200 "), "another client behind the same proxy");
        } finally {
            for (Socket socket : trickling) {
                socket.close();
            }
        }
        String again = "";
        for (int attempt = 0; attempt < 50 && !again.startsWith("HTTP/1.1 200 "); attempt++) {
            Thread.sleep(20); // until the server has seen the three connections end
            again = healthFrom("203.0.113.7");
        }
        assertTrue(again.startsWith("HTTP/1.1 200 "), "the places are given back: " + again);
    }

    @Test
    void withoutTheProxyProtocolTheConnectionsOwnAddressCounts() throws Exception {
        start("--rate-relay-read", "60/2");
        String request = "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
        assertTrue(RawHttp.exchange(server.port(ServiceName.RELAY), request).startsWith("HTTP/1.1 200 "));
        assertTrue(RawHttp.exchange(server.port(ServiceName.RELAY), request).startsWith("HTTP/1.1 200 "));
        assertTrue(RawHttp.exchange(server.port(ServiceName.RELAY), request).startsWith("HTTP/1.1 429 "));
    }
}
