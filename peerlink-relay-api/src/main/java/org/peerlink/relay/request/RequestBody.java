package org.peerlink.relay.request;

import org.peerlink.core.json.JsObject;
import org.peerlink.core.json.JsValue;
import org.peerlink.core.json.JsonReader;
import org.peerlink.core.json.MalformedJsonException;

/** Turns a raw request body into the JSON object every relay write expects. */
public final class RequestBody {

    private RequestBody() {
    }

    /**
     * Parses {@code bytes}. An empty body counts as {@code {}}, as with the original's Express body parser, so a
     * bodiless write is answered with {@code missing <key>} rather than a parse error.
     *
     * @throws RelayRejection 400 {@code invalid json} when it is not JSON (or nested deeper than 64 levels),
     *                        400 {@code invalid body} when it is JSON but not an object
     */
    public static JsObject parse(byte[] bytes) {
        if (bytes.length == 0) {
            return JsObject.builder().build();
        }
        JsValue value;
        try {
            value = JsonReader.parse(bytes);
        } catch (MalformedJsonException e) {
            throw RelayRejection.badRequest("invalid json");
        }
        if (value instanceof JsObject object) {
            return object;
        }
        throw RelayRejection.badRequest("invalid body");
    }
}
