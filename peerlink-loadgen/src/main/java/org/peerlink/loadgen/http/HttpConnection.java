package org.peerlink.loadgen.http;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;

import org.peerlink.loadgen.Endpoint;

/**
 * One keep-alive HTTP/1.1 connection on a plain socket. The JDK's HttpClient costs several times more CPU per
 * request than the request itself; this writes pre-built request bytes and parses only what frames a response.
 * One request at a time (no pipelining), used by one thread.
 */
public final class HttpConnection implements Closeable {

    private static final int CONNECT_TIMEOUT_MS = 5_000;
    private static final int READ_TIMEOUT_MS = 60_000;

    private final Endpoint endpoint;
    private Socket socket;
    private OutputStream out;
    private ResponseReader reader;
    private final ByteArrayOutputStream smallBody = new ByteArrayOutputStream(512);

    public HttpConnection(Endpoint endpoint) {
        this.endpoint = endpoint;
    }

    /** Sends a complete request and reads the response body into memory (small responses). */
    public Response exchange(byte[] request) throws IOException {
        smallBody.reset();
        int status = exchange(request, smallBody::write);
        return new Response(status, smallBody.toByteArray());
    }

    /** Reads a small response to a request written through {@link #requestStream()}. */
    public Response readResponse() throws IOException {
        smallBody.reset();
        int status = readResponse(smallBody::write);
        return new Response(status, smallBody.toByteArray());
    }

    /** Sends a complete request; the body goes to {@code body}. Reconnects once if the kept-alive socket died. */
    public int exchange(byte[] request, ResponseReader.BodySink body) throws IOException {
        boolean fresh = ensureOpen();
        try {
            out.write(request);
            out.flush();
        } catch (IOException e) {
            if (fresh) {
                throw e;
            }
            disconnect();
            ensureOpen();
            out.write(request);
            out.flush();
        }
        return readResponse(body);
    }

    /**
     * The socket's output stream, for writing a large request body piece by piece after its head; follow with
     * {@link #readResponse}. Do not close it (that would close the connection).
     */
    public OutputStream requestStream() throws IOException {
        ensureOpen();
        return out;
    }

    public int readResponse(ResponseReader.BodySink body) throws IOException {
        int status = reader.read(body);
        if (reader.closeAfter()) {
            disconnect();
        }
        return status;
    }

    private boolean ensureOpen() throws IOException {
        if (socket != null) {
            return false;
        }
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        s.connect(new InetSocketAddress(endpoint.host(), endpoint.port()), CONNECT_TIMEOUT_MS);
        s.setSoTimeout(READ_TIMEOUT_MS);
        socket = s;
        out = s.getOutputStream();
        reader = new ResponseReader(s.getInputStream(), 64 * 1024);
        return true;
    }

    /** Drops the socket; the next exchange connects again. */
    public void disconnect() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                // closing anyway
            }
            socket = null;
        }
    }

    @Override
    public void close() {
        disconnect();
    }

    /**
     * A response held in memory.
     *
     * @param status status code
     * @param body   body bytes
     */
    public record Response(int status, byte[] body) {
        public String text() {
            return new String(body, java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
