package org.peerlink.loadgen.relay;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.peerlink.loadgen.http.ResponseReader;

/**
 * Checks a streamed {@code GET /relay/blob/{id}} body against the blob that was uploaded, without holding the
 * body: skips to the {@code "payload":"} value, decodes its base64 as it arrives and compares it with the
 * expected bytes.
 */
public final class Base64PayloadCheck implements ResponseReader.BodySink {

    private static final byte[] MARKER = "\"payload\":\"".getBytes(StandardCharsets.US_ASCII);

    private final byte[] expected;
    private final int expectedOffset;
    private final int expectedLength;
    private final byte[] pending = new byte[64 * 1024];
    private int pendingLength;
    private int markerMatched;
    private boolean inPayload;
    private boolean payloadEnded;
    private long decoded;
    private boolean mismatch;

    /** The blob is {@code expected[offset .. offset + length)}. */
    public Base64PayloadCheck(byte[] expected, int offset, int length) {
        this.expected = expected;
        this.expectedOffset = offset;
        this.expectedLength = length;
    }

    @Override
    public void accept(byte[] bytes, int offset, int length) throws IOException {
        int end = offset + length;
        int i = offset;
        while (i < end && !payloadEnded) {
            if (!inPayload) {
                markerMatched = bytes[i] == MARKER[markerMatched] ? markerMatched + 1
                        : bytes[i] == MARKER[0] ? 1 : 0;
                i++;
                if (markerMatched == MARKER.length) {
                    inPayload = true;
                }
                continue;
            }
            byte b = bytes[i++];
            if (b == '"') {
                payloadEnded = true;
                decodePending(true);
                return;
            }
            pending[pendingLength++] = b;
            if (pendingLength == pending.length) {
                decodePending(false);
            }
        }
    }

    /** Decodes the pending characters, keeping a trailing incomplete quartet unless this is the end. */
    private void decodePending(boolean last) throws IOException {
        int usable = last ? pendingLength : pendingLength - pendingLength % 4;
        if (usable == 0) {
            return;
        }
        ByteBuffer out;
        try {
            out = Base64.getDecoder().decode(ByteBuffer.wrap(pending, 0, usable));
        } catch (IllegalArgumentException e) {
            throw new IOException("payload is not base64: " + e.getMessage(), e);
        }
        int n = out.remaining();
        if (decoded + n > expectedLength) {
            mismatch = true;
        } else {
            int at = expectedOffset + (int) decoded;
            if (!ByteBuffer.wrap(expected, at, n).equals(out)) {
                mismatch = true;
            }
        }
        decoded += n;
        System.arraycopy(pending, usable, pending, 0, pendingLength - usable);
        pendingLength -= usable;
    }

    /** Whether the whole payload arrived and equals the blob. */
    public boolean matches() {
        return payloadEnded && !mismatch && decoded == expectedLength;
    }

    public long decodedBytes() {
        return decoded;
    }
}
