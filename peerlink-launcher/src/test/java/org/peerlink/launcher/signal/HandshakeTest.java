package org.peerlink.launcher.signal;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HandshakeTest {

    private static final String UPGRADE = "Host: x\r\nUpgrade: websocket\r\nConnection: keep-alive, Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";

    @Test
    void theAcceptValueOfRfc6455() {
        assertEquals("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", Handshake.accept("dGhlIHNhbXBsZSBub25jZQ=="));
    }

    @Test
    void theHeadEndsAfterTheEmptyLine() {
        byte[] head = "GET / HTTP/1.1\r\nHost: x\r\n\r\nextra".getBytes(StandardCharsets.US_ASCII);
        assertEquals(27, Handshake.headEnd(head, head.length));
        assertEquals(-1, Handshake.headEnd(head, 26));
    }

    @Test
    void anUpgradeOfTheRootIsSwitched() {
        Handshake.Outcome outcome = answer("GET / HTTP/1.1\r\n" + UPGRADE);
        assertTrue(outcome.websocket());
        assertEquals("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n", text(outcome));
        assertTrue(answer("GET /?client=app HTTP/1.1\r\n" + UPGRADE).websocket(), "a query is fine");
    }

    @Test
    void everythingElseIsAJsonErrorAndTheConnectionCloses() {
        assertRefused(answer("GET / HTTP/1.1\r\nHost: x\r\n\r\n"), "404 Not Found", "{\"error\":\"not found\"}");
        assertRefused(answer("GET /ws HTTP/1.1\r\n" + UPGRADE), "404 Not Found", "{\"error\":\"not found\"}");
        assertRefused(answer("POST / HTTP/1.1\r\n" + UPGRADE), "405 Method Not Allowed",
                "{\"error\":\"method not allowed\"}");
        assertRefused(answer("GET / HTTP/1.1\r\n" + UPGRADE.replace("Version: 13", "Version: 8")),
                "426 Upgrade Required", "{\"error\":\"unsupported websocket version\"}");
        assertRefused(answer("GET / HTTP/1.1\r\n" + UPGRADE.replace("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n",
                "")), "400 Bad Request", "{\"error\":\"bad request\"}");
        assertRefused(answer("nonsense\r\n\r\n"), "400 Bad Request", "{\"error\":\"bad request\"}");
        assertRefused(answer("GET / HTTP/1.1\r\nno colon here\r\n\r\n"), "400 Bad Request", "{\"error\":\"bad request\"}");
        assertRefused(Handshake.tooLarge(), "431 Request Header Fields Too Large",
                "{\"error\":\"request header fields too large\"}");
    }

    private static void assertRefused(Handshake.Outcome outcome, String status, String body) {
        assertFalse(outcome.websocket());
        String response = text(outcome);
        assertTrue(response.startsWith("HTTP/1.1 " + status + "\r\n"), response);
        assertTrue(response.contains("\r\nContent-Type: application/json\r\n"), response);
        assertTrue(response.contains("\r\nConnection: close\r\n"), response);
        assertTrue(response.endsWith("\r\n\r\n" + body), response);
    }

    private static Handshake.Outcome answer(String head) {
        byte[] bytes = head.getBytes(StandardCharsets.ISO_8859_1);
        return Handshake.answer(bytes, bytes.length);
    }

    private static String text(Handshake.Outcome outcome) {
        return new String(outcome.response(), StandardCharsets.US_ASCII);
    }
}
