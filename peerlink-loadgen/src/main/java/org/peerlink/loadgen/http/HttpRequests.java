package org.peerlink.loadgen.http;

import java.nio.charset.StandardCharsets;

/** Complete HTTP/1.1 request bytes, built once and sent as they are (keep-alive is the HTTP/1.1 default). */
public final class HttpRequests {

    private HttpRequests() {
    }

    /** A POST with a JSON body. */
    public static byte[] post(String host, String path, byte[] body) {
        byte[] head = ("POST " + path + " HTTP/1.1\r\nHost: " + host
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] request = new byte[head.length + body.length];
        System.arraycopy(head, 0, request, 0, head.length);
        System.arraycopy(body, 0, request, head.length, body.length);
        return request;
    }

    /** A POST whose head is written separately from a body of {@code bodyLength} bytes. */
    public static byte[] postHead(String host, String path, long bodyLength) {
        return ("POST " + path + " HTTP/1.1\r\nHost: " + host
                + "\r\nContent-Type: application/json\r\nContent-Length: " + bodyLength + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** A GET; {@code pathAndQuery} must already be URL-encoded. */
    public static byte[] get(String host, String pathAndQuery) {
        return ("GET " + pathAndQuery + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }
}
