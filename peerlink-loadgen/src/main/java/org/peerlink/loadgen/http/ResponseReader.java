package org.peerlink.loadgen.http;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Reads HTTP/1.1 responses from a stream with one reusable buffer: status line, the headers that frame the body
 * ({@code Content-Length}, {@code Transfer-Encoding: chunked}, {@code Connection: close}), then the body, which
 * goes to a {@link BodySink} piece by piece so a large download is never held whole.
 */
public final class ResponseReader {

    /** Receives a response body in pieces. */
    @FunctionalInterface
    public interface BodySink {
        void accept(byte[] bytes, int offset, int length) throws IOException;

        /** Discards the body. */
        BodySink DISCARD = (bytes, offset, length) -> {
        };
    }

    private final InputStream in;
    private final byte[] buffer;
    private int position;
    private int limit;
    private boolean closeAfter;

    public ResponseReader(InputStream in, int bufferSize) {
        this.in = in;
        this.buffer = new byte[bufferSize];
    }

    /**
     * Reads one whole response.
     *
     * @return the status code
     * @throws EOFException when the connection ends before the response does
     */
    public int read(BodySink body) throws IOException {
        String statusLine = line();
        // "HTTP/1.1 200 OK"
        if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12) {
            throw new IOException("not an HTTP/1.x status line: " + statusLine);
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        long contentLength = -1;
        boolean chunked = false;
        closeAfter = statusLine.startsWith("HTTP/1.0");
        for (String header = line(); !header.isEmpty(); header = line()) {
            int colon = header.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = header.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            String value = header.substring(colon + 1).strip().toLowerCase(Locale.ROOT);
            switch (name) {
                case "content-length" -> contentLength = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.endsWith("chunked");
                case "connection" -> closeAfter = value.contains("close");
                default -> {
                    // not needed to frame the body
                }
            }
        }
        if (chunked) {
            readChunked(body);
        } else if (contentLength >= 0) {
            readFixed(contentLength, body);
        } else if (status != 204 && status != 304) {
            readToEnd(body);
            closeAfter = true;
        }
        return status;
    }

    /** Whether the server announced it closes the connection after the last response. */
    public boolean closeAfter() {
        return closeAfter;
    }

    private void readChunked(BodySink body) throws IOException {
        while (true) {
            String sizeLine = line();
            int semicolon = sizeLine.indexOf(';');
            long size = Long.parseLong((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).strip(), 16);
            if (size == 0) {
                // trailers, then the empty line
                while (!line().isEmpty()) {
                    // skip
                }
                return;
            }
            readFixed(size, body);
            if (!line().isEmpty()) {
                throw new IOException("chunk not followed by CRLF");
            }
        }
    }

    private void readFixed(long length, BodySink body) throws IOException {
        long remaining = length;
        while (remaining > 0) {
            if (position == limit && !fill()) {
                throw new EOFException("connection closed with " + remaining + " body bytes missing");
            }
            int n = (int) Math.min(remaining, limit - position);
            body.accept(buffer, position, n);
            position += n;
            remaining -= n;
        }
    }

    private void readToEnd(BodySink body) throws IOException {
        while (position < limit || fill()) {
            body.accept(buffer, position, limit - position);
            position = limit;
        }
    }

    /** One header line without its CRLF (ASCII; the generator reads only its own servers' headers). */
    private String line() throws IOException {
        StringBuilder spanning = null; // only for a line that straddles two reads
        while (true) {
            for (int i = position; i < limit; i++) {
                if (buffer[i] == '\n') {
                    String piece = new String(buffer, position, i - position, StandardCharsets.ISO_8859_1);
                    position = i + 1;
                    String whole = spanning == null ? piece : spanning.append(piece).toString();
                    return whole.endsWith("\r") ? whole.substring(0, whole.length() - 1) : whole;
                }
            }
            if (spanning == null) {
                spanning = new StringBuilder();
            }
            spanning.append(new String(buffer, position, limit - position, StandardCharsets.ISO_8859_1));
            position = limit;
            if (!fill()) {
                throw new EOFException("connection closed inside the response head");
            }
        }
    }

    private boolean fill() throws IOException {
        position = 0;
        limit = 0;
        int n = in.read(buffer, 0, buffer.length);
        if (n <= 0) {
            return false;
        }
        limit = n;
        return true;
    }
}
