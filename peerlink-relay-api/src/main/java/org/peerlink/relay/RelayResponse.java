package org.peerlink.relay;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Optional;

/**
 * What the relay answers: a JSON body with a status. Bodies are always JSON objects; a transport maps the
 * status with {@link RelayStatus#httpStatus()} and sends the body as {@code application/json}.
 */
public sealed interface RelayResponse {

    RelayStatus status();

    /**
     * A body small enough to hold as text.
     *
     * @param allow for a 405, the method the path serves, which a transport sends as the {@code Allow} header
     */
    record Text(RelayStatus status, String json, Optional<String> allow) implements RelayResponse {

        public Text(RelayStatus status, String json) {
            this(status, json, Optional.empty());
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
