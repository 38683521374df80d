package org.peerlink.launcher.signal;

/**
 * Decodes client frames (RFC 6455 §5.2) from received bytes: checks what a server must check (masking, reserved
 * bits, control frame rules, the frame size limit), unmasks the payload in place and hands each complete frame to a
 * {@link Sink}. Incomplete frames are left for the caller to keep until more bytes arrive.
 */
final class FrameDecoder {

    static final int CLOSE_PROTOCOL_ERROR = 1002;
    static final int CLOSE_TOO_BIG = 1009;

    private FrameDecoder() {
    }

    /** Receives decoded frames; returns false to stop decoding (after a close frame). */
    interface Sink {
        boolean frame(int opcode, boolean fin, byte[] payload, int offset, int length) throws Violation;
    }

    /**
     * Decodes the complete frames in {@code bytes[from, to)}.
     *
     * @return the index of the first byte not consumed (the start of an incomplete frame, or where the sink stopped)
     * @throws Violation when a frame breaks the protocol or the size limit; the connection must be closed with its code
     */
    static int decode(byte[] bytes, int from, int to, long maxFrameBytes, Sink sink) throws Violation {
        int at = from;
        while (true) {
            long total = frameLength(bytes, at, to, maxFrameBytes);
            if (total < 0 || to - at < total) {
                return at;
            }
            int b0 = bytes[at] & 0xff;
            int b1 = bytes[at + 1] & 0xff;
            int opcode = b0 & 0x0f;
            boolean fin = (b0 & 0x80) != 0;
            int payloadLength = (int) (total - headerLength(b1));
            int payloadStart = at + headerLength(b1);
            int maskAt = payloadStart - 4;
            for (int i = 0; i < payloadLength; i++) {
                bytes[payloadStart + i] ^= bytes[maskAt + (i & 3)];
            }
            at += (int) total;
            if (!sink.frame(opcode, fin, bytes, payloadStart, payloadLength)) {
                return at;
            }
        }
    }

    /**
     * The length of the frame starting at {@code at} (header and payload), once its header is complete.
     *
     * @return -1 while the header is incomplete
     * @throws Violation for what can be told from the header alone
     */
    static long frameLength(byte[] bytes, int at, int to, long maxFrameBytes) throws Violation {
        if (to - at < 2) {
            return -1;
        }
        int b0 = bytes[at] & 0xff;
        int b1 = bytes[at + 1] & 0xff;
        if ((b0 & 0x70) != 0) {
            throw new Violation(CLOSE_PROTOCOL_ERROR, "Reserved bits set without an extension");
        }
        if ((b1 & 0x80) == 0) {
            throw new Violation(CLOSE_PROTOCOL_ERROR, "Client frame is not masked");
        }
        int opcode = b0 & 0x0f;
        boolean control = (opcode & 0x08) != 0;
        int length7 = b1 & 0x7f;
        if (control && ((b0 & 0x80) == 0 || length7 > 125)) {
            throw new Violation(CLOSE_PROTOCOL_ERROR, "Control frames must be final and at most 125 bytes");
        }
        int header = headerLength(b1);
        if (to - at < header) {
            return -1;
        }
        long payload;
        if (length7 == 126) {
            payload = ((bytes[at + 2] & 0xff) << 8) | (bytes[at + 3] & 0xff);
        } else if (length7 == 127) {
            payload = 0;
            for (int i = 0; i < 8; i++) {
                payload = (payload << 8) | (bytes[at + 2 + i] & 0xff);
            }
        } else {
            payload = length7;
        }
        if (payload < 0 || payload > maxFrameBytes) {
            throw new Violation(CLOSE_TOO_BIG, "Frame of " + payload + " bytes exceeds the limit of " + maxFrameBytes);
        }
        return header + payload;
    }

    /** Header bytes of a masked client frame: 2, the extended length, the 4-byte mask. */
    private static int headerLength(int b1) {
        int length7 = b1 & 0x7f;
        return 2 + (length7 == 126 ? 2 : length7 == 127 ? 8 : 0) + 4;
    }

    /** A protocol violation: the connection is closed with {@link #code()}. */
    static final class Violation extends Exception {
        private final int code;

        Violation(int code, String message) {
            super(message, null, false, false);
            this.code = code;
        }

        int code() {
            return code;
        }
    }
}
