package org.peerlink.loadgen.ws;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

import org.peerlink.loadgen.Endpoint;

/**
 * A minimal WebSocket client on a plain socket, for the generator: the opening handshake, pre-built frames out
 * ({@link WsFrames}), whole frames in through one small reusable buffer. It does not answer pings (the servers
 * under test do not send any) and expects unfragmented messages, which is what the signal server sends.
 * One reader thread per socket; {@link #send} may be called from another thread.
 */
public final class WsSocket implements Closeable {

    private static final int CONNECT_TIMEOUT_MS = 10_000;
    // Any 16 bytes, base64: the server only echoes a hash of it.
    private static final String KEY = "cGVlcmxpbmstbG9hZGdlbg==";
    private static final int MAX_PAYLOAD = 8 * 1024 * 1024;

    private final Socket socket;
    private final OutputStream out;
    private final FrameReader reader;

    private WsSocket(Socket socket, FrameReader reader) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.reader = reader;
    }

    /**
     * Connects and completes the opening handshake on path {@code /}.
     *
     * @param bufferSize read buffer; small for thousands of idle sockets, larger for busy ones
     */
    public static WsSocket connect(Endpoint endpoint, int bufferSize) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(endpoint.host(), endpoint.port()), CONNECT_TIMEOUT_MS);
            socket.getOutputStream().write(("GET / HTTP/1.1\r\nHost: " + endpoint.hostHeader()
                    + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + KEY
                    + "\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            FrameReader reader = new FrameReader(socket.getInputStream(), bufferSize, MAX_PAYLOAD);
            String head = reader.readHttpHead();
            if (!head.startsWith("HTTP/1.1 101")) {
                throw new IOException("WebSocket upgrade refused: " + head.lines().findFirst().orElse(""));
            }
            return new WsSocket(socket, reader);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** Writes a pre-built frame. Thread-safe against other senders (the socket's stream is). */
    public void send(byte[] frame) throws IOException {
        out.write(frame);
    }

    /**
     * Reads the next frame.
     *
     * @return its opcode ({@link WsFrames#OP_TEXT}, ...); the payload is in {@link #payload()} until the next call
     * @throws EOFException when the server closed the connection
     */
    public int next() throws IOException {
        return reader.next();
    }

    public byte[] payload() {
        return reader.payload();
    }

    public int payloadLength() {
        return reader.payloadLength();
    }

    /** The last payload as text (for error messages). */
    public String payloadText() {
        return reader.payloadText();
    }

    /** Bounds the next reads; 0 waits for ever. */
    public void readTimeout(int millis) throws IOException {
        socket.setSoTimeout(millis);
    }

    /**
     * The closing handshake: sends a close frame, reads (and drops) what the server still sends up to its close
     * frame, then closes the socket. Gives up after {@code timeoutMs}.
     */
    public void closeGracefully(int timeoutMs) {
        try {
            send(WsFrames.close(1000));
            socket.setSoTimeout(timeoutMs);
            while (next() != WsFrames.OP_CLOSE) {
                // drain
            }
        } catch (SocketTimeoutException | EOFException e) {
            // closed or slow: close anyway
        } catch (IOException e) {
            // the same
        } finally {
            close();
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    /** Frame parsing over an input stream; separate from the socket so it can be tested on bytes. */
    static final class FrameReader {
        private final InputStream in;
        private final byte[] buffer;
        private final int maxPayload;
        private int position;
        private int limit;
        private byte[] payload = new byte[256];
        private int payloadLength;

        FrameReader(InputStream in, int bufferSize, int maxPayload) {
            this.in = in;
            this.buffer = new byte[bufferSize];
            this.maxPayload = maxPayload;
        }

        /** The HTTP response head up to the empty line; bytes after it stay buffered for {@link #next()}. */
        String readHttpHead() throws IOException {
            StringBuilder head = new StringBuilder();
            while (true) {
                while (position < limit) {
                    char c = (char) (buffer[position++] & 0xff);
                    head.append(c);
                    int n = head.length();
                    if (c == '\n' && n >= 4 && head.charAt(n - 2) == '\r' && head.charAt(n - 3) == '\n') {
                        return head.toString();
                    }
                }
                if (head.length() > 16 * 1024) {
                    throw new IOException("HTTP response head too long");
                }
                fill();
            }
        }

        int next() throws IOException {
            int b0 = readByte();
            int b1 = readByte();
            int opcode = b0 & 0x0f;
            boolean masked = (b1 & 0x80) != 0;
            long length = b1 & 0x7f;
            if (length == 126) {
                length = (readByte() << 8) | readByte();
            } else if (length == 127) {
                length = 0;
                for (int i = 0; i < 8; i++) {
                    length = (length << 8) | readByte();
                }
            }
            if (length > maxPayload) {
                throw new IOException("frame of " + length + " bytes is larger than " + maxPayload);
            }
            byte[] mask = null;
            if (masked) {
                mask = new byte[] {(byte) readByte(), (byte) readByte(), (byte) readByte(), (byte) readByte()};
            }
            payloadLength = (int) length;
            if (payload.length < payloadLength) {
                payload = new byte[Math.max(payloadLength, payload.length * 2)];
            }
            int copied = 0;
            while (copied < payloadLength) {
                if (position == limit) {
                    fill();
                }
                int n = Math.min(payloadLength - copied, limit - position);
                System.arraycopy(buffer, position, payload, copied, n);
                position += n;
                copied += n;
            }
            if (mask != null) {
                for (int i = 0; i < payloadLength; i++) {
                    payload[i] ^= mask[i & 3];
                }
            }
            return opcode;
        }

        byte[] payload() {
            return payload;
        }

        int payloadLength() {
            return payloadLength;
        }

        String payloadText() {
            return new String(payload, 0, payloadLength, StandardCharsets.UTF_8);
        }

        private int readByte() throws IOException {
            if (position == limit) {
                fill();
            }
            return buffer[position++] & 0xff;
        }

        private void fill() throws IOException {
            int n = in.read(buffer, 0, buffer.length);
            if (n <= 0) {
                throw new EOFException("connection closed");
            }
            position = 0;
            limit = n;
        }
    }
}
