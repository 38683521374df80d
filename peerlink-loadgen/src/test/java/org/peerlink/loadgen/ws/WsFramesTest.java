package org.peerlink.loadgen.ws;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class WsFramesTest {

    @Test
    void clientFramesAreMaskedWithTheZeroKey() {
        byte[] frame = WsFrames.text("hi");
        assertArrayEquals(new byte[] {(byte) 0x81, (byte) 0x82, 0, 0, 0, 0, 'h', 'i'}, frame);
        byte[] close = WsFrames.close(1000);
        assertArrayEquals(new byte[] {(byte) 0x88, (byte) 0x82, 0, 0, 0, 0, 0x03, (byte) 0xe8}, close);
    }

    @Test
    void lengthEncodings() {
        assertEquals(2 + 2 + 4 + 126, WsFrames.frame(WsFrames.OP_TEXT, new byte[126]).length);
        assertEquals((byte) (0x80 | 126), WsFrames.frame(WsFrames.OP_TEXT, new byte[65535])[1]);
        byte[] big = WsFrames.frame(WsFrames.OP_BINARY, new byte[65536]);
        assertEquals((byte) (0x80 | 127), big[1]);
        assertEquals(1, big[2 + 5]); // 65536 = 0x00..010000
    }

    @Test
    void serverFramesOfEverySizeAreRead() throws IOException {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        wire.writeBytes("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        String small = "{\"v\":\"1\"}";
        String medium = "m".repeat(300);
        String large = "L".repeat(70_000);
        for (String text : new String[] {small, medium, large}) {
            wire.writeBytes(serverFrame(WsFrames.OP_TEXT, text.getBytes(StandardCharsets.UTF_8)));
        }
        wire.writeBytes(serverFrame(WsFrames.OP_CLOSE, new byte[] {0x0f, (byte) 0xa1}));
        WsSocket.FrameReader reader = new WsSocket.FrameReader(new ByteArrayInputStream(wire.toByteArray()), 64,
                1 << 20);
        assertEquals("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n", reader.readHttpHead());
        for (String text : new String[] {small, medium, large}) {
            assertEquals(WsFrames.OP_TEXT, reader.next());
            assertEquals(text, reader.payloadText());
        }
        assertEquals(WsFrames.OP_CLOSE, reader.next());
        assertEquals(4001, ((reader.payload()[0] & 0xff) << 8) | (reader.payload()[1] & 0xff));
        assertThrows(EOFException.class, reader::next);
    }

    @Test
    void maskedFramesAreUnmasked() throws IOException {
        byte[] frame = {(byte) 0x81, (byte) 0x83, 1, 2, 3, 4, 'a' ^ 1, 'b' ^ 2, 'c' ^ 3};
        WsSocket.FrameReader reader = new WsSocket.FrameReader(new ByteArrayInputStream(frame), 4, 100);
        reader.next();
        assertEquals("abc", reader.payloadText());
    }

    @Test
    void anOversizedFrameIsRefused() {
        byte[] frame = serverFrame(WsFrames.OP_TEXT, new byte[200]);
        WsSocket.FrameReader reader = new WsSocket.FrameReader(new ByteArrayInputStream(frame), 64, 100);
        assertThrows(IOException.class, reader::next);
    }

    private static byte[] serverFrame(int opcode, byte[] payload) {
        byte[] masked = WsFrames.frame(opcode, payload);
        // drop the mask bit and the 4 key bytes: a server frame
        int headerLength = masked.length - payload.length - 4;
        byte[] frame = new byte[headerLength + payload.length];
        System.arraycopy(masked, 0, frame, 0, headerLength);
        frame[1] &= 0x7f;
        System.arraycopy(payload, 0, frame, headerLength, payload.length);
        return frame;
    }
}
