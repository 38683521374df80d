package org.peerlink.testkit;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A WebSocket client on a bare socket, for what the JDK client will not do: send one text message as a single
 * frame however large it is (the JDK client splits long messages into 16 KiB frames; other clients do not), send
 * binary frames or just the header of a huge one, send an {@code Origin} as browsers do, or drop the TCP connection
 * without a close frame.
 */
public final class RawWebSocket implements AutoCloseable {

    public static final int TEXT = 0x1;
    public static final int BINARY = 0x2;
    public static final int CLOSE = 0x8;

    /** One frame from the server. */
    public record Frame(int opcode, byte[] payload) {
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        /** The status code of a close frame. */
        public int closeCode() {
            return ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
        }
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final Random masks = new Random(1);

    public RawWebSocket(int port) throws IOException {
        this(port, null);
    }

    /** Opens and upgrades a connection, sending {@code origin} as the {@code Origin} header unless null. */
    public RawWebSocket(int port, String origin) throws IOException {
        this(port, origin, 0);
    }

    /**
     * Like {@link #RawWebSocket(int, String)}, with the socket's receive buffer set to {@code receiveBuffer} bytes
     * before it connects (0: the system's): a client that stops reading then stalls the server's writes after a few
     * KiB, where loopback's default buffers would take megabytes.
     */
    public RawWebSocket(int port, String origin, int receiveBuffer) throws IOException {
        socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout(5_000);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
        String head = upgrade(socket, origin);
        assertTrue(head.startsWith("HTTP/1.1 101"), head);
    }

    /** The server's answer to a handshake with {@code Origin: origin}: its status line and headers. */
    public static String handshakeAnswer(int port, String origin) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(5_000);
            return upgrade(socket, origin);
        }
    }

    /** Writes the upgrade request and reads the response head. */
    private static String upgrade(Socket socket, String origin) throws IOException {
        socket.getOutputStream().write(("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\n"
                + "Upgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + (origin == null ? "" : "Origin: " + origin + "\r\n") + "\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = socket.getInputStream().read();
            if (b < 0) {
                break;
            }
            head.write(b);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    /** Sends {@code text} as one final, masked text frame. */
    public void sendSingleFrame(String text) throws IOException {
        sendFrame(TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends one final, masked frame. */
    public void sendFrame(int opcode, byte[] payload) throws IOException {
        byte[] mask = frameHeader(opcode, payload.length);
        byte[] masked = new byte[payload.length];
        for (int i = 0; i < payload.length; i++) {
            masked[i] = (byte) (payload[i] ^ mask[i & 3]);
        }
        out.write(masked);
        out.flush();
    }

    /**
     * Sends the header of a final text frame of {@code length} bytes and then {@code sent} bytes of it (unmasked
     * garbage is as good as any: the server refuses the frame by its length).
     */
    public void sendFrameStart(long length, int sent) throws IOException {
        frameHeader(TEXT, length);
        out.write(new byte[sent]);
        out.flush();
    }

    /** Writes a frame header with a fresh mask; returns the mask. */
    private byte[] frameHeader(int opcode, long length) throws IOException {
        ByteArrayOutputStream header = new ByteArrayOutputStream(14);
        header.write(0x80 | opcode);
        if (length < 126) {
            header.write(0x80 | (int) length);
        } else if (length < 65_536) {
            header.write(0x80 | 126);
            header.write((int) (length >>> 8));
            header.write((int) length);
        } else {
            header.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                header.write((int) (length >>> shift));
            }
        }
        byte[] mask = new byte[4];
        masks.nextBytes(mask);
        header.write(mask);
        header.writeTo(out);
        return mask;
    }

    /** Reads one unfragmented, unmasked frame from the server. */
    public Frame readFrame() throws IOException {
        int first = in.readUnsignedByte();
        assertEquals(0x80, first & 0x80, "a final frame");
        int length = in.readUnsignedByte();
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = Math.toIntExact(in.readLong());
        }
        byte[] payload = new byte[length];
        in.readFully(payload);
        return new Frame(first & 0x0f, payload);
    }

    /** Reads one text frame from the server. */
    public String readText() throws IOException {
        Frame frame = readFrame();
        assertEquals(TEXT, frame.opcode(), "a text frame");
        return frame.text();
    }

    /**
     * Ends the TCP connection with a reset (SO_LINGER 0): what either side has not read yet is dropped, so a server
     * that is behind with this client's frames stops at once instead of working through them.
     */
    public void reset() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    /** Ends the TCP connection without a WebSocket close frame, as a killed app does. */
    public void dropConnection() throws IOException {
        socket.close();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
