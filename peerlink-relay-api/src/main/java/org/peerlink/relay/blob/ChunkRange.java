package org.peerlink.relay.blob;

import org.peerlink.core.json.JsNumber;
import org.peerlink.core.json.JsValue;
import org.peerlink.relay.request.RelayRejection;

/** The contract's bounds on chunk numbers: integers with {@code 0 ≤ chunkIndex < totalChunks ≤ 10000}. */
public final class ChunkRange {

    public static final int MAX_CHUNKS = 10_000;

    private ChunkRange() {
    }

    /** @throws RelayRejection 400 {@code chunk range invalid} */
    public static int totalChunks(JsValue value) {
        int total = integer(value);
        if (total < 1 || total > MAX_CHUNKS) {
            throw invalid();
        }
        return total;
    }

    /** @throws RelayRejection 400 {@code chunk range invalid} */
    public static int chunkIndex(JsValue value, int totalChunks) {
        int index = integer(value);
        if (index < 0 || index >= totalChunks) {
            throw invalid();
        }
        return index;
    }

    private static int integer(JsValue value) {
        if (value instanceof JsNumber n && n.isFinite()) {
            double d = n.value();
            // Anything outside the int range fails the range checks anyway.
            if (d == Math.rint(d) && Math.abs(d) <= MAX_CHUNKS) {
                return (int) d;
            }
        }
        throw invalid();
    }

    private static RelayRejection invalid() {
        return RelayRejection.badRequest("chunk range invalid");
    }
}
