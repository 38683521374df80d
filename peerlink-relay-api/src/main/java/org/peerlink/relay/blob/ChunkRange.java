package org.peerlink.relay.blob;

import org.peerlink.core.json.JsNumber;
import org.peerlink.core.json.JsValue;
import org.peerlink.relay.RelayError;
import org.peerlink.relay.request.RelayRejection;

/** The contract's bounds on chunk numbers: integers with {@code 0 ≤ chunkIndex < totalChunks ≤ 10000}. */
public final class ChunkRange {

    public static final int MAX_CHUNKS = 10_000;

    private ChunkRange() {
    }

    /** Where a chunk goes: {@code index} of {@code total}. */
    public record Position(int index, int total) {
    }

    /**
     * A chunk's position, checked as the original checks it: both integers first, then the range.
     *
     * @throws RelayRejection 400 {@code invalid chunkIndex/totalChunks} unless both are integers,
     *                        400 {@code chunk range invalid} unless {@code 0 ≤ chunkIndex < totalChunks ≤ 10000}
     */
    public static Position chunk(JsValue chunkIndex, JsValue totalChunks) {
        if (!isInteger(chunkIndex) || !isInteger(totalChunks)) {
            throw RelayRejection.of(RelayError.INVALID_CHUNK_NUMBERS);
        }
        double index = ((JsNumber) chunkIndex).value();
        double total = ((JsNumber) totalChunks).value();
        if (index < 0 || total <= 0 || index >= total || total > MAX_CHUNKS) {
            throw RelayRejection.of(RelayError.CHUNK_RANGE_INVALID);
        }
        return new Position((int) index, (int) total);
    }

    /** @throws RelayRejection 400 {@code invalid totalChunks} unless it is an integer in 1..10000 */
    public static int totalChunks(JsValue totalChunks) {
        if (!isInteger(totalChunks) || ((JsNumber) totalChunks).value() <= 0
                || ((JsNumber) totalChunks).value() > MAX_CHUNKS) {
            throw RelayRejection.of(RelayError.INVALID_TOTAL_CHUNKS);
        }
        return (int) ((JsNumber) totalChunks).value();
    }

    /** JavaScript's {@code Number.isInteger}: a finite number without a fractional part ({@code 2.0} is one). */
    private static boolean isInteger(JsValue value) {
        return value instanceof JsNumber n && n.isFinite() && n.value() == Math.rint(n.value());
    }
}
