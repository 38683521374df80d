package org.peerlink.launcher.signal;

import java.nio.charset.StandardCharsets;

import org.peerlink.core.encoding.WellFormedUtf8;

/** Server-to-client WebSocket frames (RFC 6455 §5.2): final, unmasked, header and payload in one array. */
final class ServerFrames {

    static final int OP_CONTINUATION = 0x0;
    static final int OP_TEXT = 0x1;
    static final int OP_BINARY = 0x2;
    static final int OP_CLOSE = 0x8;
    static final int OP_PING = 0x9;
    static final int OP_PONG = 0xA;

    private ServerFrames() {
    }

    /** A text frame; the hub's text never holds a lone surrogate, so its UTF-8 is well defined. */
    static byte[] text(String text) {
        return frame(OP_TEXT, WellFormedUtf8.encode(text));
    }

    /** A close frame with a status code and a reason, cut to the 123 bytes a control frame leaves for it. */
    static byte[] close(int code, String reason) {
        byte[] reasonBytes = reason.getBytes(StandardCharsets.UTF_8);
        int reasonLength = Math.min(reasonBytes.length, 123);
        byte[] payload = new byte[2 + reasonLength];
        payload[0] = (byte) (code >>> 8);
        payload[1] = (byte) code;
        System.arraycopy(reasonBytes, 0, payload, 2, reasonLength);
        return frame(OP_CLOSE, payload);
    }

    static byte[] frame(int opcode, byte[] payload) {
        return frame(opcode, payload, 0, payload.length);
    }

    static byte[] frame(int opcode, byte[] payload, int offset, int length) {
        int header = length < 126 ? 2 : length < 65_536 ? 4 : 10;
        byte[] frame = new byte[header + length];
        frame[0] = (byte) (0x80 | opcode);
        if (header == 2) {
            frame[1] = (byte) length;
        } else if (header == 4) {
            frame[1] = 126;
            frame[2] = (byte) (length >>> 8);
            frame[3] = (byte) length;
        } else {
            frame[1] = 127;
            for (int i = 0; i < 8; i++) {
                frame[2 + i] = (byte) ((long) length >>> (56 - 8 * i));
            }
        }
        System.arraycopy(payload, offset, frame, header, length);
        return frame;
    }
}
