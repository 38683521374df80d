package org.peerlink.loadgen.ws;

import java.nio.charset.StandardCharsets;

/**
 * Client-to-server WebSocket frames (RFC 6455 §5.2), built once and sent as they are. Client frames must be
 * masked; the generator uses the all-zero masking key, with which the masked payload equals the plain one, so a
 * pre-built frame costs nothing to send. The server unmasks every frame the same way whatever the key is.
 */
public final class WsFrames {

    public static final int OP_CONTINUATION = 0x0;
    public static final int OP_TEXT = 0x1;
    public static final int OP_BINARY = 0x2;
    public static final int OP_CLOSE = 0x8;
    public static final int OP_PING = 0x9;
    public static final int OP_PONG = 0xA;

    private WsFrames() {
    }

    /** A final text frame carrying {@code text}. */
    public static byte[] text(String text) {
        return frame(OP_TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    /** A close frame with a status code and no reason. */
    public static byte[] close(int code) {
        return frame(OP_CLOSE, new byte[] {(byte) (code >>> 8), (byte) code});
    }

    /** A final, masked (zero key) frame. */
    public static byte[] frame(int opcode, byte[] payload) {
        int length = payload.length;
        int lengthBytes = length < 126 ? 0 : length < 65536 ? 2 : 8;
        byte[] frame = new byte[2 + lengthBytes + 4 + length];
        frame[0] = (byte) (0x80 | opcode);
        if (lengthBytes == 0) {
            frame[1] = (byte) (0x80 | length);
        } else if (lengthBytes == 2) {
            frame[1] = (byte) (0x80 | 126);
            frame[2] = (byte) (length >>> 8);
            frame[3] = (byte) length;
        } else {
            frame[1] = (byte) (0x80 | 127);
            for (int i = 0; i < 8; i++) {
                frame[2 + i] = (byte) ((long) length >>> (56 - 8 * i));
            }
        }
        // frame[2 + lengthBytes .. + 4] is the zero masking key
        System.arraycopy(payload, 0, frame, 2 + lengthBytes + 4, length);
        return frame;
    }
}
