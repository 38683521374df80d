package org.peerlink.launcher.signal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class FrameDecoderTest {

    private static final byte[] MASK = {0x11, 0x22, 0x33, 0x44};

    @Test
    void completeFramesAreUnmaskedAndAnIncompleteOneIsLeft() throws Exception {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        wire.writeBytes(clientFrame(0x81, "hello".getBytes(StandardCharsets.UTF_8)));
        wire.writeBytes(clientFrame(0x01, "x".repeat(300).getBytes(StandardCharsets.UTF_8))); // 16-bit length
        wire.writeBytes(clientFrame(0x80, "y".repeat(70_000).getBytes(StandardCharsets.UTF_8))); // 64-bit length
        byte[] last = clientFrame(0x89, "ping".getBytes(StandardCharsets.UTF_8));
        wire.write(last, 0, last.length - 1);
        byte[] bytes = wire.toByteArray();

        List<String> frames = new ArrayList<>();
        int consumed = FrameDecoder.decode(bytes, 0, bytes.length, 1 << 20, (opcode, fin, payload, offset, length) -> {
            frames.add(opcode + (fin ? "F" : "-") + length + ":"
                    + new String(payload, offset, Math.min(length, 5), StandardCharsets.UTF_8));
            return true;
        });
        assertEquals(List.of("1F5:hello", "1-300:xxxxx", "0F70000:yyyyy"), frames);
        assertEquals(bytes.length - (last.length - 1), consumed, "the incomplete ping is left");

        for (int cut = 0; cut < 6; cut++) {
            assertEquals(-1, FrameDecoder.frameLength(last, 0, cut, 1 << 20));
        }
    }

    @Test
    void theSinkCanStopDecoding() throws Exception {
        byte[] two = concat(clientFrame(0x88, new byte[] {0x03, (byte) 0xe8}), clientFrame(0x81, new byte[] {'a'}));
        int consumed = FrameDecoder.decode(two, 0, two.length, 100, (opcode, fin, payload, offset, length) -> false);
        assertEquals(8, consumed);
    }

    @Test
    void violations() {
        assertViolation(1002, new byte[] {(byte) 0xC1, (byte) 0x80, 0, 0, 0, 0}); // RSV1
        assertViolation(1002, new byte[] {(byte) 0x81, 0x01, 'a'}); // not masked
        assertViolation(1002, clientFrame(0x09, new byte[0])); // fragmented ping
        assertViolation(1002, clientFrame(0x89, new byte[126])); // control frame too long
        assertViolation(1009, clientFrame(0x81, new byte[101])); // over the limit of 100
    }

    private static void assertViolation(int code, byte[] frame) {
        FrameDecoder.Violation violation = assertThrows(FrameDecoder.Violation.class,
                () -> FrameDecoder.decode(frame, 0, frame.length, 100, (opcode, fin, payload, offset, length) -> true));
        assertEquals(code, violation.code());
    }

    /** A masked client frame with first byte {@code b0}. */
    static byte[] clientFrame(int b0, byte[] payload) {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(b0);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else if (payload.length < 65_536) {
            frame.write(0x80 | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length);
        } else {
            frame.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) ((long) payload.length >>> shift));
            }
        }
        frame.writeBytes(MASK);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ MASK[i & 3]);
        }
        return frame.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = new byte[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
