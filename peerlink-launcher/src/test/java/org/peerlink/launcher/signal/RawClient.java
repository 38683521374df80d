package org.peerlink.launcher.signal;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;

/** A WebSocket client on a bare socket that does exactly what a test tells it, including misbehaving. */
final class RawClient implements AutoCloseable {

    static final String UPGRADE = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
            + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n";

    final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    RawClient(int port) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout(5_000);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /** Connects and completes the opening handshake. */
    static RawClient open(int port) throws IOException {
        RawClient client = new RawClient(port);
        client.write(UPGRADE.getBytes(StandardCharsets.US_ASCII));
        String head = client.readHead();
        if (!head.startsWith("HTTP/1.1 101")) {
            throw new IOException("not upgraded: " + head);
        }
        return client;
    }

    void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    void sendText(String text) throws IOException {
        write(FrameDecoderTest.clientFrame(0x81, text.getBytes(StandardCharsets.UTF_8)));
    }

    String readHead() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            head.write(in.readUnsignedByte());
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    /** Everything until the server closes the connection. */
    String readToEnd() throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }

    /** One server frame: its first byte, then the payload (as text for data frames). */
    Frame readFrame() throws IOException {
        int b0 = in.readUnsignedByte();
        int length = in.readUnsignedByte();
        if ((length & 0x80) != 0) {
            throw new IOException("a server frame must not be masked");
        }
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = Math.toIntExact(in.readLong());
        }
        byte[] payload = new byte[length];
        in.readFully(payload);
        return new Frame(b0, payload);
    }

    /** Reads frames until one is a text frame of {@code type}, skipping the rest (presence updates). */
    String readText(String type) throws IOException {
        while (true) {
            Frame frame = readFrame();
            if (frame.b0() == 0x81 && frame.text().contains("\"type\":\"" + type + "\"")) {
                return frame.text();
            }
        }
    }

    /** Whether the server has closed or reset the connection (reading what it still sends). */
    boolean closedByServer() throws IOException {
        try {
            while (in.read() >= 0) {
                // drain
            }
            return true;
        } catch (SocketException | EOFException e) {
            return true; // reset
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    record Frame(int b0, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        int closeCode() {
            return ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
        }
    }
}
