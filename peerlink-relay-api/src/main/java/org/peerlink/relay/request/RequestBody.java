package org.peerlink.relay.request;

import java.util.Arrays;

import org.peerlink.core.json.JsObject;
import org.peerlink.core.json.JsValue;
import org.peerlink.core.json.JsonReader;
import org.peerlink.core.json.MalformedJsonException;
import org.peerlink.relay.RelayError;

/** Turns a raw request body into the JSON object every relay write expects. */
public final class RequestBody {

    private RequestBody() {
    }

    /**
     * Parses {@code bytes} as JSON, whatever the request's {@code Content-Type} said (PROTOCOL.md §2.2); a leading
     * UTF-8 byte order mark is skipped.
     *
     * @throws RelayRejection 400 {@code invalid body} unless it is a JSON object: also for an empty body, text that
     *                        is not JSON, JSON nested deeper than 64 levels, {@code []} and {@code null}
     */
    public static JsObject parse(byte[] bytes) {
        JsValue value;
        try {
            value = bytes.length == 0 ? null : JsonReader.parse(withoutByteOrderMark(bytes));
        } catch (MalformedJsonException e) {
            value = null;
        }
        if (value instanceof JsObject object) {
            return object;
        }
        throw RelayRejection.of(RelayError.INVALID_BODY);
    }

    /** The original's body parser decodes the text and drops a leading byte order mark (U+FEFF) as it does. */
    private static byte[] withoutByteOrderMark(byte[] bytes) {
        boolean bom = bytes.length >= 3 && bytes[0] == (byte) 0xEF && bytes[1] == (byte) 0xBB && bytes[2] == (byte) 0xBF;
        return bom ? Arrays.copyOfRange(bytes, 3, bytes.length) : bytes;
    }
}
