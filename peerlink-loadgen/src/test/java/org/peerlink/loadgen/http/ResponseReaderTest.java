package org.peerlink.loadgen.http;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResponseReaderTest {

    @Test
    void keepAliveResponsesWithContentLengthFollowEachOther() throws IOException {
        ResponseReader reader = reader("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n"
                + "{\"ok\":true}HTTP/1.1 400 Bad Request\r\ncontent-length: 2\r\n\r\n{}", 7);
        assertEquals("200 {\"ok\":true}", read(reader));
        assertFalse(reader.closeAfter());
        assertEquals("400 {}", read(reader));
    }

    @Test
    void chunkedBodiesWithExtensionsAndTrailers() throws IOException {
        ResponseReader reader = reader("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\nX-Trailer: 1\r\n\r\n"
                + "HTTP/1.1 204 No Content\r\n\r\n", 4);
        assertEquals("200 hello world", read(reader));
        assertEquals("204 ", read(reader));
    }

    @Test
    void connectionCloseIsReported() throws IOException {
        ResponseReader reader = reader("HTTP/1.1 413 Payload Too Large\r\nConnection: close\r\nContent-Length: 0\r\n\r\n",
                64);
        assertEquals("413 ", read(reader));
        assertTrue(reader.closeAfter());
    }

    @Test
    void aTruncatedBodyIsAnError() {
        ResponseReader reader = reader("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort", 64);
        assertThrows(EOFException.class, () -> read(reader));
    }

    @Test
    void notHttpIsAnError() {
        assertThrows(IOException.class, () -> read(reader("SSH-2.0-OpenSSH\r\n\r\n", 64)));
    }

    private static String read(ResponseReader reader) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int status = reader.read(body::write);
        return status + " " + body.toString(StandardCharsets.UTF_8);
    }

    /** Delivers at most {@code piece} bytes per read, so lines and bodies straddle reads. */
    private static ResponseReader reader(String wire, int piece) {
        InputStream in = new ByteArrayInputStream(wire.getBytes(StandardCharsets.UTF_8)) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, piece));
            }
        };
        return new ResponseReader(in, 16);
    }
}
