package org.peerlink.helidon.relay;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.OptionalLong;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import org.peerlink.core.encoding.WellFormedUtf8;
import org.peerlink.helidon.ReadDeadline;
import org.peerlink.relay.RelayError;

/**
 * A relay request's body, held to the body limit ({@code --body-limit}). A larger one is answered with 413
 * {@code payload too large} — and then, unlike Helidon's own limit, which closes the connection at once, what the
 * client still sends is read and dropped for a while ({@link ReadDeadline}) before the connection is closed. Most
 * clients write the whole body before they read: with the rest of it unread, the kernel resets the connection and
 * such a client sees a broken pipe instead of the 413 (the original reads the body to its end and answers).
 */
final class BoundedBody {

    private static final byte[] PAYLOAD_TOO_LARGE = WellFormedUtf8.encode(RelayError.PAYLOAD_TOO_LARGE.json());

    private BoundedBody() {
    }

    /**
     * The whole body of {@code req}. With a Content-Length the array is allocated once at its final size: a 20 MiB
     * chunk upload then costs 20 MiB, not the several times that a growing buffer and its final copy would, which
     * matters on a small heap.
     *
     * @throws CloseConnectionException once the 413 is sent, when the body is larger than {@code limit}
     */
    static byte[] read(ServerRequest req, ServerResponse res, int limit) {
        if (!req.content().hasEntity()) {
            return new byte[0];
        }
        OptionalLong length = req.headers().contentLength();
        InputStream in = req.content().inputStream();
        try {
            // a Content-Encoding makes the decoded length unknown
            if (length.isPresent() && !req.headers().contains(HeaderNames.CONTENT_ENCODING)) {
                if (length.getAsLong() > limit) {
                    throw tooLarge(req, res, in);
                }
                byte[] body = new byte[(int) length.getAsLong()];
                int read = in.readNBytes(body, 0, body.length);
                return read == body.length ? body : Arrays.copyOf(body, read);
            }
            byte[] body = in.readNBytes(limit + 1);
            if (body.length > limit) {
                throw tooLarge(req, res, in);
            }
            return body;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static CloseConnectionException tooLarge(ServerRequest req, ServerResponse res, InputStream in) {
        res.status(Status.REQUEST_ENTITY_TOO_LARGE_413)
                .header(HeaderValues.CONNECTION_CLOSE)
                .header(HeaderValues.CONTENT_TYPE_JSON)
                .send(PAYLOAD_TOO_LARGE);
        // A client waiting for "100 Continue" sends no body: there is nothing to wait for.
        if (!req.headers().containsToken(HeaderValues.EXPECT_100)) {
            discardRest(in);
        }
        return new CloseConnectionException("request body over the limit");
    }

    private static void discardRest(InputStream in) {
        byte[] buffer = new byte[64 * 1024];
        try (ReadDeadline deadline = ReadDeadline.linger()) {
            while (!deadline.expired() && in.read(buffer) >= 0) {
                // dropped
            }
        } catch (IOException | RuntimeException e) {
            // the end of the connection, or the deadline closed it: either way it is done
        }
    }
}
