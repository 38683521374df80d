package org.peerlink.launcher.signal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;

/**
 * The opening handshake (RFC 6455 §4.2) on the signal socket: a {@code GET} of {@code /} (any query) with the
 * WebSocket upgrade headers is answered with {@code 101}; anything else gets a JSON error, as every other
 * response of these servers, and the connection is closed: a plain request for {@code /} or any other path is
 * {@code 404 {"error":"not found"}}, an unparseable head {@code 400 {"error":"bad request"}}, a WebSocket
 * version other than 13 is {@code 426} with the version the server speaks.
 */
final class Handshake {

    /** Largest request head accepted; the app's is a few hundred bytes. */
    static final int MAX_HEAD_BYTES = 8 * 1024;

    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private Handshake() {
    }

    /**
     * Where the request head ends: the index just after its empty line, or -1 when it is not complete yet.
     *
     * @param head   bytes received so far
     * @param length how many of them
     */
    static int headEnd(byte[] head, int length) {
        for (int i = 3; i < length; i++) {
            if (head[i] == '\n' && head[i - 1] == '\r' && head[i - 2] == '\n' && head[i - 3] == '\r') {
                return i + 1;
            }
        }
        return -1;
    }

    /**
     * The response to a complete request head.
     *
     * @return the bytes to send, and whether the connection continues as a WebSocket
     */
    static Outcome answer(byte[] head, int length) {
        String text = new String(head, 0, length, StandardCharsets.ISO_8859_1);
        String[] lines = text.split("\r\n");
        String[] requestLine = lines[0].split(" ");
        if (requestLine.length != 3 || !requestLine[2].startsWith("HTTP/1.")) {
            return refuse(400, "Bad Request", "bad request", "");
        }
        String upgrade = null;
        String connection = null;
        String key = null;
        String version = null;
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            int colon = line.indexOf(':');
            if (colon <= 0) {
                if (line.isEmpty()) {
                    continue;
                }
                return refuse(400, "Bad Request", "bad request", "");
            }
            String value = line.substring(colon + 1).strip();
            switch (line.substring(0, colon).strip().toLowerCase(Locale.ROOT)) {
                case "upgrade" -> upgrade = value;
                case "connection" -> connection = value;
                case "sec-websocket-key" -> key = value;
                case "sec-websocket-version" -> version = value;
                default -> {
                    // not part of the handshake
                }
            }
        }
        String target = requestLine[1];
        int query = target.indexOf('?');
        String path = query < 0 ? target : target.substring(0, query);
        boolean isUpgrade = upgrade != null && upgrade.equalsIgnoreCase("websocket")
                && connection != null && hasToken(connection, "upgrade");
        if (!path.equals("/") || !isUpgrade) {
            return refuse(404, "Not Found", "not found", "");
        }
        if (!requestLine[0].equals("GET")) {
            return refuse(405, "Method Not Allowed", "method not allowed", "Allow: GET\r\n");
        }
        if (!"13".equals(version)) {
            return refuse(426, "Upgrade Required", "unsupported websocket version", "Sec-WebSocket-Version: 13\r\n");
        }
        if (key == null || key.isEmpty()) {
            return refuse(400, "Bad Request", "bad request", "");
        }
        String response = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + accept(key) + "\r\n\r\n";
        return new Outcome(response.getBytes(StandardCharsets.US_ASCII), true);
    }

    /** The {@code Sec-WebSocket-Accept} value for a client key. */
    static String accept(String key) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            return Base64.getEncoder().encodeToString(sha1.digest((key + GUID).getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every Java platform", e);
        }
    }

    /** A head that is too large or never ends is answered like any other malformed one. */
    static Outcome tooLarge() {
        return refuse(431, "Request Header Fields Too Large", "request header fields too large", "");
    }

    private static boolean hasToken(String header, String token) {
        for (String part : header.split(",")) {
            if (part.strip().equalsIgnoreCase(token)) {
                return true;
            }
        }
        return false;
    }

    private static Outcome refuse(int status, String reason, String error, String extraHeaders) {
        byte[] body = ("{\"error\":\"" + error + "\"}").getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + status + " " + reason + "\r\nContent-Type: application/json\r\nContent-Length: "
                + body.length + "\r\n" + extraHeaders + "Connection: close\r\n\r\n";
        byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
        byte[] response = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, response, 0, headBytes.length);
        System.arraycopy(body, 0, response, headBytes.length, body.length);
        return new Outcome(response, false);
    }

    /**
     * What to answer.
     *
     * @param response  the complete HTTP response
     * @param websocket true when the connection continues as a WebSocket, false when it closes after the response
     */
    record Outcome(byte[] response, boolean websocket) {
    }
}
