package org.peerlink.relay;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;

/**
 * What the relay answers: a JSON body with a status. Bodies are always JSON objects; a transport maps the
 * status with {@link RelayStatus#httpStatus()} and sends the body as {@code application/json}.
 */
public sealed interface RelayResponse {

    RelayStatus status();

    /**
     * A body small enough to hold as text.
     *
     * @param headers HTTP headers a transport sends with it besides {@code Content-Type}, by name: {@code Allow} on a
     *                405, {@code Retry-After} on a 429, {@code Connection: close} on a 413
     */
    record Text(RelayStatus status, String json, Map<String, String> headers) implements RelayResponse {

        public Text {
            headers = Map.copyOf(headers);
        }

        public Text(RelayStatus status, String json) {
            this(status, json, Map.of());
        }
    }

    /**
     * A body written straight to the transport (a blob download: its base64 payload is encoded on the fly, so
     * memory does not grow with the blob). The length is not known in advance.
     */
    non-sealed interface Streamed extends RelayResponse {

        /** Writes the whole JSON body. Does not close {@code out}. */
        void writeTo(OutputStream out) throws IOException;
    }
}
